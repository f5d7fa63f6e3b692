"""Socket.IO (the website widget) for the twitch assistant: Rasa's channel,
except that our text reaches the widget as the Markdown it renders (see
`web_markdown`) and a custom payload reaches it as the message itself.
Rasa 3.6 passes it as keyword arguments of emit(), which fails for any
payload such as {"assessment": ...}; its blueprint builds the output
channel from the module's SocketIOOutput name, so that name is pointed at
the fixed class."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import rasa.core.channels.socketio as rasa_socketio
from sanic import Blueprint

# Markdown's marks anywhere in a line, and what starts a list, heading or quote at its start.
INLINE_MARKS = re.compile(r"([\\`*_\[\]])")
LINE_START_MARK = re.compile(r"^(\s*\d*)([-+#>.)])")
# A web address (a summary link): kept whole as an autolink; escaping its "_" would break it.
URL = re.compile(r"(https?://[^\s<>]*[^\s<>.,;:!?)\]])")


def web_markdown(text: str) -> str:
    """Our plain text as the widget's Markdown shows it: each line on its
    own (a hard break: in Markdown, a line after a "- " item would join the
    item), "- " bullets as "•", Markdown's marks in the text (a person's
    quoted words too) escaped, web addresses as links. Blank lines stay: Rasa sends each part
    between them as a message of its own."""
    lines = [_markdown_line(line) for line in text.split("\n")]
    return "\n".join(
        f"{line}  " if line and after else line for line, after in zip(lines, lines[1:] + [""], strict=True)
    )


def _markdown_line(line: str) -> str:
    bullet = line.startswith("- ")
    parts = URL.split(line[2:] if bullet else line)  # odd parts are addresses
    line = "".join(f"<{part}>" if i % 2 else INLINE_MARKS.sub(r"\\\1", part) for i, part in enumerate(parts))
    line = LINE_START_MARK.sub(r"\1\\\2", line)
    return f"• {line}" if bullet else line


class SocketIOOutput(rasa_socketio.SocketIOOutput):
    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await super().send_text_message(recipient_id, web_markdown(text), **kwargs)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await super().send_text_with_buttons(recipient_id, web_markdown(text), buttons, **kwargs)

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        await self._send_message(recipient_id, dict(json_message))


class SocketIOInput(rasa_socketio.SocketIOInput):
    def blueprint(self, on_new_message: Callable) -> Blueprint:
        rasa_socketio.SocketIOOutput = SocketIOOutput  # type: ignore[misc]  # the module docstring says why
        return super().blueprint(on_new_message)

    def get_output_channel(self) -> Any:
        rasa_socketio.SocketIOOutput = SocketIOOutput  # type: ignore[misc]  # the module docstring says why
        return super().get_output_channel()
