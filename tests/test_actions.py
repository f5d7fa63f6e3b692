"""Custom actions with rasa-sdk's real Tracker and CollectingDispatcher."""

import asyncio
import time

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import AllSlotsReset, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import (
    ActionAnswerQuestion,
    ActionExplainFallback,
    ActionGreet,
    ActionIntakeTurn,
    ActionSessionStart,
    ActionStartOver,
)
from bot.nlu.input_check import PROBLEMS
from tests.conversation_helpers import entities


def tracker(text, intent, slots=None, extra_entities=(), channel="rest"):
    found = [] if intent == "nlu_fallback" and extra_entities else entities(text)
    latest = {"intent": {"name": intent, "confidence": 0.9}, "entities": found + list(extra_entities), "text": text}
    said = [{"event": "user", "text": text, "input_channel": channel}]
    return Tracker("tester", slots or {}, latest, said, False, None, {}, "action_listen")


def run(action, tracker_):
    """The action's messages, the slots after it (as Rasa holds them: the
    tracker's, updated by the action's SlotSet events) and its events."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_, {}))
    slots = {**tracker_.current_slot_values(), **{e["name"]: e["value"] for e in events if e["event"] == "slot"}}
    return dispatcher.messages, slots, events


def test_only_the_slots_a_turn_changes_are_sent():
    first = run(ActionIntakeTurn(), tracker("my calf twitches", "describe_symptoms"))
    sent = {e["name"] for e in first[2] if e["event"] == "slot"}
    assert {"symptoms", "body_parts", "requested_slot", "intake"} <= sent
    second = run(ActionIntakeTurn(), tracker("about 5 days", "describe_symptoms", first[1]))
    resent = {e["name"] for e in second[2] if e["event"] == "slot"}
    assert "duration_days" in resent and "symptoms" not in resent and "body_parts" not in resent
    assert second[1]["symptoms"] == ["twitching"] and second[1]["duration_days"] == 5


def test_intake_turn_fills_the_contract_slots_and_asks_the_next_question():
    messages, slots, _ = run(
        ActionIntakeTurn(), tracker("my eyelid has jumped for 3 days and I live on espresso", "describe_symptoms")
    )
    assert slots["body_parts"] == ["eyelid"] and slots["duration_days"] == 3 and slots["exposures"] == ["caffeine"]
    assert slots["requested_slot"] == "red_flags"
    assert messages[-1]["buttons"] and "weakness" in messages[-1]["text"]
    assert slots["intake"]["mentions"]["exposure:caffeine"] == "espresso"


def test_intake_turn_gives_the_assessment_with_its_payload():
    first_slots = run(ActionIntakeTurn(), tracker("eyelid twitch 3 days, lots of coffee", "describe_symptoms"))[1]
    messages, slots, _ = run(ActionIntakeTurn(), tracker("no", "deny", first_slots))
    assert slots["triage_level"] == "self_care" and slots["likely_causes"][0] == "caffeine"
    assert messages[-1]["custom"]["assessment"]["causes"][0]["evidence"] == ["exposure caffeine", "body_part eyelid"]
    assert "coffee" in "\n".join(m["text"] for m in messages)


def test_answer_question_answers_and_resumes():
    slots = run(ActionIntakeTurn(), tracker("my calf twitches", "describe_symptoms"))[1]
    messages, new_slots, _ = run(ActionAnswerQuestion(), tracker("is it ALS?", "ask_serious", slots))
    assert "motor neurone" in messages[0]["text"].lower()
    assert new_slots["requested_slot"] == "duration_days"


def test_start_over_clears_every_slot():
    messages, _, events = run(ActionStartOver(), tracker("start over", "start_over", {"symptoms": ["weakness"]}))
    assert events == [AllSlotsReset()] and "start over" in messages[0]["text"]


@pytest.mark.parametrize("problem", PROBLEMS)
def test_each_input_problem_gets_its_own_explanation(problem):
    problem_entity = [{"entity": "input_problem", "value": problem}]
    said = run(ActionExplainFallback(), tracker("...", "nlu_fallback", extra_entities=problem_entity))[0]
    plain = run(ActionExplainFallback(), tracker("...", "nlu_fallback"))[0]
    assert said[0]["text"] and said[0]["text"] != plain[0]["text"]
    intake = run(ActionIntakeTurn(), tracker("...", "nlu_fallback", extra_entities=problem_entity))[0]
    assert intake[0]["text"] == said[0]["text"]


def test_slot_events_are_plain_slot_sets():
    _, _, events = run(ActionIntakeTurn(), tracker("my calf twitches", "describe_symptoms"))
    assert all(e == SlotSet(e["name"], e["value"]) for e in events)


def test_a_new_session_carries_the_case_over_with_the_days_away():
    slots = run(ActionIntakeTurn(), tracker("eyelid twitch 3 days, lots of coffee", "describe_symptoms"))[1]
    nine_days_ago = time.time() - 9 * 86400
    old = Tracker(
        "tester",
        slots,
        {},
        [{"event": "user", "text": "eyelid twitch", "timestamp": nine_days_ago}],
        False,
        None,
        {},
        "action_listen",
    )
    _, carried, events = run(ActionSessionStart(), old)
    assert events[0]["event"] == "session_started"
    assert (events[-1]["event"], events[-1]["name"]) == ("action", "action_listen")
    assert carried["body_parts"] == ["eyelid"] and carried["requested_slot"] == "still_twitching"
    assert round(carried["intake"]["returning_days"]) == 9
    messages, _, _ = run(ActionGreet(), Tracker("tester", carried, {}, [], False, None, {}, "action_listen"))
    assert messages[0]["text"].startswith("Last time, 9 days ago, you told me about twitching in the eyelid")


def test_a_first_session_starts_empty():
    _, carried, events = run(ActionSessionStart(), Tracker("new", {}, {}, [], False, None, {}, "action_listen"))
    assert carried == {} and [e["event"] for e in events] == ["session_started", "action"]
    messages, _, _ = run(ActionGreet(), Tracker("new", {}, {}, [], False, None, {}, "action_listen"))
    assert "not a doctor" in messages[0]["text"]


def test_a_confirmed_delete_sets_only_the_forget_slot():
    slots = run(ActionIntakeTurn(), tracker("eyelid twitch 3 days", "describe_symptoms"))[1]
    asked = run(ActionIntakeTurn(), tracker("delete my data", "forget_me", slots))[1]
    messages, _, events = run(ActionIntakeTurn(), tracker("yes", "affirm", asked))
    assert events == [SlotSet("forget", True)] and "deleted" in messages[0]["text"]


def test_the_terminal_gets_the_assessment_as_text_alone_other_channels_with_its_payload():
    slots = run(
        ActionIntakeTurn(), tracker("my eyelid has jumped for 3 days and I live on espresso", "describe_symptoms")
    )[1]
    for channel, payload in (("cmdline", False), ("rest", True), ("socketio", True)):
        messages = run(ActionIntakeTurn(), tracker("none of these", "deny", slots, channel=channel))[0]
        assert any("My advice" in (m.get("text") or "") for m in messages)
        assert any(m.get("custom") for m in messages) is payload, channel


def test_a_summary_link_gets_the_conversations_nonce_which_a_new_visit_keeps(monkeypatch):
    from bot.summary import token as tokens

    monkeypatch.setenv(tokens.SECRET, "actions-test-secret")
    tokens.configured_secret.cache_clear()
    try:
        slots = run(ActionIntakeTurn(), tracker("calf twitching for 3 weeks, lots of coffee", "describe_symptoms"))[1]
        messages, slots, events = run(ActionIntakeTurn(), tracker("none of these", "deny", slots))
        offer = messages[-1]["text"]
        nonce = slots["summary_nonce"]
        token = offer.rsplit("/webhooks/summary/", 1)[1]
        assert tokens.verify(token, b"actions-test-secret", time.time()).nonce == nonce  # type: ignore[union-attr]
        again, _, events = run(ActionAnswerQuestion(), tracker("can I get a summary?", "request_summary", slots))
        assert "/webhooks/summary/" in again[-1]["text"] and not [e for e in events if e["event"] == "slot"]
        weeks_ago = [{"event": "user", "text": "none of these", "timestamp": time.time() - 30 * 86400}]
        old = Tracker("tester", slots, {}, weeks_ago, False, None, {}, "action_listen")
        assert run(ActionSessionStart(), old)[1]["summary_nonce"] == nonce
    finally:
        tokens.configured_secret.cache_clear()


def test_slack_gets_the_assessment_as_its_payload_alone_and_every_other_reply_as_text():
    slots = run(
        ActionIntakeTurn(), tracker("my eyelid has jumped for 3 days and I live on espresso", "describe_symptoms")
    )[1]
    question = run(ActionIntakeTurn(), tracker("my eyelid twitches", "describe_symptoms", channel="slack"))[0]
    assert question[-1]["text"] and question[-1]["buttons"] and not question[-1]["custom"]
    everywhere = run(ActionIntakeTurn(), tracker("none of these", "deny", slots, channel="telegram"))[0]
    messages = run(ActionIntakeTurn(), tracker("none of these", "deny", slots, channel="slack"))[0]
    assert len(everywhere) >= 4 and [m["custom"] for m in messages] == [everywhere[-1]["custom"]]
    assert messages[0]["text"] is None and messages[0]["custom"]["assessment"]["level"]["colour"]
