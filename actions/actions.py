"""Thin custom actions: read the tracker, ask `bot`, dispatch."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.replies import fallback_reply

INPUT_PROBLEM = "input_problem"  # entity set by bot.nlu.input_guard.InputGuard


class ActionExplainFallback(Action):
    """Says what went wrong: the input problem found by InputGuard, or that
    the message was not understood."""

    def name(self) -> Text:
        return "action_explain_fallback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        problem = next(tracker.get_latest_entity_values(INPUT_PROBLEM), None)
        dispatcher.utter_message(text=fallback_reply(problem))
        return []
