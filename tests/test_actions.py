"""Custom actions with rasa-sdk's real Tracker and CollectingDispatcher."""
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionGreet
from bot.knowledge import load_knowledge


def tracker(slots=None, events=None):
    return Tracker("tester", slots or {}, {"intent": {"name": "greet"}, "entities": [], "text": "hi"},
                   events or [], False, None, {}, "action_listen")


def test_greet_dispatches_the_greeting_with_the_disclaimer():
    dispatcher = CollectingDispatcher()
    events = ActionGreet().run(dispatcher, tracker(), {})
    assert events == []
    [message] = dispatcher.messages
    assert message["response"] == "utter_greet"
    assert message["disclaimer"] == load_knowledge().disclaimer
