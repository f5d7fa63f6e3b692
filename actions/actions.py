"""Thin custom actions: read the tracker, call `bot.conversation`, dispatch
its replies and write the case back into the slots."""

import time
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, AllSlotsReset, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.conversation import Case, Conversation, Turn
from bot.conversation.case import FORGET
from bot.conversation.delivery import for_channel
from bot.knowledge.findings import INPUT_PROBLEM
from bot.summary.links import with_links
from bot.summary.token import NONCE_SLOT as NONCE
from bot.summary.token import check_settings

# Built once when the action server starts: a data error stops it there.
CONVERSATION = Conversation.load()
check_settings()  # the summary links' secret and lifetime
DAY_S = 86400


def _intent(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name") or "nlu_fallback"


def _confidence(tracker: Tracker) -> float:
    return float((tracker.latest_message.get("intent") or {}).get("confidence") or 0.0)


def _entities(tracker: Tracker) -> list[dict[str, Any]]:
    """Entities with the words the person used (for "you mentioned ...")."""
    text = tracker.latest_message.get("text") or ""
    return [
        {**e, "text": text[e["start"] : e["end"]] if "start" in e and "end" in e else str(e.get("value"))}
        for e in tracker.latest_message.get("entities", [])
    ]


def _dispatch(dispatcher: CollectingDispatcher, turn: Turn, tracker: Tracker) -> list[dict[str, Any]]:
    """The turn's replies as the input channel shows them, and the slots
    whose values the turn changed: unchanged ones need not travel or be
    stored again."""
    for message in for_channel(turn.replies, tracker.get_latest_input_channel()):
        dispatcher.utter_message(
            text=message.text,
            buttons=[{"title": b, "payload": b} for b in message.buttons],
            json_message=message.custom,
        )
    if turn.case.forget:
        return [SlotSet(FORGET, True)]
    slots = tracker.current_slot_values()
    return [
        SlotSet(name, value)
        for name, value in turn.case.to_slots().items()
        if type(slots.get(name)) is not type(value) or slots.get(name) != value
    ]  # 5 == 5.0, yet a change


def _send(dispatcher: CollectingDispatcher, turn: Turn, tracker: Tracker) -> list[dict[str, Any]]:
    """`_dispatch`, with any summary link filled in first."""
    nonce = tracker.get_slot(NONCE)
    turn, kept = with_links(turn, tracker.sender_id, nonce)
    return _dispatch(dispatcher, turn, tracker) + ([SlotSet(NONCE, kept)] if kept != nonce else [])


def _days_away(tracker: Tracker) -> float | None:
    """Days since the person last wrote (None in a new conversation)."""
    said = [e["timestamp"] for e in tracker.events if e.get("event") == "user" and e.get("timestamp")]
    return (time.time() - said[-1]) / DAY_S if said else None


class ActionSessionStart(Action):
    """A new session (a first visit, or a return after the session expired):
    the case of the last visit is carried over, for the first reply to
    recall it."""

    def name(self) -> str:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        days_away = _days_away(tracker)
        carried = (
            Case.from_slots(tracker.current_slot_values()).carry_over(days_away) if days_away is not None else None
        )
        slots = [SlotSet(name, value) for name, value in carried.to_slots().items()] if carried else []
        if tracker.get_slot(NONCE):  # a summary link works across visits
            slots.append(SlotSet(NONCE, tracker.get_slot(NONCE)))
        return [SessionStarted(), *slots, ActionExecuted("action_listen")]


class ActionGreet(Action):
    """A hello: the greeting, or where we left off on a return visit."""

    def name(self) -> str:
        return "action_greet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        return _dispatch(dispatcher, CONVERSATION.greet(Case.from_slots(tracker.current_slot_values())), tracker)


class ActionIntakeTurn(Action):
    """A message that tells or answers something: update the case, then
    emergency advice, the next question, or the assessment."""

    def name(self) -> str:
        return "action_intake_turn"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        problem = next(tracker.get_latest_entity_values(INPUT_PROBLEM), None)
        turn = CONVERSATION.take_turn(
            Case.from_slots(tracker.current_slot_values()),
            _intent(tracker),
            _entities(tracker),
            problem,
            tracker.latest_message.get("text") or "",
            _confidence(tracker),
        )
        return _send(dispatcher, turn, tracker)


class ActionAnswerQuestion(Action):
    """A common question: answer it from the knowledge, then resume."""

    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        turn = CONVERSATION.answer_question(
            Case.from_slots(tracker.current_slot_values()),
            _intent(tracker),
            _entities(tracker),
            tracker.latest_message.get("text") or "",
        )
        return _send(dispatcher, turn, tracker)


class ActionStartOver(Action):
    """'Start over': forget the case."""

    def name(self) -> str:
        return "action_start_over"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        case = Case.from_slots(tracker.current_slot_values())
        if not CONVERSATION.wants_start_over(case, _confidence(tracker)):
            return await ActionIntakeTurn().run(dispatcher, tracker, domain)
        dispatcher.utter_message(text=CONVERSATION.reply("start_over"))
        return [AllSlotsReset()]


class ActionExplainFallback(Action):
    """The dialogue policy's fallback: say what went wrong."""

    def name(self) -> str:
        return "action_explain_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        problem = next(tracker.get_latest_entity_values(INPUT_PROBLEM), None)
        dispatcher.utter_message(text=CONVERSATION.texts.fallback(problem))
        return []
