"""Summary links in the replies that offer one: the conversation's texts
say {link} and {days}; the action fills them in, since only it knows the
conversation's id (bot.conversation knows no addresses)."""

from __future__ import annotations

import os
import time
from dataclasses import replace

from bot.conversation import Turn

from .token import DAY_S, configured_secret, link_days, mint, new_nonce

PUBLIC_URL = "TWITCH_PUBLIC_URL"  # where people reach Rasa's webhooks
DEFAULT_PUBLIC_URL = "http://localhost:5005"
PATH = "/webhooks/summary/"  # bot.channels.summary serves it


def summary_url(token: str) -> str:
    return (os.environ.get(PUBLIC_URL) or DEFAULT_PUBLIC_URL).rstrip("/") + PATH + token


def with_links(
    turn: Turn, conversation_id: str, nonce: str | None, now: float | None = None
) -> tuple[Turn, str | None]:
    """The turn with its summary link filled in, and the conversation's
    nonce (a new one when it had none); the turn as it is when it offers
    no link."""
    if not any(reply.summary_link for reply in turn.replies):
        return turn, nonce
    nonce = nonce or new_nonce()
    days = link_days()
    expires = int((time.time() if now is None else now) + days * DAY_S)
    url = summary_url(mint(conversation_id, nonce, configured_secret(), expires))
    replies = tuple(
        replace(r, text=r.text.replace("{link}", url).replace("{days}", f"{days:g}")) if r.summary_link else r
        for r in turn.replies
    )
    return replace(turn, replies=replies), nonce
