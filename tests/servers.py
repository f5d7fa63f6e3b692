"""Start the trained model and the action server as real processes and talk
to them over HTTP, as the website, Slack or Telegram would. Every channel
of credentials.yml is on: Slack and Telegram talk to local stand-ins of
their APIs (tests/standins.py)."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.paths import VENV_BIN
from tests.standins import StandIn, TelegramBot, slack_api, telegram_api

SLACK_SIGNING_SECRET = "test-signing-secret"
API_TOKEN = "test-api-token"
TELEGRAM_TOKEN = "123456789:TEST-token-for-the-stand-in"
SUMMARY_SECRET = "test-summary-secret"  # tests mint their own summary tokens with it

READY_TIMEOUT_S = 240


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_json(method: str, url: str, body: Any = None, timeout: float = 30) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read() or b"null")


@dataclass
class Assistant:
    url: str
    action_url: str
    slack: StandIn
    telegram: StandIn
    telegram_bot: TelegramBot
    log: Path
    database: Path  # the SQLite tracker store
    workdir: Path
    page_port: int  # the chat page's port: its origin is the one CORS allows
    processes: dict[str, subprocess.Popen]

    def say(self, sender: str, text: str) -> list[dict[str, Any]]:
        """Send a message through the REST channel; the bot's replies."""
        return http_json("POST", f"{self.url}/webhooks/rest/webhook", {"sender": sender, "message": text})

    def parse(self, text: str) -> dict[str, Any]:
        """What the NLU makes of a message (POST /model/parse)."""
        return http_json("POST", f"{self.url}/model/parse?token={API_TOKEN}", {"text": text})

    def tracker(self, sender: str) -> dict[str, Any]:
        return http_json("GET", f"{self.url}/conversations/{sender}/tracker?token={API_TOKEN}")


def _wait_ready(url: str, processes: dict[str, subprocess.Popen], logs: dict[str, Path]) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        for name, process in processes.items():
            if process.poll() is not None:
                pytest.fail(f"{name} exited with {process.returncode}:\n{logs[name].read_text()[-3000:]}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    pytest.fail(f"{url} not ready after {READY_TIMEOUT_S} s")


@contextlib.contextmanager
def start_assistant(root: Path, workdir: Path, database: Path | None = None) -> Iterator[Assistant]:
    """Both servers on free ports; conversations in `database` (a SQLite
    file, default one in `workdir`)."""
    model = root / "models" / "twitch.tar.gz"
    if not model.exists():
        pytest.fail(f"no trained model at {model}: run `make train` (make test does)")
    workdir.mkdir(parents=True, exist_ok=True)
    action_port, rasa_port, page_port = free_port(), free_port(), free_port()
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n'
        "tracker_store:\n  type: bot.storage.ConversationStore\n"
    )
    database, scratch = database or workdir / "conversations.db", workdir / "tmp"
    scratch.mkdir(exist_ok=True)
    slack, bot = slack_api(), TelegramBot()
    telegram = telegram_api(bot)
    env = {
        **os.environ,
        "RASA_TELEMETRY_ENABLED": "false",
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SLACK_SIGNING_SECRET,
        "SLACK_API_URL": f"{slack.url}/api/",
        "TELEGRAM_TOKEN": TELEGRAM_TOKEN,
        "TELEGRAM_BOT_NAME": bot.username,
        "TELEGRAM_API_URL": telegram.url,
        "TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{rasa_port}/webhooks/telegram/webhook",
        "SANIC_KEEP_ALIVE_TIMEOUT": "75",  # as scripts/with-actions (why: there)
        "TWITCH_API_TOKEN": API_TOKEN,
        "TWITCH_SUMMARY_SECRET": SUMMARY_SECRET,
        "TWITCH_PUBLIC_URL": f"http://127.0.0.1:{rasa_port}",  # summary links point at this server
        "TWITCH_TRACKER_DB": str(database),
        "TMPDIR": str(scratch),
    }
    logs = {"action server": workdir / "actions.log", "rasa": workdir / "rasa.log"}
    commands = {
        "action server": [
            str(VENV_BIN / "python"),
            "-m",
            "rasa_sdk",
            "--actions",
            "actions",
            "--port",
            str(action_port),
        ],
        "rasa": [
            str(VENV_BIN / "python"),
            "-m",
            "bot.channels.serve",
            "--enable-api",
            "-m",
            str(model),
            "--port",
            str(rasa_port),
            "--endpoints",
            str(endpoints),
            "--cors",
            f"http://127.0.0.1:{page_port}",
        ],
    }
    processes: dict[str, subprocess.Popen] = {}
    try:
        for name, command in commands.items():
            processes[name] = subprocess.Popen(
                command, cwd=root, env=env, stdout=logs[name].open("w"), stderr=subprocess.STDOUT
            )
        _wait_ready(f"http://127.0.0.1:{action_port}/health", processes, logs)
        _wait_ready(f"http://127.0.0.1:{rasa_port}/status?token={API_TOKEN}", processes, logs)
        yield Assistant(
            f"http://127.0.0.1:{rasa_port}",
            f"http://127.0.0.1:{action_port}",
            slack,
            telegram,
            bot,
            logs["rasa"],
            database,
            workdir,
            page_port,
            processes,
        )
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        slack.close()
        telegram.close()
