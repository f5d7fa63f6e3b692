"""Local stand-ins for Slack's Web API and Telegram's Bot API: they answer
like the real services and record every call, so channel tests run
offline against the real Rasa server."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class StandIn:
    """An HTTP server on a free loopback port; `answer(path, body)` gives
    the JSON reply, and every call is kept in `calls`."""

    def __init__(self, answer: Callable[[str, dict[str, Any]], dict[str, Any]]) -> None:
        self.calls: list[dict[str, Any]] = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                kind = self.headers.get("Content-Type", "")
                if "json" in kind:
                    body = json.loads(raw or "{}")
                else:
                    body = {k: v[0] for k, v in urllib.parse.parse_qs(raw).items()}
                    body.update(
                        {k: v[0] for k, v in urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query).items()}
                    )
                path = urllib.parse.urlparse(self.path).path
                stand_in.calls.append({"path": path, "body": body})
                reply = json.dumps(answer(path, body)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            do_GET = do_POST = _handle

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, predicate: Callable[[dict[str, Any]], bool], timeout: float = 30) -> list[dict[str, Any]]:
        """Calls matching the predicate, waiting until there is one."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [c for c in list(self.calls) if predicate(c)]
            if found:
                return found
            time.sleep(0.1)
        return []

    def close(self) -> None:
        self.server.shutdown()


def slack_api() -> StandIn:
    def answer(path: str, body: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "channel": body.get("channel"), "ts": f"{time.time():.6f}"}

    return StandIn(answer)


class TelegramBot:
    """Who the stand-in says the bot is (getMe); a test may change it."""

    username = "twitch_test_bot"


def telegram_api(bot: TelegramBot) -> StandIn:
    def answer(path: str, body: dict[str, Any]) -> dict[str, Any]:
        method = path.rsplit("/", 1)[-1]
        if method == "getMe":
            return {
                "ok": True,
                "result": {"id": 4242, "is_bot": True, "first_name": "Twitch", "username": bot.username},
            }
        if method == "sendMessage":
            return {
                "ok": True,
                "result": {
                    "message_id": int(time.time() * 1000) % 100000,
                    "date": int(time.time()),
                    "chat": {"id": int(body.get("chat_id", 0)), "type": "private"},
                    "text": body.get("text", ""),
                },
            }
        return {"ok": True, "result": True}

    return StandIn(answer)
