"""Conversations that last, and private data kept private, through the real
servers: the SQLite tracker store survives a killed server, a return visit
(clock moved in the store, not slept) recalls the case and escalates
persistence, "delete my data" leaves nothing behind, the API needs its
token, CORS admits only the chat page, and no secret or message text is
written where it should not be."""

from __future__ import annotations

import json
import signal
import sqlite3
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.conversation_helpers import TEXTS
from tests.servers import API_TOKEN, SLACK_SIGNING_SECRET, TELEGRAM_TOKEN, Assistant, http_json, start_assistant

ROOT = Path(__file__).resolve().parent.parent
DAY_S = 86400
pytestmark = pytest.mark.servers


def texts_of(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def rows(database: Path, sender: str) -> list[str]:
    """The stored events of one conversation, as stored."""
    with sqlite3.connect(database) as db:
        return [data for (data,) in db.execute("SELECT data FROM events WHERE sender_id = ? ORDER BY id", (sender,))]


def move_clock_back(database: Path, sender: str, days: float) -> None:
    """As if the conversation had happened `days` earlier: every stored
    timestamp of it moves back (the column and the event's own)."""
    shift = days * DAY_S
    with sqlite3.connect(database) as db:
        for id_, data in db.execute("SELECT id, data FROM events WHERE sender_id = ?", (sender,)).fetchall():
            event = json.loads(data)
            event["timestamp"] -= shift
            db.execute(
                "UPDATE events SET timestamp = timestamp - ?, data = ? WHERE id = ?", (shift, json.dumps(event), id_)
            )


def slots(assistant: Assistant, sender: str) -> dict[str, Any]:
    return assistant.tracker(sender)["slots"]


# --- nothing lost on restart ---------------------------------------------------


def test_a_killed_server_started_again_carries_on_at_the_same_question(tmp_path):
    database = tmp_path / "conversations.db"
    screen = TEXTS.questions["red_flags"].text
    with start_assistant(ROOT, tmp_path / "first", database) as first:
        assert texts_of(first.say("kill", "my calf has been twitching for 10 days")) == screen
        before = slots(first, "kill")
        first.processes["rasa"].send_signal(signal.SIGKILL)
        first.processes["rasa"].wait(timeout=30)
    assert before["requested_slot"] == "red_flags" and before["duration_days"] == 10
    with start_assistant(ROOT, tmp_path / "second", database) as second:
        after = slots(second, "kill")
        assert after == before
        asked = texts_of(second.say("kill", "none of these"))  # the screen's answer, then the next question
        assert asked == TEXTS.questions["exposures"].text
        assessment = texts_of(second.say("kill", "none of them"))
        final = slots(second, "kill")
    assert "My advice:" in assessment and final["triage_level"] == "self_care"
    assert final["body_parts"] == ["calf"] and final["duration_days"] == 10  # what was said before the kill counts


# --- the return visit -----------------------------------------------------------


def test_a_return_after_ten_days_that_crosses_two_weeks_escalates(assistant):
    assistant.say("back10", "my left eyelid has been twitching for 5 days, I live on espresso")
    first = assistant.say("back10", "none of these")
    assert "My advice:" in texts_of(first) and slots(assistant, "back10")["triage_level"] == "self_care"
    move_clock_back(assistant.database, "back10", 10)
    recall = texts_of(assistant.say("back10", "hi"))
    assert "Last time, 10 days ago, you told me about twitching in the eyelid, for 5 days." in recall
    assert "Is it still twitching?" in recall and "Hi, I'm Twitch" not in recall
    replies = assistant.say("back10", "yes")
    assessment = next(r["custom"]["assessment"] for r in replies if r.get("custom"))
    assert assessment["triage_level"] == "gp_routine"
    assert "it has lasted 15 days, longer than two weeks" in texts_of(replies)
    assert slots(assistant, "back10")["duration_days"] == 15


def test_a_return_after_two_days_that_stays_under_two_weeks_does_not_escalate(assistant):
    assistant.say("back2", "my eyelid has been twitching for 3 days and I drink a lot of coffee")
    assistant.say("back2", "none of these")
    move_clock_back(assistant.database, "back2", 2)
    recall = texts_of(assistant.say("back2", "hello again"))
    assert "Last time, 2 days ago" in recall and "Is it still twitching?" in recall
    replies = assistant.say("back2", "yes, still")
    assert slots(assistant, "back2")["duration_days"] == 5
    assert slots(assistant, "back2")["triage_level"] == "self_care"
    assert "longer than two weeks" not in texts_of(replies)


def test_a_return_saying_it_stopped_closes_the_case_kindly(assistant):
    assistant.say("stopped", "my eyelid has been twitching for 3 days and I drink a lot of coffee")
    assistant.say("stopped", "none of these")
    move_clock_back(assistant.database, "stopped", 4)
    assert "Is it still twitching?" in texts_of(assistant.say("stopped", "hi"))
    replies = texts_of(assistant.say("stopped", "no, it stopped"))
    assert "glad it has stopped" in replies and "My advice:" not in replies


def test_an_emergency_is_never_carried_into_a_relaxed_greeting(assistant):
    first = texts_of(
        assistant.say("back-emergency", "my dad's face suddenly drooped on one side and he can't get his words out")
    )
    assert "emergency number" in first
    move_clock_back(assistant.database, "back-emergency", 3)
    again = texts_of(assistant.say("back-emergency", "hi"))
    assert "emergency number" in again and "Hi, I'm Twitch" not in again


# --- privacy ----------------------------------------------------------------------


def test_delete_my_data_asks_first_then_leaves_nothing_behind(assistant):
    assistant.say("forget", "my eyelid has jumped for 3 days and I live on espresso")
    question = assistant.say("forget", "please delete my data")
    assert texts_of(question) == TEXTS.questions["forget_me"].text
    assert any("espresso" in row for row in rows(assistant.database, "forget"))  # nothing deleted yet
    done = texts_of(assistant.say("forget", "yes"))
    assert "deleted this conversation" in done
    assert rows(assistant.database, "forget") == []
    assert not slots(assistant, "forget")["body_parts"]  # a new conversation, knowing nothing


def test_no_keeps_the_data(assistant):
    assistant.say("keep", "my eyelid has jumped for 3 days and I live on espresso")
    assistant.say("keep", "forget me")
    kept = texts_of(assistant.say("keep", "no"))
    assert "Nothing has been deleted" in kept
    assert any("espresso" in row for row in rows(assistant.database, "keep"))


def test_a_message_arriving_during_the_delete_writes_nothing_of_the_conversation_back(assistant):
    assistant.say("race", "my eyelid has jumped for 3 days and I live on espresso")
    assistant.say("race", "delete my data")
    answers: dict[str, list[dict[str, Any]]] = {}

    def say(text: str) -> None:
        answers[text] = assistant.say("race", text)

    confirm = threading.Thread(target=say, args=("yes",))
    confirm.start()
    time.sleep(0.05)  # the confirmation first; the next message waits for the conversation's lock
    late = threading.Thread(target=say, args=("my calf too",))
    late.start()
    for thread in (confirm, late):
        thread.join(timeout=60)
    assert "deleted this conversation" in texts_of(answers["yes"]) and answers["my calf too"]
    left = rows(assistant.database, "race")
    assert not any("espresso" in row or "eyelid" in row for row in left), left
    assert any("my calf too" in row for row in left)  # the late message began a new conversation


def test_the_api_refuses_a_request_without_its_token(assistant):
    for path in ("/conversations/back10/tracker", "/status"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{assistant.url}{path}", timeout=10)
        assert refused.value.code == 401
        with pytest.raises(urllib.error.HTTPError) as wrong:
            urllib.request.urlopen(f"{assistant.url}{path}?token=guess", timeout=10)
        assert wrong.value.code == 401


def test_cors_admits_only_the_chat_page(assistant):
    page = f"http://127.0.0.1:{assistant.page_port}"

    def allowed(origin: str) -> Any:
        request = urllib.request.Request(f"{assistant.url}/webhooks/rest/", headers={"Origin": origin})
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.headers.get("Access-Control-Allow-Origin")

    assert allowed(page) == page
    assert allowed("http://evil.example") is None


def test_secrets_are_in_no_file_and_not_in_the_process_list(assistant):
    with open(f"/proc/{assistant.processes['rasa'].pid}/cmdline", "rb") as cmdline:
        command = cmdline.read()
    for secret in (API_TOKEN, SLACK_SIGNING_SECRET, TELEGRAM_TOKEN):
        assert secret.encode() not in command  # `ps` shows the command line to every user
    for path in (assistant.workdir / "tmp").rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert SLACK_SIGNING_SECRET.encode() not in content and TELEGRAM_TOKEN.encode() not in content, path


def test_no_message_text_in_the_logs(assistant):
    message = "my eyelid twitches since the zebrafinch show, 3 days"
    assistant.say("quiet", message)
    assistant.say("quiet", "none of these")
    for log in assistant.workdir.glob("*.log"):
        text = log.read_text(errors="replace")
        assert "zebrafinch" not in text and "none of these" not in text.lower(), log


# --- a retry is safe ------------------------------------------------------------------


def test_a_message_sent_again_with_its_id_gets_the_same_replies_and_no_second_turn(assistant):
    def send(text: str, message_id: str) -> list[dict[str, Any]]:
        return http_json(
            "POST",
            f"{assistant.url}/webhooks/rest/webhook",
            {"sender": "retry", "message": text, "message_id": message_id},
        )

    first = send("my eyelid has twitched for 3 days and I drink coffee", "retry-1")
    assert send("my eyelid has twitched for 3 days and I drink coffee", "retry-1") == first
    second = send("none of these", "retry-2")
    assert "My advice:" in texts_of(second)
    assert send("my eyelid has twitched for 3 days and I drink coffee", "retry-1") == first  # an older one too
    said = [json.loads(row) for row in rows(assistant.database, "retry")]
    assert [e["text"] for e in said if e["event"] == "user"] == [
        "my eyelid has twitched for 3 days and I drink coffee",
        "none of these",
    ]
