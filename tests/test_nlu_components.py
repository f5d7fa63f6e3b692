"""The small NLU components on Rasa's own Message objects."""
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.finding_intent import FindingIntentOverride


def message(intent, entities):
    return Message(data={"text": "...", "intent": {"name": intent, "confidence": 0.4},
                         "intent_ranking": [{"name": intent, "confidence": 0.4}], "entities": entities})


def test_small_talk_with_a_finding_becomes_a_description():
    override = FindingIntentOverride(FindingIntentOverride.get_default_config())
    [changed] = override.process([message("goodbye", [{"entity": "duration", "value": 14}])])
    assert changed.get("intent")["name"] == "describe_symptoms"
    assert [r["name"] for r in changed.get("intent_ranking")] == ["describe_symptoms", "goodbye"]


def test_other_intents_and_small_talk_without_findings_are_left_alone():
    override = FindingIntentOverride(FindingIntentOverride.get_default_config())
    kept = override.process([message("goodbye", []), message("ask_serious", [{"entity": "symptom", "value": "weakness"}]),
                             message("thank", [{"entity": "input_problem", "value": "empty"}])])
    assert [m.get("intent")["name"] for m in kept] == ["goodbye", "ask_serious", "thank"]
