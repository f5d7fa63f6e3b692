"""What each channel is sent of a turn's replies. Most get every text, with
the payload where they can take it; Slack shows the assessment from its
payload (Block Kit, bot/channels/slack.py), so it gets that payload alone
instead of the assessment's messages, and the texts of everything else."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .turns import Reply

# `rasa shell` prints a custom payload as a raw JSON dump after the text,
# which already says everything the payload holds.
TEXT_ONLY_CHANNELS = {"cmdline"}
# Channels that show the assessment from its payload, in place of its messages.
PAYLOAD_CHANNELS = {"slack"}


@dataclass(frozen=True)
class Outgoing:
    text: str | None
    buttons: tuple[str, ...] = ()
    custom: dict[str, Any] | None = None


def for_channel(replies: Iterable[Reply], channel: str | None) -> list[Outgoing]:
    """The messages to send on `channel` (Rasa's input channel name)."""
    if channel in PAYLOAD_CHANNELS:
        return [
            Outgoing(None, custom=r.custom) if r.assessment else Outgoing(r.text, r.buttons)
            for r in replies
            if r.custom or not r.assessment
        ]
    with_payload = channel not in TEXT_ONLY_CHANNELS
    return [Outgoing(r.text, r.buttons, r.custom if with_payload else None) for r in replies]
