"""Findings: the slots of the assessment contract, validated and normalised.

`Findings.from_slots` accepts what a tracker or a client holds (lists, a
lone string, None, numeric strings) and rejects what it cannot trust with a
`FindingsError` that names the slot and the value.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

ONSETS = ("sudden", "gradual")
# A sign's own onset may also be "unknown": asked about, and still not known
# (the contract's `onset` slot stays sudden or gradual).
UNKNOWN_ONSET = "unknown"
SIGN_ONSETS = ONSETS + (UNKNOWN_ONSET,)
OPEN_ONSETS = (None, UNKNOWN_ONSET)  # a sign's onset still open to an answer

# The kinds of finding, each with the contract slots of its affirmed and its
# denied ids (a place is never denied). Every list of kinds derives from it.
FINDING_SLOTS = {
    "symptom": ("symptoms", "denied_symptoms"),
    "body_part": ("body_parts", None),
    "exposure": ("exposures", "denied_exposures"),
}
FINDING_KINDS = tuple(FINDING_SLOTS)
DENIABLE_KINDS = tuple(kind for kind, (_, denied) in FINDING_SLOTS.items() if denied)
SIGN_KINDS = ("symptom", "body_part")  # what a warning sign is: a symptom, or a place (the tongue)
UNNAMED_SIGN = "unspecified_red_flag"  # the symptom of a warning sign the person will not name
# slot name -> vocabulary kind of its ids
ID_SLOTS = {slot: kind for kind, slots in FINDING_SLOTS.items() for slot in slots if slot}
AFFIRMED_SLOTS = tuple(affirmed for affirmed, _ in FINDING_SLOTS.values())
# The NLU's entities: the contract's, then this project's extensions.
ENTITY_KINDS = FINDING_KINDS + ("duration", "onset")
WARNING_SIGN = "warning_sign"  # a sign the safety net found in words the lexicon lacks
INPUT_PROBLEM = "input_problem"  # why a message could not be used (bot.nlu.input_check)


class FindingsError(ValueError):
    """A slot value that is not part of the assessment contract."""


@dataclass(frozen=True)
class Findings:
    symptoms: frozenset = frozenset()
    denied_symptoms: frozenset = frozenset()
    body_parts: frozenset = frozenset()
    duration_days: float | None = None
    exposures: frozenset = frozenset()
    denied_exposures: frozenset = frozenset()
    onset: str | None = None
    onsets: Mapping[str, str] = field(default_factory=dict)  # symptom -> its own onset, where known

    def onset_of(self, symptom: str) -> str | None:
        """How this symptom began: its own onset, else the case's (which
        also beats an own onset that is unknown)."""
        own = self.onsets.get(symptom)
        return self.onset if own in OPEN_ONSETS and self.onset else own

    @classmethod
    def from_slots(cls, slots: Mapping[str, Any], vocabulary: Mapping[str, Mapping[str, str]]) -> Findings:
        """Build findings from contract slots; other keys are ignored.

        A finding both affirmed and denied counts as affirmed: a red flag is
        never dropped because of an earlier denial.
        """
        ids = {slot: _ids(slots.get(slot), slot, vocabulary[kind]) for slot, kind in ID_SLOTS.items()}
        return cls(
            symptoms=ids["symptoms"],
            denied_symptoms=ids["denied_symptoms"] - ids["symptoms"],
            body_parts=ids["body_parts"],
            duration_days=_duration(slots.get("duration_days")),
            exposures=ids["exposures"],
            denied_exposures=ids["denied_exposures"] - ids["exposures"],
            onset=_onset(slots.get("onset")),
            onsets=_onsets(slots.get("onsets"), vocabulary["symptom"]),
        )

    def affirmed(self, kind: str) -> frozenset:
        return getattr(self, FINDING_SLOTS[kind][0])

    def denied(self, kind: str) -> frozenset:
        slot = FINDING_SLOTS[kind][1]
        return getattr(self, slot) if slot else frozenset()


def _ids(value: Any, slot: str, known: Mapping[str, str]) -> frozenset:
    if value is None:
        return frozenset()
    values: Iterable[Any] = [value] if isinstance(value, str) else value
    try:
        found = frozenset(values)
    except TypeError:
        raise FindingsError(f"slot '{slot}': expected a list of ids, got {value!r}") from None
    unknown = sorted(str(v) for v in found if v not in known)
    if unknown:
        raise FindingsError(f"slot '{slot}': unknown id(s) {', '.join(unknown)}")
    return found


def _duration(value: Any) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise FindingsError(f"slot 'duration_days': expected a number of days, got {value!r}")
    try:
        days = float(value)
    except (TypeError, ValueError):
        raise FindingsError(f"slot 'duration_days': expected a number of days, got {value!r}") from None
    if not math.isfinite(days) or days < 0:
        raise FindingsError(f"slot 'duration_days': expected a non-negative number of days, got {value!r}")
    return days


def _word(value: Any) -> str:
    return "" if value is None else str(value).strip().lower()


def _onset(value: Any) -> str | None:
    onset = _word(value)
    if onset in ("", UNKNOWN_ONSET):  # the contract's slot: unknown is no onset
        return None
    if onset not in ONSETS:
        raise FindingsError(f"slot 'onset': expected one of {', '.join(ONSETS)}, got {value!r}")
    return onset


def _onsets(value: Any, known: Mapping[str, str]) -> Mapping[str, str]:
    """The extension slot `onsets`: {symptom id: sudden, gradual or unknown}."""
    if not value:
        return {}
    if not isinstance(value, Mapping):
        raise FindingsError(f"slot 'onsets': expected a mapping of symptom ids to onsets, got {value!r}")
    onsets = {}
    for symptom, onset in value.items():
        if symptom not in known:
            raise FindingsError(f"slot 'onsets': unknown symptom id {symptom!r}")
        own = _word(onset)
        if own == UNKNOWN_ONSET or _onset(own):
            onsets[symptom] = own
    return onsets


def describe_days(days: float) -> str:
    """Plain words for a duration: '12 hours', '3 days', '1 day'."""
    if days < 1:
        hours = max(1, round(days * 24))
        return f"{hours} hour{'s' if hours != 1 else ''}"
    whole = round(days)
    return f"{whole} day{'s' if whole != 1 else ''}"
