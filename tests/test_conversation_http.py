"""The trained model and the action server as real processes, spoken to
through the REST channel (what the website, Slack and Telegram use)."""
import uuid

import pytest

pytestmark = pytest.mark.servers


def texts(replies):
    return " ".join(reply.get("text", "") for reply in replies)


def new_sender(tag):
    return f"{tag}-{uuid.uuid4()}"


def test_a_greeting_gets_the_greeting_and_the_disclaimer(assistant):
    said = texts(assistant.say(new_sender("greet"), "hello"))
    assert "twitching" in said.lower()
    assert "not a doctor" in said


def test_goodbye_and_thanks_are_answered(assistant):
    sender = new_sender("bye")
    assistant.say(sender, "hi there")
    assert "welcome" in texts(assistant.say(sender, "thanks a lot")).lower()
    assert "take care" in texts(assistant.say(sender, "bye for now")).lower()


def test_the_tracker_exposes_the_contract_slots(assistant):
    sender = new_sender("slots")
    assistant.say(sender, "good morning")
    slots = assistant.tracker(sender)["slots"]
    for name in ("symptoms", "denied_symptoms", "body_parts", "duration_days", "exposures",
                 "denied_exposures", "onset", "triage_level", "likely_causes"):
        assert name in slots


@pytest.mark.parametrize("message, words", [
    ("", "empty"),
    ("x" * 20000, "too long"),
    ("\x00\x01\x02\x03\x04", "couldn't read"),
    ("🙂🙂🙂", "only understand words"),
    ("Hola, me tiembla el ojo desde hace tres días", "only understand English"),
    ("qwpoeiru zxmvn lkjasd", "didn't understand"),
])
def test_bad_input_gets_a_clear_answer(assistant, message, words):
    replies = assistant.say(new_sender("bad"), message)
    assert len(replies) == 1
    assert words in replies[0]["text"]


def test_the_conversation_goes_on_after_bad_input(assistant):
    sender = new_sender("recover")
    assistant.say(sender, "\x00\x00\x00")
    assert "not a doctor" in texts(assistant.say(sender, "hello"))
