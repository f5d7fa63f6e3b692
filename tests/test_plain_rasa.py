"""Rasa's own commands, as its documentation gives them, in this checkout
with no secret set: `rasa data validate`, and `rasa run actions` beside
`rasa run` (Slack and Telegram stay off and say so; the REST channel
answers)."""
from __future__ import annotations

import os
import subprocess
import urllib.error
from pathlib import Path

import pytest

from tests.paths import RASA, ROOT
from tests.servers import _wait_ready, free_port, http_json

pytestmark = pytest.mark.servers

SECRETS = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL", "TELEGRAM_TOKEN", "TELEGRAM_BOT_NAME",
           "TELEGRAM_WEBHOOK_URL", "TELEGRAM_API_URL", "TWITCH_API_TOKEN")


def no_secrets(tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in SECRETS}
    return {**env, "RASA_TELEMETRY_ENABLED": "false", "TWITCH_TRACKER_DB": str(tmp_path / "conversations.db")}


def test_rasa_data_validate_passes(tmp_path):
    result = subprocess.run([RASA, "data", "validate"], cwd=ROOT, env=no_secrets(tmp_path), capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_plain_rasa_run_serves_rest_and_keeps_channels_without_secrets_off(tmp_path):
    env = no_secrets(tmp_path)
    action_port, rasa_port = free_port(), free_port()
    endpoints = tmp_path / "endpoints.yml"  # endpoints.yml with this test's action server port
    endpoints.write_text((ROOT / "endpoints.yml").read_text().replace("localhost:5055", f"localhost:{action_port}"))
    logs = {"action server": tmp_path / "actions.log", "rasa": tmp_path / "rasa.log"}
    commands = {"action server": [RASA, "run", "actions", "--port", str(action_port)],
                "rasa": [RASA, "run", "--port", str(rasa_port), "--endpoints", str(endpoints)]}
    processes = {name: subprocess.Popen(command, cwd=ROOT, env=env, stdout=logs[name].open("w"),
                                        stderr=subprocess.STDOUT) for name, command in commands.items()}
    try:
        _wait_ready(f"http://127.0.0.1:{action_port}/health", processes, logs)
        _wait_ready(f"http://127.0.0.1:{rasa_port}/", processes, logs)
        url = f"http://127.0.0.1:{rasa_port}"
        replies = http_json("POST", f"{url}/webhooks/rest/webhook", {"sender": "plain", "message": "hello"})
        assert "not a doctor" in replies[0]["text"]
        log = logs["rasa"].read_text()
        assert "The slack channel is off: set SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET to turn it on." in log
        assert "The telegram channel is off: set TELEGRAM_BOT_NAME, TELEGRAM_TOKEN, TELEGRAM_WEBHOOK_URL" in log
        for channel, variable in (("slack", "SLACK_BOT_TOKEN"), ("telegram", "TELEGRAM_TOKEN")):
            with pytest.raises(urllib.error.HTTPError) as off:
                http_json("POST", f"{url}/webhooks/{channel}/webhook", {"anything": 1})
            assert off.value.code == 503 and variable in off.value.read().decode()
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            process.wait(timeout=30)
