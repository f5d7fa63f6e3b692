"""Socket.IO (the website widget) for the twitch assistant: Rasa's channel,
except that a custom payload reaches the widget as the message itself.
Rasa 3.6 passes it as keyword arguments of emit(), which fails for any
payload such as {"assessment": ...}; its blueprint builds the output
channel from the module's SocketIOOutput name, so that name is pointed at
the fixed class."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import rasa.core.channels.socketio as rasa_socketio
from sanic import Blueprint


class SocketIOOutput(rasa_socketio.SocketIOOutput):
    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        await self._send_message(recipient_id, dict(json_message))


class SocketIOInput(rasa_socketio.SocketIOInput):
    def blueprint(self, on_new_message: Callable) -> Blueprint:
        rasa_socketio.SocketIOOutput = SocketIOOutput  # type: ignore[misc]  # the module docstring says why
        return super().blueprint(on_new_message)

    def get_output_channel(self) -> Any:
        rasa_socketio.SocketIOOutput = SocketIOOutput  # type: ignore[misc]  # the module docstring says why
        return super().get_output_channel()
