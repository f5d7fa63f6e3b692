"""A channel whose secrets are not set stays off, for every way of starting
Rasa. credentials.yml names Slack and Telegram with `${VAR}` references;
plain `rasa run` hands them over unfilled, and Rasa would fail the whole
server (Telegram's webhook set with the token "${TELEGRAM_TOKEN}"). Our
channels fill their credentials from the environment themselves
(bot.channels.credentials) and, when a secret is missing, become a
`ChannelOff`: one log line at start, and a webhook that answers 503 with
the same words, instead of a crash or a silent 404."""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.credentials import fill

logger = logging.getLogger(__name__)


class ChannelOff(InputChannel):
    """Stands where a channel would be, at the same address."""

    def __init__(self, name: str, note: str) -> None:
        self._name = name
        self.note = note

    def name(self) -> str:  # type: ignore[override]  # Rasa asks the instance for its address
        return self._name

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        off = Blueprint(f"twitch_{self._name}_off", __name__)

        @off.route("/", methods=["GET"])
        @off.route("/webhook", methods=["GET", "POST"])
        async def unavailable(request: Request) -> HTTPResponse:
            return response.json({"status": "off", "reason": self.note}, status=503)

        return off


def when_configured(
    channel: Any, credentials: dict[str, Any] | None, build: Callable[[dict[str, Any]], InputChannel]
) -> InputChannel:
    """`build(filled credentials)`, or a ChannelOff saying which variables
    to set."""
    filled, note = fill(channel.name(), credentials, os.environ)
    if filled is None:
        note = note or f"The {channel.name()} channel is off."
        logger.info(note)
        return ChannelOff(channel.name(), note)
    return build(filled)
