"""Effective channel credentials: credentials.yml with its ${VAR} (or
${VAR:-default}) references filled from the environment. A channel whose
required variables are not set is left off with one log line, instead of
Rasa failing the whole server. Plain Python, no Rasa."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

VARIABLE = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?P<default>[^}]*))?\}")


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _fill(value: Any, env: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        return VARIABLE.sub(lambda m: env.get(m.group("name")) or m.group("default") or "", value)
    if isinstance(value, Mapping):
        return {k: _fill(v, env) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, env) for v in value]
    return value


def channel_label(channel: str) -> str:
    """'bot.channels.slack.SlackInput' -> 'slack'."""
    return channel.rsplit(".", 1)[-1].replace("Input", "").lower() if "." in channel else channel


def resolve(credentials: Mapping[str, Any], env: Mapping[str, str]) -> tuple[dict[str, Any], list[str]]:
    """The channels to run, with their values filled in, and one line for
    each channel left off."""
    kept: dict[str, Any] = {}
    notes: list[str] = []
    for channel, config in credentials.items():
        missing = sorted(
            {
                m.group("name")
                for s in _strings(config)
                for m in VARIABLE.finditer(s)
                if m.group("default") is None and not env.get(m.group("name"))
            }
        )
        if missing:
            notes.append(f"The {channel_label(channel)} channel is off: set {', '.join(missing)} to turn it on.")
            continue
        kept[channel] = _fill(config, env)
    return kept, notes


def fill(
    channel: str, config: Mapping[str, Any] | None, env: Mapping[str, str]
) -> tuple[dict[str, Any] | None, str | None]:
    """One channel's credentials filled in, or None and the line saying
    which variables to set."""
    kept, notes = resolve({channel: config or {}}, env)
    return kept.get(channel), (notes[0] if notes else None)
