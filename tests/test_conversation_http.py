"""The trained model and the action server as real processes, spoken to
through the REST channel (what the website, Slack and Telegram use)."""
import uuid

import pytest

pytestmark = pytest.mark.servers


def texts(replies):
    return " ".join(reply.get("text", "") for reply in replies)


def test_a_greeting_gets_the_greeting_and_the_disclaimer(assistant):
    replies = assistant.say(f"greet-{uuid.uuid4()}", "hello")
    said = texts(replies)
    assert "twitching" in said.lower()
    assert "not a doctor" in said  # from the knowledge module, via the action server


def test_goodbye_and_thanks_are_answered(assistant):
    sender = f"bye-{uuid.uuid4()}"
    assistant.say(sender, "hi there")
    assert "welcome" in texts(assistant.say(sender, "thanks a lot")).lower()
    assert "take care" in texts(assistant.say(sender, "bye for now")).lower()


def test_the_tracker_exposes_the_contract_slots(assistant):
    sender = f"slots-{uuid.uuid4()}"
    assistant.say(sender, "good morning")
    slots = assistant.tracker(sender)["slots"]
    for name in ("symptoms", "denied_symptoms", "body_parts", "duration_days", "exposures",
                 "denied_exposures", "onset", "triage_level", "likely_causes"):
        assert name in slots
