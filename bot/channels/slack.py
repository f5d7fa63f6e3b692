"""Slack (Events API) for the twitch assistant: Rasa's channel, with
replies in the message's thread, the assessment in Block Kit built from its
payload (the level in a header, its colour on the bar beside the rest, a
context line with the disclaimer), choices as Block Kit buttons (their
clicks come back to the same webhook as interactive payloads, signed like
events), text escaped for Slack's mrkdwn, and a configurable Web API
address (`slack_api_url`, for a local stand-in in tests; Slack's own by
default). Rasa verifies every request's signature with
`slack_signing_secret`.

Block Kit's limits are kept by construction: at most 50 blocks, 3000
characters in a section's text, 150 in a header, 25 buttons of 75."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

from rasa.core.channels.channel import InputChannel
from rasa.core.channels.slack import SlackBot
from rasa.core.channels.slack import SlackInput as RasaSlackInput
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.off import when_configured
from bot.conversation.render import HEADINGS, capital

MAX_BLOCKS = 50  # in a message, its attachments' included
TEXT_CHARS = 3000  # a section's or a context element's text
HEADER_CHARS = 150
MAX_BUTTONS = 25  # in an actions block
BUTTON_CHARS = 75
VALUE_CHARS = 2000  # a button's value
MORE = "…"
UNSURE = "Warning signs not yet ruled out:"  # the payload's unscreened_red_flags


def escaped(text: str) -> str:
    """Text for Slack's mrkdwn: the three characters Slack reads as markup, escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cut(text: str, limit: int) -> str:
    """At most `limit` characters; an escape (`&amp;`) is never cut in two."""
    return text if len(text) <= limit else re.sub(r"&\w*$", "", text[: limit - len(MORE)]).rstrip() + MORE


def _sections(heading: str, lines: Iterable[str]) -> list[dict[str, Any]]:
    """A heading and its lines (mrkdwn) in as few sections as fit Slack's
    3000 characters each; a line longer than that alone is cut."""
    texts = [f"*{heading}*"]
    for line in (_cut(line, TEXT_CHARS) for line in lines):
        if len(texts[-1]) + 1 + len(line) <= TEXT_CHARS:
            texts[-1] += "\n" + line
        else:
            texts.append(line)
    return [{"type": "section", "text": {"type": "mrkdwn", "text": text}} for text in texts]


def _finding(record: Mapping[str, Any]) -> str:
    """One item of a cause's evidence in words, the person's own where we have them."""
    label = escaped(str(record.get("label", "")))
    if record.get("kind") == "duration":
        return f"it has lasted {label}"
    if record.get("denied"):
        return f"you said no {label}"
    if record.get("kind") == "body_part":
        return f"it fits twitching in the {label}"
    quote = record.get("quote")
    return f"you said “{escaped(str(quote))}”" if quote else f"you mentioned {label}"


def _cause(cause: Mapping[str, Any]) -> str:
    name = escaped(capital(str(cause.get("name") or cause.get("id", ""))))
    evidence = ", ".join(_finding(r) for r in cause.get("evidence_details", []))
    return f"• *{name}*" + (f": {evidence}" if evidence else "")


def _bullets(items: Iterable[str]) -> list[str]:
    return [f"• {escaped(item)}" for item in items]


def slack_blocks(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The assessment of a `custom` payload (docs/spec/assessment-contract.md)
    as chat.postMessage arguments: the level in a header block, the rest in
    an attachment of the level's colour (Slack shows colour only there):
    what to do and why, the causes with the person's own words, self-care,
    the tests to ask about, the warning signs not yet ruled out, when to get
    help sooner, and a context line with the disclaimer; `text` for
    notifications."""
    a = payload.get("assessment", {})
    level = {"label": str(a.get("triage_level", "")).replace("_", " "), **a.get("level", {})}
    summary = str(level.get("summary") or capital(level["label"]))
    body = [
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": _cut(escaped(f"*{summary}*\n{level.get('advice', '')}"), TEXT_CHARS)},
        }
    ]
    if a.get("reasons"):
        body += _sections(HEADINGS["why"], _bullets(a["reasons"]))
    causes = a.get("causes", [])[: a.get("causes_explained", len(a.get("causes", [])))]
    if causes:
        body += _sections(HEADINGS["causes"], map(_cause, causes))
    if a.get("self_care"):
        body += _sections(HEADINGS["to_do"], _bullets(a["self_care"]))
    tests = [t.get("detail") or t.get("name") for t in a.get("test_details", [])] or a.get("tests", [])
    if tests:
        body += _sections(HEADINGS["tests"], _bullets(tests))
    unsure = [r.get("label") or r.get("id") for r in a.get("unscreened_red_flags", [])]
    # When to get help sooner is kept whole, whatever else a message too long must lose.
    sooner: list[dict[str, Any]] = []
    if unsure:
        advice = str(a.get("unscreened_advice", ""))
        sooner += _sections(
            UNSURE,
            [escaped(", ".join(unsure) + "."), escaped(f"If you have any of them: {advice[:1].lower()}{advice[1:]}")],
        )
    if a.get("more_urgent_if"):
        sooner += _sections(HEADINGS["sooner"], _bullets(a["more_urgent_if"]))
    header = {"type": "header", "text": {"type": "plain_text", "text": _cut(capital(level["label"]), HEADER_CHARS)}}
    context = {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": _cut(escaped(a.get("disclaimer", "")), TEXT_CHARS)}],
    }
    room = MAX_BLOCKS - 2  # the header and the disclaimer always
    sooner = sooner[:room]
    attachment: dict[str, Any] = {"blocks": body[: room - len(sooner)] + sooner + [context]}
    if level.get("colour"):
        attachment["color"] = level["colour"]
    return {"text": escaped(f"{HEADINGS['advice']} {summary}"), "blocks": [header], "attachments": [attachment]}


def slack_buttons(text: str, buttons: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """A question and its choices as chat.postMessage arguments: the text
    in a section, the choices as buttons whose value comes back on a click."""
    section = {"type": "section", "text": {"type": "mrkdwn", "text": _cut(escaped(text), TEXT_CHARS)}}
    actions = {
        "type": "actions",
        "elements": [
            {
                "type": "button",
                "text": {"type": "plain_text", "text": _cut(str(b["title"]), BUTTON_CHARS)},
                "value": str(b["payload"])[:VALUE_CHARS],
            }
            for b in buttons[:MAX_BUTTONS]
        ],
    }
    return {"text": escaped(text), "blocks": [section, actions] if buttons else [section]}


class SlackOutput(SlackBot):
    def __init__(
        self,
        token: str,
        slack_channel: str | None = None,
        thread_id: str | None = None,
        proxy: str | None = None,
        api_url: str | None = None,
    ) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        if api_url:
            self.client = AsyncWebClient(token, base_url=api_url, proxy=proxy)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await super().send_text_message(recipient_id, escaped(text), **kwargs)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        # Rasa's own drops every button beyond five (a limit of Slack's old attachments, not of Block Kit).
        await self._post_message(channel=self.slack_channel or recipient_id, **slack_buttons(text, buttons))

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        if "assessment" in json_message:  # sent in place of the assessment's messages (bot/conversation/delivery.py)
            await self._post_message(channel=self.slack_channel or recipient_id, **slack_blocks(json_message))
            return
        await super().send_custom_json(recipient_id, json_message, **kwargs)


class SlackInput(RasaSlackInput):
    api_url: str | None = None

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """The channel, or a ChannelOff when its secrets are not set."""
        return when_configured(cls, credentials, cls._configured)

    @classmethod
    def _configured(cls, credentials: dict[str, Any]) -> SlackInput:
        channel = cast(SlackInput, super().from_credentials(credentials))  # cls(...), typed as any InputChannel
        channel.api_url = credentials.get("slack_api_url") or None
        return channel

    def get_output_channel(self, channel: str | None = None, thread_id: str | None = None) -> SlackOutput:
        return SlackOutput(self.slack_token, channel or self.slack_channel, thread_id, self.proxy, self.api_url)
