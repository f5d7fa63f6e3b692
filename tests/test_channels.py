"""Slack and Telegram with their real webhooks on the running server, the
replies reaching local stand-ins of their APIs; and the credentials step."""

import hashlib
import hmac
import html.parser
import json
import time
import urllib.error
import urllib.request
import uuid

import pytest

from bot.channels.credentials import resolve
from tests.servers import SLACK_SIGNING_SECRET

# --- credentials --------------------------------------------------------------

CREDENTIALS = {
    "rest": None,
    "bot.channels.slack.SlackInput": {
        "slack_token": "${SLACK_BOT_TOKEN}",
        "slack_signing_secret": "${SLACK_SECRET}",
        "slack_api_url": "${SLACK_API_URL:-}",
    },
    "bot.channels.telegram.TelegramInput": {"access_token": "${TELEGRAM_TOKEN}", "verify": "twitch_bot"},
}


def test_a_channel_without_its_secrets_is_left_off_with_one_line():
    channels, notes = resolve(CREDENTIALS, {"TELEGRAM_TOKEN": "123:abc"})
    assert list(channels) == ["rest", "bot.channels.telegram.TelegramInput"]
    assert channels["bot.channels.telegram.TelegramInput"]["access_token"] == "123:abc"
    assert notes == ["The slack channel is off: set SLACK_BOT_TOKEN, SLACK_SECRET to turn it on."]


def test_secrets_come_from_the_environment_and_defaults_may_be_empty():
    channels, notes = resolve(CREDENTIALS, {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SECRET": "s", "TELEGRAM_TOKEN": "1:a"})
    assert notes == []
    assert channels["bot.channels.slack.SlackInput"] == {
        "slack_token": "xoxb-1",
        "slack_signing_secret": "s",
        "slack_api_url": "",
    }


def test_no_secret_is_committed():
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "credentials.yml").read_text()
    values = re.findall(r"^\s+(?:slack_token|slack_signing_secret|access_token|verify):\s*(.+)$", text, re.M)
    assert values and all(v.strip().strip('"').startswith("${") for v in values)


# --- Slack --------------------------------------------------------------------


def slack_post(assistant, event, secret=SLACK_SIGNING_SECRET, timestamp=None):
    body = json.dumps(
        {
            "token": "t",
            "team_id": "T1",
            "api_app_id": "A1",
            "type": "event_callback",
            "event_id": f"Ev{uuid.uuid4().hex[:8]}",
            "event_time": int(time.time()),
            "authed_users": ["UBOT"],
            "event": event,
        }
    ).encode()
    timestamp = str(int(timestamp or time.time()))
    signature = "v0=" + hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()
    request = urllib.request.Request(
        f"{assistant.url}/webhooks/slack/webhook",
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": signature,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def dm(text, channel):
    return {
        "type": "message",
        "channel_type": "im",
        "channel": channel,
        "user": "U42",
        "text": text,
        "ts": f"{time.time():.6f}",
    }


def posted_to(assistant, channel):
    return lambda call: call["path"].endswith("chat.postMessage") and call["body"].get("channel") == channel


@pytest.mark.servers
def test_a_signed_slack_event_is_answered_in_its_thread(assistant):
    channel = f"D{uuid.uuid4().hex[:8]}"
    event = dm("hello", channel)
    assert slack_post(assistant, event) == 200
    posts = assistant.slack.wait_for(posted_to(assistant, channel))
    assert posts, "no reply reached Slack's Web API"
    assert "twitching" in posts[0]["body"]["text"].lower()
    assert posts[0]["body"]["thread_ts"] == event["ts"]


@pytest.mark.servers
def test_slack_gets_questions_with_buttons_and_no_raw_payload(assistant):
    channel = f"D{uuid.uuid4().hex[:8]}"
    assert slack_post(assistant, dm("my eyelid has twitched for 3 days and I live on espresso", channel)) == 200
    question = assistant.slack.wait_for(lambda c: posted_to(assistant, channel)(c) and "blocks" in c["body"])
    assert question and "None of these" in json.dumps(question[0]["body"]["blocks"])
    assert slack_post(assistant, dm("none of these", channel)) == 200
    assessed = assistant.slack.wait_for(
        lambda c: posted_to(assistant, channel)(c) and "not a doctor" in str(c["body"].get("text"))
    )
    assert assessed
    assert not any("assessment" in c["body"] for c in assistant.slack.calls)


@pytest.mark.servers
@pytest.mark.parametrize("secret, age", [("wrong-secret", 0), (SLACK_SIGNING_SECRET, 600)], ids=["wrong", "stale"])
def test_a_slack_event_with_a_bad_signature_is_refused(assistant, secret, age):
    channel = f"D{uuid.uuid4().hex[:8]}"
    assert slack_post(assistant, dm("hello", channel), secret=secret, timestamp=time.time() - age) == 400
    time.sleep(2)
    assert not assistant.slack.wait_for(posted_to(assistant, channel), timeout=1)


# --- Telegram -------------------------------------------------------------------


def telegram_post(assistant, update):
    request = urllib.request.Request(
        f"{assistant.url}/webhooks/telegram/webhook",
        data=json.dumps(update).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read().decode()


def telegram_message(chat_id, text):
    return {
        "update_id": int(time.time() * 1000) % 10**9,
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "text": text,
            "chat": {"id": chat_id, "type": "private"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "Pat"},
        },
    }


def sent_to(chat_id):
    return lambda call: call["path"].endswith("/sendMessage") and str(call["body"].get("chat_id")) == str(chat_id)


@pytest.mark.servers
def test_telegram_updates_are_answered_with_buttons_for_choices(assistant):
    chat_id = int(uuid.uuid4().int % 10**8)
    assert telegram_post(assistant, telegram_message(chat_id, "hello")) == "success"
    greeting = assistant.telegram.wait_for(sent_to(chat_id))
    assert greeting and "twitching" in greeting[0]["body"]["text"].lower()
    telegram_post(assistant, telegram_message(chat_id, "my calf twitches"))
    with_buttons = assistant.telegram.wait_for(lambda c: sent_to(chat_id)(c) and "reply_markup" in c["body"])
    assert with_buttons
    keyboard = json.loads(with_buttons[0]["body"]["reply_markup"])["inline_keyboard"]
    assert [row[0]["callback_data"] for row in keyboard][:2] == ["Less than a day", "A few days"]
    tap = {
        "update_id": int(time.time() * 1000) % 10**9,
        "callback_query": {
            "id": "1",
            "chat_instance": "1",
            "data": "A few days",
            "from": {"id": chat_id, "is_bot": False, "first_name": "Pat"},
            "message": {
                "message_id": 2,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "text": "?",
            },
        },
    }
    assert telegram_post(assistant, tap) == "success"
    assert assistant.telegram.wait_for(lambda c: sent_to(chat_id)(c) and "weakness" in c["body"].get("text", ""))
    assert assistant.tracker(str(chat_id))["slots"]["duration_days"] == 3


def telegram_tap(chat_id, data):
    """A tap on an inline keyboard button: Telegram's callback query."""
    return {
        "update_id": int(time.time() * 1000) % 10**9,
        "callback_query": {
            "id": "1",
            "chat_instance": "1",
            "data": data,
            "from": {"id": chat_id, "is_bot": False, "first_name": "Pat"},
            "message": {
                "message_id": 2,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "text": "?",
            },
        },
    }


class TelegramHtml(html.parser.HTMLParser):
    """Checks a message against Telegram's HTML: only its tags, each closed."""

    ALLOWED = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "tg-spoiler"}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.ALLOWED:
            self.problems.append(f"<{tag}> is not allowed")
        self.open.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open.pop() != tag:
            self.problems.append(f"</{tag}> closes nothing open")


def telegram_html_problems(text):
    checker = TelegramHtml()
    checker.feed(text)
    checker.close()
    return checker.problems + [f"<{tag}> left open" for tag in checker.open]


def test_telegram_html_escapes_and_marks_up_our_text():
    from bot.channels.telegram import telegram_html

    text = "My advice: See a doctor (self-care)\nWhy:\n- 3 < 5 & so on\n- Too much caffeine: you mentioned coffee"
    marked = telegram_html(text)
    assert marked == (
        "<b>My advice: See a doctor (self-care)</b>\n<b>Why:</b>\n• 3 &lt; 5 &amp; so on\n"
        "• <b>Too much caffeine</b>: you mentioned coffee"
    )
    assert telegram_html_problems(marked) == []


def test_web_markdown_keeps_each_line_and_escapes_markdowns_marks():
    from bot.channels.socketio import web_markdown

    text = 'Why:\n- it has lasted 21 days\nThis is not an emergency.\n\nyou said "my_arm *really* [hurts]"\n1. # > + x'
    assert web_markdown(text) == (
        "Why:  \n• it has lasted 21 days  \nThis is not an emergency.\n\n"
        'you said "my\\_arm \\*really\\* \\[hurts\\]"  \n1\\. # > + x'
    )


@pytest.mark.servers
def test_telegram_gets_the_assessment_in_html_within_its_limits(assistant):
    chat_id = int(uuid.uuid4().int % 10**8)
    telegram_post(assistant, telegram_message(chat_id, "my eyelid has jumped for 3 days and I live on espresso"))
    assert assistant.telegram.wait_for(lambda c: sent_to(chat_id)(c) and "reply_markup" in c["body"])
    before = len([c for c in assistant.telegram.calls if sent_to(chat_id)(c)])
    assert telegram_post(assistant, telegram_tap(chat_id, "None of these")) == "success"
    assistant.telegram.wait_for(lambda c: sent_to(chat_id)(c) and "not a doctor" in c["body"].get("text", ""))
    assessment = [c["body"] for c in assistant.telegram.calls if sent_to(chat_id)(c)][before:]
    assert len(assessment) >= 3 and all(m.get("parse_mode") == "HTML" for m in assessment)
    assert all(len(m["text"]) <= 4096 and telegram_html_problems(m["text"]) == [] for m in assessment)
    text = "\n".join(m["text"] for m in assessment)
    assert text.startswith("<b>My advice: This looks harmless") and "• <b>Too much caffeine</b>" in text
    assert "you mentioned &quot;espresso&quot;" in text or 'you mentioned "espresso"' in text
    assert '"assessment"' not in text  # the payload is for machines


@pytest.mark.servers
def test_telegram_refuses_an_update_for_another_bot_name(assistant):
    chat_id = int(uuid.uuid4().int % 10**8)
    assistant.telegram_bot.username = "someone_elses_bot"
    try:
        assert telegram_post(assistant, telegram_message(chat_id, "hello")) == "failed"
    finally:
        assistant.telegram_bot.username = "twitch_test_bot"
    time.sleep(1)
    assert not [c for c in assistant.telegram.calls if sent_to(chat_id)(c)]


# --- REST retries ----------------------------------------------------------------


def test_stored_replies_are_those_after_the_message_with_that_id():
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

    from bot.channels.rest import stored_replies

    events = [
        UserUttered("hi", message_id="a"),
        ActionExecuted("action_greet"),
        BotUttered("hello"),
        ActionExecuted("action_listen"),
        UserUttered("twitch", message_id="b"),
        BotUttered("where?", data={"buttons": [{"title": "Calf", "payload": "Calf"}]}),
        BotUttered("", data={"custom": {"assessment": {}}}),
    ]
    first, second = stored_replies(events, "a", "hi"), stored_replies(events, "b", "twitch")
    assert first is not None and second is not None
    assert [r["text"] for r in first] == ["hello"]
    assert [(r["text"], r.get("buttons"), r.get("custom")) for r in second] == [
        ("where?", [{"title": "Calf", "payload": "Calf"}], None),
        ("", None, {"assessment": {}}),
    ]
    assert stored_replies(events, "never-sent", "hi") is None
    assert stored_replies(events, "a", "my arm is weak now") is None  # an id reused for new words: a new message
