"""Telegram for the twitch assistant: Rasa's channel (webhook, bot-name
check with `verify`), with buttons laid out one per row (inline keyboards,
whose taps come back as callback queries), messages in Telegram's HTML
(headings and the level in bold, bullets), the assessment payload kept out
(its messages say it all), a reply session that works after start-up, and
a configurable Bot API address (`api_url`, for a local stand-in in tests;
Telegram's own by default)."""

from __future__ import annotations

import asyncio
import html
from typing import Any, cast

from aiogram import Bot
from aiogram.bot.api import TELEGRAM_PRODUCTION, TelegramAPIServer
from aiogram.utils.exceptions import TelegramAPIError
from rasa.core.channels.channel import InputChannel
from rasa.core.channels.telegram import TelegramInput as RasaTelegramInput
from rasa.core.channels.telegram import TelegramOutput as RasaTelegramOutput
from rasa.shared.exceptions import RasaException

from bot.channels.off import when_configured
from bot.conversation.render import HEADINGS

HTML = "HTML"
BOLD_BEFORE = 40  # a bullet's lead-in up to its first ": " is bold when at most this long


def telegram_html(text: str) -> str:
    """Our plain text in Telegram's HTML: escaped; "My advice: ..." and
    headings (a line ending in ":") in bold; "- " bullets as "•", with a
    short lead-in ("Too much caffeine: ...") in bold."""
    return "\n".join(_html_line(html.escape(line, quote=False)) for line in text.split("\n"))


def _html_line(line: str) -> str:
    if line.startswith(HEADINGS["advice"]) or line.endswith(":"):
        return f"<b>{line}</b>"
    if line.startswith("- "):
        lead, colon, rest = line[2:].partition(": ")
        return f"• <b>{lead}</b>: {rest}" if colon and len(lead) <= BOLD_BEFORE else f"• {line[2:]}"
    return line


class TelegramOutput(RasaTelegramOutput):
    def __init__(self, access_token: str | None, api_url: str | None = None) -> None:
        server = TelegramAPIServer.from_base(api_url) if api_url else TELEGRAM_PRODUCTION
        Bot.__init__(self, access_token, server=server)

    async def send_text_with_buttons(
        self,
        recipient_id: str,
        text: str,
        buttons: list[dict[str, Any]],
        button_type: str | None = "vertical",
        **kwargs: Any,
    ) -> None:
        await super().send_text_with_buttons(recipient_id, text, buttons, button_type=button_type, **kwargs)

    async def send_message(self, chat_id: Any, text: str, **kwargs: Any) -> Any:
        """Every text the assistant says, in Telegram's HTML."""
        return await super().send_message(chat_id, telegram_html(text), **{**kwargs, "parse_mode": HTML})

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        if "assessment" in json_message:  # for machines; its messages were sent as text
            return
        await super().send_custom_json(recipient_id, json_message, **kwargs)


class TelegramInput(RasaTelegramInput):
    api_url: str | None = None

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """The channel, or a ChannelOff when its secrets are not set."""
        return when_configured(cls, credentials, cls._configured)

    @classmethod
    def _configured(cls, credentials: dict[str, Any]) -> TelegramInput:
        channel = cast(TelegramInput, super().from_credentials(credentials))  # cls(...), typed as any InputChannel
        channel.api_url = credentials.get("api_url") or None
        return channel

    async def _set_webhook(self) -> None:
        setter = TelegramOutput(self.access_token, self.api_url)
        try:
            await setter.set_webhook(url=self.webhook_url)
        finally:
            await setter.close()

    def get_output_channel(self) -> TelegramOutput:
        # Rasa sets the webhook with the serving bot inside asyncio.run(), which
        # leaves that bot's HTTP session bound to a closed event loop (every
        # later reply fails); a throwaway bot sets it here instead.
        try:
            asyncio.run(self._set_webhook())
        except TelegramAPIError as error:
            raise RasaException(f"Failed to set channel webhook: {error}") from error
        return TelegramOutput(self.access_token, self.api_url)
