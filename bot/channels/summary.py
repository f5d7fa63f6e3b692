"""The summary for the doctor, served by Rasa beside the other channels
(always on, no secret to set):

    GET /webhooks/summary/<token>       the page (HTML, with a print stylesheet)
    GET /webhooks/summary/<token>/pdf   the same as a PDF

The token (bot.summary.token) is checked, then the conversation is read
through the agent's tracker store, every visit of it, and must still hold
the token's nonce. A tampered, expired, unknown or deleted link gets the
same 404; a failure reading or rendering gets a 503 saying so, never a
crash page. Nothing is cached or indexed: the page is health data."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.conversation import Conversation
from bot.summary import build_summary, summary_html, summary_pdf
from bot.summary.build import Summary
from bot.summary.token import NONCE_SLOT, check_settings, configured_secret, nonce_matches, verify

logger = logging.getLogger(__name__)
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    "X-Content-Type-Options": "nosniff",
    # The page needs nothing but its own inline styles: no scripts, no frames around it.
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
}
NOT_FOUND = "This summary link is not valid: it may have expired or been deleted. Ask the assistant for a new one."
FAILED = "The summary could not be made just now. Please try again in a minute."


class SummaryInput(InputChannel):
    """Serves summaries; it takes no messages."""

    @classmethod
    def name(cls) -> str:
        return "summary"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        conversation = Conversation.load()  # at start: a data error stops the server there
        check_settings()
        secret = configured_secret()
        pages = Blueprint("twitch_summary", __name__)

        async def summary(request: Request, token: str) -> Summary | None:
            grant = verify(token, secret, time.time())
            if grant is None:
                return None
            tracker = await request.app.ctx.agent.tracker_store.retrieve_full_tracker(grant.conversation_id)
            if tracker is None or not nonce_matches(grant, tracker.get_slot(NONCE_SLOT)):
                return None
            events = [event.as_dict() for event in tracker.events]
            return build_summary(events, conversation.knowledge, conversation.texts)

        async def answer(request: Request, token: str, render: Callable[[Summary], HTTPResponse]) -> HTTPResponse:
            try:
                found = await summary(request, token)
                if found is None:
                    return response.text(NOT_FOUND, status=404, headers=HEADERS)
                return render(found)
            except Exception:
                logger.exception("A summary could not be made.")
                return response.text(FAILED, status=503, headers=HEADERS)

        @pages.route("/<token:str>", methods=["GET"])
        async def page(request: Request, token: str) -> HTTPResponse:
            return await answer(
                request, token, lambda found: response.html(summary_html(found, f"{token}/pdf"), headers=HEADERS)
            )

        @pages.route("/<token:str>/pdf", methods=["GET"])
        async def pdf(request: Request, token: str) -> HTTPResponse:
            return await answer(
                request,
                token,
                lambda found: response.raw(
                    summary_pdf(found),
                    content_type="application/pdf",
                    headers={**HEADERS, "Content-Disposition": 'inline; filename="twitch-summary.pdf"'},
                ),
            )

        return pages
