"""Slack (Events API) for the twitch assistant: Rasa's channel, with
replies in the message's thread, the assessment payload kept out of Slack
(its text says it all), and a configurable Web API address (`slack_api_url`,
for a local stand-in in tests; Slack's own by default). Rasa verifies the
request signature with `slack_signing_secret`."""

from __future__ import annotations

from typing import Any, cast

from rasa.core.channels.channel import InputChannel
from rasa.core.channels.slack import SlackBot
from rasa.core.channels.slack import SlackInput as RasaSlackInput
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.off import when_configured


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

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        if "assessment" in json_message:  # for machines; the same message's text was posted
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
