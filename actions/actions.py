"""Thin custom actions: read the tracker, ask `bot.knowledge`, dispatch."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.knowledge import load_knowledge


class ActionGreet(Action):
    """Greets with the disclaimer of the knowledge module (one source)."""

    def name(self) -> Text:
        return "action_greet"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_greet", disclaimer=load_knowledge().disclaimer)
        return []
