"""Rasa's own commands, as its documentation gives them, in this checkout
with no secret set: `rasa data validate`; `rasa run actions` beside `rasa
run` (Slack and Telegram stay off and say so; the REST channel answers),
beside `rasa shell` and beside `rasa interactive` (both driven in a
terminal); and `rasa test`, which reads every test story under the project
(so the virtualenv lives outside it: scripts/venv-path)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import stat
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.paths import RASA, ROOT
from tests.servers import _wait_ready, free_port, http_json
from tests.terminal import Terminal

pytestmark = pytest.mark.servers

MODEL = ROOT / "models" / "twitch.tar.gz"
STORIES = ROOT / "tests" / "stories" / "test_stories.yml"
SUMMARY_CASE = ("my left calf has been twitching for 3 weeks and I drink a lot of coffee", "none of these")
SECRETS = (
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_API_URL",
    "TELEGRAM_TOKEN",
    "TELEGRAM_BOT_NAME",
    "TELEGRAM_WEBHOOK_URL",
    "TELEGRAM_API_URL",
    "TWITCH_API_TOKEN",
    "TWITCH_SUMMARY_SECRET",
    "TWITCH_PUBLIC_URL",
)


def no_secrets(tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in SECRETS}
    return {
        **env,
        "RASA_TELEMETRY_ENABLED": "false",
        "TWITCH_TRACKER_DB": str(tmp_path / "conversations.db"),
        # where a fresh checkout's var/summary-secret would be made
        "TWITCH_SUMMARY_SECRET_FILE": str(tmp_path / "var" / "summary-secret"),
    }


def endpoints_for(tmp_path: Path, action_port: int) -> Path:
    """endpoints.yml with this test's action server port."""
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text((ROOT / "endpoints.yml").read_text().replace("localhost:5055", f"localhost:{action_port}"))
    return endpoints


@contextlib.contextmanager
def rasa_run_actions(tmp_path: Path, env: dict) -> Iterator[int]:
    """`rasa run actions` on a free port, answering; its port."""
    port, log = free_port(), tmp_path / "actions.log"
    process = subprocess.Popen(
        [RASA, "run", "actions", "--port", str(port)], cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    try:
        _wait_ready(f"http://127.0.0.1:{port}/health", {"action server": process}, {"action server": log})
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_rasa_data_validate_passes(tmp_path):
    result = subprocess.run(
        [RASA, "data", "validate"], cwd=ROOT, env=no_secrets(tmp_path), capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_plain_rasa_test_passes_every_story_of_ours_and_reads_no_other(tmp_path):
    """`rasa test` reads the test stories of the whole project tree (Rasa's
    own sample stories, inside a virtualenv there, were read twice)."""
    out = tmp_path / "results"
    result = subprocess.run(
        [RASA, "test", "--model", str(MODEL), "--out", str(out)],
        cwd=ROOT,
        env=no_secrets(tmp_path),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    ours = len(yaml.safe_load(STORIES.read_text())["stories"])
    failed = (out / "failed_test_stories.yml").read_text()
    conversations = json.loads((out / "story_report.json").read_text())["conversation_accuracy"]
    assert conversations["total"] == ours, f"stories read from elsewhere too:\n{failed[:3000]}"
    assert conversations["correct"] == ours, failed[:3000]
    intents = json.loads((out / "intent_report.json").read_text())
    assert intents["accuracy"] > 0.9 and "describe_symptoms" in intents


def test_plain_rasa_run_serves_rest_and_keeps_channels_without_secrets_off(tmp_path):
    env = no_secrets(tmp_path)
    with rasa_run_actions(tmp_path, env) as action_port:
        rasa_port, log = free_port(), tmp_path / "rasa.log"
        rasa = subprocess.Popen(
            [RASA, "run", "--port", str(rasa_port), "--endpoints", str(endpoints_for(tmp_path, action_port))],
            cwd=ROOT,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_ready(f"http://127.0.0.1:{rasa_port}/", {"rasa": rasa}, {"rasa": log})
            url = f"http://127.0.0.1:{rasa_port}"
            replies = http_json("POST", f"{url}/webhooks/rest/webhook", {"sender": "plain", "message": "hello"})
            assert "not a doctor" in replies[0]["text"]
            logged = log.read_text()
            assert "The slack channel is off: set SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET to turn it on." in logged
            assert "The telegram channel is off: set TELEGRAM_BOT_NAME, TELEGRAM_TOKEN, TELEGRAM_WEBHOOK_URL" in logged
            for channel, variable in (("slack", "SLACK_BOT_TOKEN"), ("telegram", "TELEGRAM_TOKEN")):
                with pytest.raises(urllib.error.HTTPError) as off:
                    http_json("POST", f"{url}/webhooks/{channel}/webhook", {"anything": 1})
                assert off.value.code == 503 and variable in off.value.read().decode()
            # The summary channel needs no secret: both servers share the one made on first use.
            http_json("POST", f"{url}/webhooks/rest/webhook", {"sender": "plain", "message": SUMMARY_CASE[0]})
            said = http_json("POST", f"{url}/webhooks/rest/webhook", {"sender": "plain", "message": SUMMARY_CASE[1]})
            link = next(word for r in said for word in r.get("text", "").split() if "/webhooks/summary/" in word)
            assert link.startswith("http://localhost:5005/webhooks/summary/")  # TWITCH_PUBLIC_URL's default
            with urllib.request.urlopen(url + link.removeprefix("http://localhost:5005"), timeout=60) as page:
                assert page.status == 200 and SUMMARY_CASE[0] in page.read().decode()
            assert stat.S_IMODE((tmp_path / "var" / "summary-secret").stat().st_mode) == 0o600
        finally:
            rasa.terminate()
            rasa.wait(timeout=30)


def test_plain_rasa_shell_talks_through_a_case_and_stops(tmp_path):
    """`rasa shell` beside `rasa run actions`: the terminal channel alone
    (credentials.yml's Slack and Telegram, without their secrets, are not
    started), the assessment as text, and /stop ends it."""
    env = no_secrets(tmp_path)
    with rasa_run_actions(tmp_path, env) as action_port:
        shell = Terminal(
            [RASA, "shell", "-p", str(free_port()), "--endpoints", str(endpoints_for(tmp_path, action_port))], env
        )
        try:
            shell.expect(r"Your input ->")
            assert "Bot loaded" in shell.screen
            shell.type("hello")
            shell.expect(r"not a doctor")
            shell.expect(r"Your input ->")
            shell.type("my eyelid has jumped for 3 days and I live on espresso")
            shell.expect(r"Have you noticed any of these")
            shell.expect(r"None of these")  # the answers, as a choice
            shell.press("enter")  # the first: None of these
            shell.expect(r"My advice: This looks harmless")
            shell.expect(r'you mentioned "espresso"')
            shell.expect(r"Your input ->")
            shell.type("/stop")
            assert shell.wait() == 0, shell.transcript[-3000:]
        finally:
            shell.close()
    assert "Custom json" not in shell.transcript  # the terminal gets the assessment as text alone
    assert "Traceback" not in shell.transcript and " ERROR " not in shell.transcript, shell.transcript[-3000:]


def free_port_pair() -> int:
    """A free port whose next one is free too (`rasa interactive -p PORT`
    shows its story graph on PORT + 1)."""
    while True:
        port = free_port()
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port + 1)) != 0:
                return port


def digest(*paths: Path) -> str:
    return hashlib.sha256(b"".join(p.read_bytes() for p in paths)).hexdigest()


def test_plain_rasa_interactive_takes_a_message_shows_what_it_understood_and_exports(tmp_path):
    """`rasa interactive` beside `rasa run actions`: a message, the intent
    and entities it predicts for checking, the next action run, then Stop >
    Export & Quit to files of our choosing; the project's data untouched."""
    env = no_secrets(tmp_path)
    project_data = [ROOT / "domain.yml", *sorted((ROOT / "data").glob("*.yml"))]
    before = digest(*project_data)
    exported = {name: tmp_path / f"exported-{name}.yml" for name in ("stories", "nlu", "domain")}
    with rasa_run_actions(tmp_path, env) as action_port:
        session = Terminal(
            [
                RASA,
                "interactive",
                "--model",
                str(MODEL),
                "-p",
                str(free_port_pair()),
                "--endpoints",
                str(endpoints_for(tmp_path, action_port)),
            ],
            env,
        )
        try:
            session.expect(r"Your input ->", timeout=300)
            session.type("my eyelid has jumped for 3 days")
            session.expect(
                r"Is the intent 'describe_symptoms' correct for 'my \[eyelid\]\(body_part\) has "
                r'\[jumped\]\{"entity": "symptom", "value": "twitching"\} for \[3 days\]'
            )
            session.expect(r"correctly\? \(Y/n\)")  # "are all entities labeled correctly?", wrapped
            session.press("y")
            session.expect(r"The bot wants to run 'action_intake_turn', correct\? \(Y/n\)")
            session.press("y")
            session.expect(r"Have you noticed any of these")  # the bot's reply, from the action server
            session.expect(r"The bot wants to run 'action_listen', correct\? \(Y/n\)")
            session.press("y")
            session.expect(r"Your input ->")
            session.press("ctrl-c")
            session.expect(r"Do you want to stop\?")
            session.press("down", "down", "down", "down", "enter")  # Export & Quit
            for name, question in (
                ("stories", "Export stories to"),
                ("nlu", "Export NLU data to"),
                ("domain", "Export domain file to"),
            ):
                session.expect(question)
                session.press("ctrl-u")  # the default: the project's own file
                session.type(str(exported[name]))
            assert session.wait() == 0, session.transcript[-3000:]
        finally:
            session.close()
    assert "Traceback" not in session.transcript, session.transcript[-3000:]
    story = exported["stories"].read_text()
    assert "intent: describe_symptoms" in story and "action: action_intake_turn" in story, story
    assert "- my [eyelid](body_part) has [jumped]" in exported["nlu"].read_text()  # the message, annotated
    assert "action_intake_turn" in exported["domain"].read_text()
    assert digest(*project_data) == before, "rasa interactive changed the project's data"
