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
    for name in (
        "symptoms",
        "denied_symptoms",
        "body_parts",
        "duration_days",
        "exposures",
        "denied_exposures",
        "onset",
        "triage_level",
        "likely_causes",
    ):
        assert name in slots


@pytest.mark.parametrize(
    "message, words",
    [
        ("", "empty"),
        ("x" * 20000, "too long"),
        ("\x00\x01\x02\x03\x04", "couldn't read"),
        ("🙂🙂🙂", "only understand words"),
        ("Hola, me tiembla el ojo desde hace tres días", "only understand English"),
        ("qwpoeiru zxmvn lkjasd", "couldn't make out any words"),
    ],
    ids=["empty", "huge", "binary", "emoji", "spanish", "nonsense"],
)
def test_bad_input_gets_a_clear_answer(assistant, message, words):
    replies = assistant.say(new_sender("bad"), message)
    assert len(replies) == 1
    assert words in replies[0]["text"]


def test_the_conversation_goes_on_after_bad_input(assistant):
    sender = new_sender("recover")
    assistant.say(sender, "\x00\x00\x00")
    assert "not a doctor" in texts(assistant.say(sender, "hello"))


def slots_of(assistant, sender):
    return assistant.tracker(sender)["slots"]


def test_a_whole_case_from_first_message_to_assessment(assistant):
    sender = new_sender("case")
    assistant.say(sender, "hello")
    replies = assistant.say(sender, "my eyelid has jumped for 3 days and I live on espresso")
    assert "weakness" in texts(replies) and replies[-1]["buttons"]
    slots = slots_of(assistant, sender)
    assert (slots["body_parts"], slots["duration_days"], slots["exposures"]) == (["eyelid"], 3.0, ["caffeine"])
    assert slots["requested_slot"] == "red_flags"
    replies = assistant.say(sender, "no, none of those")
    said = texts(replies)
    assert "self-care" in said and 'you mentioned "espresso"' in said
    assert "not a diagnosis" in said and "Get help sooner if" in said and "not a doctor" in said
    payload = next(r["custom"] for r in replies if r.get("custom"))
    assert payload["assessment"]["triage_level"] == "self_care"
    assert payload["assessment"]["causes"][0]["id"] == "caffeine"
    caffeine = payload["assessment"]["causes"][0]["evidence_details"][0]
    assert (caffeine["label"], caffeine["quote"]) == ("caffeine", "espresso")  # the person's own word
    slots = slots_of(assistant, sender)
    assert slots["triage_level"] == "self_care" and slots["likely_causes"][0] == "caffeine"
    assert slots["requested_slot"] is None
    assert {"weakness", "breathing_difficulty"} <= set(slots["denied_symptoms"])


def test_a_question_mid_intake_is_answered_and_the_intake_resumes(assistant):
    sender = new_sender("interrupt")
    assistant.say(sender, "my calf keeps twitching")
    assert slots_of(assistant, sender)["requested_slot"] == "duration_days"
    replies = assistant.say(sender, "could this be ALS?")
    assert "motor neurone" in texts(replies).lower() and "Back to my question" in texts(replies)
    assert slots_of(assistant, sender)["requested_slot"] == "duration_days"
    assistant.say(sender, "about 10 days")
    assert slots_of(assistant, sender)["duration_days"] == 10


def test_new_facts_after_the_assessment_give_a_new_assessment(assistant):
    sender = new_sender("update")
    assistant.say(sender, "eyelid twitch for 3 days, I drink lots of coffee")
    assistant.say(sender, "no")
    assert slots_of(assistant, sender)["triage_level"] == "self_care"
    replies = assistant.say(sender, "actually it's been three weeks")
    assert "updated your assessment" in texts(replies)
    slots = slots_of(assistant, sender)
    assert slots["duration_days"] == 21 and slots["triage_level"] == "gp_routine"
    assistant.say(sender, "oh and I started Adderall")
    assert "stimulant_medication" in slots_of(assistant, sender)["likely_causes"]


def test_an_emergency_sign_stops_the_intake(assistant):
    sender = new_sender("emergency")
    assistant.say(sender, "my thigh twitches")
    replies = assistant.say(sender, "I suddenly can't breathe")
    assert "emergency number" in texts(replies)
    slots = slots_of(assistant, sender)
    assert slots["triage_level"] == "emergency" and slots["requested_slot"] is None


def test_start_over_clears_the_case(assistant):
    sender = new_sender("restart")
    assistant.say(sender, "my calf twitches for 3 weeks and I smoke")
    assert "start over" in texts(assistant.say(sender, "start over")).lower()
    slots = slots_of(assistant, sender)
    assert not slots["body_parts"] and slots["duration_days"] is None and not slots["exposures"]


def test_asking_for_a_human_says_how_to_reach_one(assistant):
    said = texts(assistant.say(new_sender("human"), "can I talk to a real person?"))
    assert "emergency number" in said and "doctor" in said


def no_until(assistant, sender, question, limit=4):
    """Say "no" to every other question (the screen, confirmations of
    other signs) until `question` is asked."""
    for _ in range(limit):
        if slots_of(assistant, sender)["requested_slot"] == question:
            return
        assistant.say(sender, "no")
    assert slots_of(assistant, sender)["requested_slot"] == question


def test_the_red_flag_answer_raises_the_level(assistant):
    sender = new_sender("redflag")
    assistant.say(sender, "my forearm twitches for 2 weeks, I drink coffee")
    assistant.say(sender, "my hand has been getting weaker")
    no_until(assistant, sender, "onset")
    assistant.say(sender, "no, gradually")
    slots = slots_of(assistant, sender)
    assert slots["onset"] == "gradual" and slots["triage_level"] == "gp_urgent"


# Regression tests of the safety work (issue 8), end to end.


def test_a_bare_yes_to_the_onset_question_gives_emergency_advice(assistant):
    sender = new_sender("onset-yes")
    assistant.say(sender, "my hand feels weak and my thumb twitches, 2 weeks, I drink coffee")
    no_until(assistant, sender, "onset")
    replies = assistant.say(sender, "yes")
    assert "emergency number" in texts(replies) and "coffee" not in texts(replies)
    assert slots_of(assistant, sender)["triage_level"] == "emergency"


def test_a_general_no_after_a_red_flag_keeps_the_red_flag(assistant):
    sender = new_sender("sticky")
    assistant.say(sender, "my calf twitches for 3 weeks and my foot drags, it crept up slowly")
    assistant.say(sender, "no")
    assistant.say(sender, "no weakness anywhere else")
    slots = slots_of(assistant, sender)
    assert "weakness" in slots["symptoms"] and "weakness" not in slots["denied_symptoms"]
    assert slots["triage_level"] in ("gp_urgent", None)


def test_a_stroke_described_in_a_question_gets_emergency_advice(assistant):
    replies = assistant.say(
        new_sender("stroke-question"),
        "is it bad that my dad's face is twitching and he suddenly can't get his words out?",
    )
    assert "emergency number" in texts(replies)


def test_a_hedged_sign_is_confirmed_quoting_the_person(assistant):
    sender = new_sender("confirm")
    replies = assistant.say(sender, "my eyelid twitches and I'm not sure my grip is weaker")
    slots = slots_of(assistant, sender)
    assert slots["requested_slot"] == "confirm_sign" and "weakness" not in slots["symptoms"]
    assert 'You said "my eyelid twitches and I\'m not sure my grip is weaker"' in texts(replies)
    assistant.say(sender, "yes")
    assert "weakness" in slots_of(assistant, sender)["symptoms"]


def test_off_topic_mid_intake_asks_the_question_again(assistant):
    sender = new_sender("off-topic")
    assistant.say(sender, "my calf twitches")
    replies = assistant.say(sender, "tell me a joke")
    assert "only help with muscle twitching" in texts(replies)
    assert slots_of(assistant, sender)["requested_slot"] == "duration_days"
