"""Slack and Telegram with their real webhooks on the running server, the
replies reaching local stand-ins of their APIs; and the credentials step."""

import hashlib
import hmac
import html.parser
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest

from bot.channels.credentials import resolve
from bot.conversation.render import HEADINGS, capital
from tests.conversation_helpers import CONVERSATION, TEXTS
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


def slack_signed(assistant, body, content_type, secret=SLACK_SIGNING_SECRET, timestamp=None):
    """POST to Slack's webhook signed as Slack signs (v0 HMAC of the timestamp and the body)."""
    timestamp = str(int(timestamp or time.time()))
    signature = "v0=" + hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()
    request = urllib.request.Request(
        f"{assistant.url}/webhooks/slack/webhook",
        data=body,
        method="POST",
        headers={
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": signature,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def slack_post(assistant, event, secret=SLACK_SIGNING_SECRET, timestamp=None):
    """An Events API event, as Slack sends it."""
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
    return slack_signed(assistant, body, "application/json", secret, timestamp)


def slack_click(assistant, event, value, secret=SLACK_SIGNING_SECRET, timestamp=None):
    """A click on a Block Kit button of our reply in `event`'s thread: an
    interactive payload (block_actions), form-encoded, to the same webhook."""
    payload = {
        "type": "block_actions",
        "user": {"id": event["user"], "team_id": "T1"},
        "api_app_id": "A1",
        "team": {"id": "T1"},
        "channel": {"id": event["channel"]},
        "container": {"type": "message", "channel_id": event["channel"], "is_ephemeral": False},
        "message": {"type": "message", "ts": f"{time.time():.6f}", "thread_ts": event["ts"], "text": "?"},
        "trigger_id": "1.2.3",
        "actions": [
            {
                "type": "button",
                "action_id": "a1",
                "block_id": "b1",
                "text": {"type": "plain_text", "text": value},
                "value": value,
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }
    body = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
    return slack_signed(assistant, body, "application/x-www-form-urlencoded", secret, timestamp)


def dm(text, channel, user="U42"):
    return {
        "type": "message",
        "channel_type": "im",
        "channel": channel,
        "user": user,
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


# Block Kit's documented limits (api.slack.com/reference/block-kit): a
# message's blocks, its attachments' included; the text of a section or a
# context element; a header; an actions block's elements; a button's text.
SLACK_LIMITS = {"blocks": 50, "text": 3000, "header": 150, "context": 10, "actions": 25, "button": 75, "value": 2000}


def block_kit_problems(body):
    """What in a chat.postMessage body breaks Block Kit's limits, or Slack's
    mrkdwn (an unescaped <, > or &), or leaves notifications without text."""
    problems = [] if str(body.get("text") or "").strip() else ["no text for notifications"]
    blocks = list(body.get("blocks") or []) + [b for a in body.get("attachments") or [] for b in a.get("blocks", [])]
    if len(blocks) > SLACK_LIMITS["blocks"]:
        problems.append(f"{len(blocks)} blocks")
    texts = [("fallback", body.get("text") or "", "mrkdwn")]
    for block in blocks:
        kind = block["type"]
        if kind == "header":
            texts.append(("header", block["text"]["text"], block["text"]["type"]))
            if block["text"]["type"] != "plain_text":
                problems.append("a header takes plain_text only")
        elif kind == "section":
            texts.append(("text", block["text"]["text"], block["text"]["type"]))
        elif kind == "context":
            if not 1 <= len(block["elements"]) <= SLACK_LIMITS["context"]:
                problems.append(f"a context block of {len(block['elements'])} elements")
            texts += [("text", e["text"], e["type"]) for e in block["elements"]]
        elif kind == "actions":
            if not 1 <= len(block["elements"]) <= SLACK_LIMITS["actions"]:
                problems.append(f"an actions block of {len(block['elements'])} elements")
            for button in block["elements"]:
                texts.append(("button", button["text"]["text"], button["text"]["type"]))
                if len(button.get("value", "")) > SLACK_LIMITS["value"]:
                    problems.append(f"a button value of {len(button['value'])} characters")
        elif kind != "divider":
            problems.append(f"an unexpected block: {kind}")
    for limit, text, style in texts:
        if not text or len(text) > SLACK_LIMITS.get(limit, 40000):
            problems.append(f"a {limit} of {len(text)} characters: {text[:40]!r}")
        if style == "mrkdwn" and re.search(r"[<>]|&(?!amp;|lt;|gt;)", text):
            problems.append(f"unescaped mrkdwn: {text[:60]!r}")
    return problems


def slack_heavy_payloads():
    """The payloads of the heavy cases (every red flag, every cause's
    evidence, 300 random ones) with long quotes full of mrkdwn's < > &,
    and one with everything far over every limit."""
    from bot.knowledge import assess
    from tests.test_assessment_messages import K, cases

    quote = "a <long> quote & more of what the person said, word for word " * 3
    for name, slots in cases():
        quotes = {(kind, id_): quote for kind in ("exposure", "symptom") for id_ in K.vocabulary[kind]}
        yield name, assess(slots, K).payload(quotes)
    huge = assess({"symptoms": ["twitching"], "exposures": sorted(K.vocabulary["exposure"])}, K).payload()
    body = huge["assessment"]
    body["level"]["label"] *= 40
    body["reasons"] = ["a reason & a <why> " * 30] * 20
    body["self_care"] = ["x" * i + "&" * 3000 for i in range(5)] * 12  # cut where an escape would split
    body["more_urgent_if"] = [f"sign {i} & <more> " * 20 for i in range(30)]
    for cause in body["causes"]:
        cause["evidence_details"] = [{"kind": "exposure", "label": "l", "denied": False, "quote": "q" * 4000}] * 9
    yield "over every limit", huge


def test_slack_blocks_keep_block_kits_limits_and_say_every_part_in_heavy_cases():
    from bot.channels.slack import slack_blocks

    for name, payload in slack_heavy_payloads():
        message = slack_blocks(payload)
        assert block_kit_problems(message) == [], name
        body = payload["assessment"]
        (header,) = message["blocks"]
        (attachment,) = message["attachments"]
        assert header["type"] == "header" and attachment["color"] == body["level"]["colour"], name
        assert attachment["blocks"][-1] == {
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": body["disclaimer"]}],
        }, name
        text = json.dumps(attachment["blocks"], ensure_ascii=False)
        if body["more_urgent_if"]:  # when to get help sooner: never what a long message loses
            assert f"*{HEADINGS['sooner']}*" in text, name
        if name == "over every limit":
            continue
        for cause in body["causes"][: body["causes_explained"]]:
            assert cause["name"][:1].upper() + cause["name"][1:] in text, (name, cause["id"])
            for record in cause["evidence_details"]:
                said = record.get("quote", record["label"])
                assert said.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")[:30] in text, name
        for item in body["reasons"] + body["self_care"] + body["more_urgent_if"]:
            assert item in text, (name, item)
        assert all(t["detail"] in text for t in body["test_details"]), name
        assert all(f["label"] in text for f in body["unscreened_red_flags"]), name


def test_slack_buttons_keep_every_choice_within_block_kits_limits():
    from bot.channels.slack import slack_buttons

    choices = ["Less than a day", "A few days", "1-2 weeks", "More than 2 weeks", "For months", "I don't know"]
    message = slack_buttons("How long? <3 days & more", [{"title": c, "payload": c} for c in choices])
    assert block_kit_problems(message) == []
    section, actions = message["blocks"]
    assert section["text"]["text"] == message["text"] == "How long? &lt;3 days &amp; more"
    assert [(b["text"]["text"], b["value"]) for b in actions["elements"]] == [(c, c) for c in choices]
    long = slack_buttons("?", [{"title": "y" * 200, "payload": "z" * 3000}] * 40)
    assert block_kit_problems(long) == [] and len(long["blocks"][1]["elements"]) == SLACK_LIMITS["actions"]


def slack_posts(assistant, channel):
    return [c["body"] for c in assistant.slack.calls if posted_to(assistant, channel)(c)]


@pytest.mark.servers
def test_slack_buttons_carry_the_intake_to_the_assessment_in_block_kit_once_in_the_thread(assistant):
    channel, user = f"D{uuid.uuid4().hex[:8]}", f"U{uuid.uuid4().hex[:8]}"
    event = dm("my eyelid has twitched for 3 days and I live on espresso", channel, user)
    assert slack_post(assistant, event) == 200
    question = assistant.slack.wait_for(lambda c: posted_to(assistant, channel)(c) and "blocks" in c["body"])
    assert question, "the red-flag screen did not reach Slack"
    section, actions = question[0]["body"]["blocks"]
    assert section["type"] == "section" and "weakness" in section["text"]["text"]
    assert [b["value"] for b in actions["elements"]] == list(TEXTS.questions["red_flags"].buttons)
    assert all(b["type"] == "button" for b in actions["elements"])
    before = len(slack_posts(assistant, channel))

    assert slack_click(assistant, event, "None of these") == 200
    assessed = assistant.slack.wait_for(lambda c: posted_to(assistant, channel)(c) and "attachments" in c["body"])
    assert assessed, "the click did not carry the intake to the assessment"
    after = slack_posts(assistant, channel)[before:]
    assert after == [assessed[0]["body"]]  # the blocks alone: the assessment's messages are not posted too
    message = assessed[0]["body"]
    level, label = CONVERSATION.knowledge.levels["self_care"], CONVERSATION.knowledge.label("triage_level", "self_care")
    assert message["text"] == f"{HEADINGS['advice']} {level.summary}"
    assert message["blocks"] == [{"type": "header", "text": {"type": "plain_text", "text": capital(label)}}]
    (attachment,) = message["attachments"]
    blocks = attachment["blocks"]
    assert attachment["color"] == level.colour
    text = json.dumps(blocks, ensure_ascii=False)
    assert "• *Too much caffeine*: you said “espresso”" in text and "electrolyte panel" in text
    assert blocks[-1]["type"] == "context" and blocks[-1]["elements"][0]["text"] == CONVERSATION.knowledge.disclaimer
    assert all(p["thread_ts"] == event["ts"] for p in slack_posts(assistant, channel))
    assert not any("assessment" in c["body"] for c in assistant.slack.calls)  # the payload itself stays out
    slots = assistant.tracker(user)["slots"]
    assert slots["triage_level"] == "self_care" and "weakness" in slots["denied_symptoms"]
    for call in assistant.slack.calls:  # everything any test has had posted
        if call["path"].endswith("chat.postMessage"):
            assert block_kit_problems(call["body"]) == [], call["body"]


@pytest.mark.servers
@pytest.mark.parametrize("secret, age", [("wrong-secret", 0), (SLACK_SIGNING_SECRET, 600)], ids=["wrong", "stale"])
def test_a_slack_event_with_a_bad_signature_is_refused(assistant, secret, age):
    channel = f"D{uuid.uuid4().hex[:8]}"
    assert slack_post(assistant, dm("hello", channel), secret=secret, timestamp=time.time() - age) == 400
    time.sleep(2)
    assert not assistant.slack.wait_for(posted_to(assistant, channel), timeout=1)


@pytest.mark.servers
@pytest.mark.parametrize("secret, age", [("wrong-secret", 0), (SLACK_SIGNING_SECRET, 600)], ids=["wrong", "stale"])
def test_a_wrongly_signed_slack_click_is_refused_and_carries_nothing_on(assistant, secret, age):
    channel, user = f"D{uuid.uuid4().hex[:8]}", f"U{uuid.uuid4().hex[:8]}"
    event = dm("my calf twitches", channel, user)
    assert slack_post(assistant, event) == 200
    assert assistant.slack.wait_for(lambda c: posted_to(assistant, channel)(c) and "blocks" in c["body"])
    time.sleep(2)  # the turn's last reply posted, its events stored
    posts, events = len(slack_posts(assistant, channel)), assistant.tracker(user)["events"]
    assert slack_click(assistant, event, "A few days", secret=secret, timestamp=time.time() - age) == 400
    time.sleep(2)
    assert len(slack_posts(assistant, channel)) == posts
    assert assistant.tracker(user)["events"] == events


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
    assert telegram_post(assistant, telegram_tap(chat_id, "A few days")) == "success"
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
    link = "http://localhost:5005/webhooks/summary/eyJj_Im-x.Ab_c"  # its "_" unescaped: the link works
    assert web_markdown(f"Your summary: {link}.") == f"Your summary: <{link}>."


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
