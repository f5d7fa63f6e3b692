"""Custom actions with rasa-sdk's real Tracker and CollectingDispatcher."""
import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionExplainFallback
from bot.nlu.input_check import PROBLEMS


def tracker(entities):
    latest = {"intent": {"name": "nlu_fallback", "confidence": 1.0}, "entities": entities, "text": "..."}
    return Tracker("tester", {}, latest, [], False, None, {}, "action_listen")


def run(entities):
    dispatcher = CollectingDispatcher()
    events = ActionExplainFallback().run(dispatcher, tracker(entities), {})
    assert events == []
    [message] = dispatcher.messages
    return message["text"]


@pytest.mark.parametrize("problem", PROBLEMS)
def test_each_input_problem_gets_its_own_explanation(problem):
    said = run([{"entity": "input_problem", "value": problem}])
    assert said and said != run([])


def test_a_message_not_understood_says_what_the_assistant_can_do():
    said = run([])
    assert "didn't understand" in said and "twitch" in said
