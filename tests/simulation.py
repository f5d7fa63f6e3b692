"""Simulated people, run end to end through the REST channel."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

import yaml

PEOPLE = Path(__file__).with_name("people.yml")
LEVELS = ["self_care", "gp_routine", "gp_urgent", "emergency"]
MAX_TURNS = 8


@dataclass
class Outcome:
    id: str
    expected: str
    level: str
    causes: list[str]
    expected_causes: list[str]
    turns: int
    transcript: list[str]
    needless: int = 0  # confirmations of a sign the person does not have (the safety net's false alarms)

    @property
    def intake_turns(self) -> int:
        return self.turns - self.needless

    @property
    def red_flag(self) -> bool:
        return LEVELS.index(self.expected) >= LEVELS.index("gp_urgent")

    @property
    def under_triaged(self) -> bool:
        return LEVELS.index(self.level or "self_care") < LEVELS.index(self.expected)

    @property
    def causes_ok(self) -> bool:
        return all(c in self.causes[:3] for c in self.expected_causes)


def _default_answer(person: dict, question: str, confirming: str = "") -> str:
    """To a confirmation of a warning sign, the truth: "yes" when the sign
    is one of the person's `signs`, else "no"; to anything else, "I don't
    know"."""
    if question == "confirm_sign":
        return "yes" if confirming in person.get("signs", []) else "no"
    return "I don't know"


def load_people() -> list[dict]:
    return yaml.safe_load(PEOPLE.read_text(encoding="utf-8"))


def simulate(assistant, person: dict) -> Outcome:
    sender = f"sim-{person['id']}-{uuid.uuid4().hex[:6]}"
    message, turns, transcript, needless = person["opening"], 0, [], 0
    while True:
        turns += 1
        replies = assistant.say(sender, message)
        transcript += [f"> {message}"] + [r.get("text", "") for r in replies if r.get("text")]
        slots = assistant.tracker(sender)["slots"]
        question = slots.get("requested_slot")
        if question is None or turns > MAX_TURNS + 2:
            break
        confirming = (slots.get("intake") or {}).get("confirming") or ""
        message = (person.get("answers") or {}).get(question) or _default_answer(person, question, confirming)
        needless += question == "confirm_sign" and message == "no"
    return Outcome(
        person["id"],
        person["level"],
        slots.get("triage_level"),
        slots.get("likely_causes") or [],
        person.get("causes") or [],
        turns,
        transcript,
        needless,
    )
