"""Rasa's REST channel, safe to retry: a message sent with a `message_id`
is handled once. Sent again (its reply was lost, or the server handling it
was killed mid-turn and the load balancer passed the retry to another), it
gets the replies stored the first time instead of a second turn. The check
runs under the conversation's lock, so a retry racing the original waits
for it.

    POST /webhooks/rest/webhook {"sender": "...", "message": "...", "message_id": "..."}

A request that fails answers 500 (Rasa's channel answers 200 with no
reply), and the message text is never logged. A custom action that fails
is Rasa's to handle: it stores the turn without a reply, so a retry gets
none either."""

from __future__ import annotations

import logging
from asyncio import CancelledError
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)


def stored_replies(events: list[Any], message_id: str, text: str | None) -> list[dict[str, Any]] | None:
    """The replies given to the message with this id and text, None if it
    was never handled (events: the conversation's tracker events). An id
    sent again with other words (a client that reuses ids) is a new message."""
    replies: list[dict[str, Any]] | None = None
    for event in events:
        if isinstance(event, UserUttered):
            if replies is not None:
                break
            if event.message_id == message_id and event.text == text:
                replies = []
        elif isinstance(event, BotUttered) and replies is not None:
            replies.append(event.message())  # what the processor sent the first time
    return replies


class RestInput(RasaRestInput):
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("custom_webhook_TwitchRestInput", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            collector = CollectingOutputChannel()
            sender_id = await self._extract_sender(request)
            message_id = (request.json or {}).get("message_id")
            message = UserMessage(
                self._extract_message(request),
                collector,
                sender_id,
                input_channel=self._extract_input_channel(request),
                metadata=self.get_metadata(request),
                message_id=str(message_id) if message_id else None,
            )
            try:
                if message.message_id:
                    await _once(request.app.ctx.agent, message, collector)
                else:
                    await on_new_message(message)
            except CancelledError:
                logger.error("A REST message timed out (conversation %s).", sender_id)
                return response.json({"error": "timed out"}, status=503)
            except Exception:
                logger.exception("A REST message failed (conversation %s).", sender_id)
                return response.json({"error": "the message could not be handled"}, status=500)
            return response.json(collector.messages)

        return webhook


async def _once(agent: Any, message: UserMessage, collector: CollectingOutputChannel) -> None:
    """Handle the message unless its id was handled before; then repeat
    the replies stored for it. Agent.handle_message does the same work
    under the same lock, without the check."""
    async with agent.lock_store.lock(message.sender_id):
        tracker = await agent.tracker_store.retrieve(message.sender_id)
        replies = stored_replies(tracker.events, message.message_id, message.text) if tracker else None
        if replies is None:
            await agent.processor.handle_message(message)
            return
        for reply in replies:
            await collector.send_response(message.sender_id, reply)
