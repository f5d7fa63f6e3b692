"""The conversation's data (data/intake.yml, data/replies.yml), checked
against the knowledge it is loaded with (`load_texts`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge import Knowledge
from bot.knowledge.facts import fill_facts
from bot.knowledge.findings import ENTITY_KINDS, INPUT_PROBLEM, WARNING_SIGN
from bot.nlu.input_check import PROBLEMS

DATA = Path(__file__).parent / "data"
# In the order they are asked: the contract's names, and confirm_sign,
# still_twitching (a return visit) and onset (added).
QUESTIONS = ("confirm_sign", "still_twitching", "body_parts", "duration_days", "red_flags", "onset", "exposures")
# Asked only when the person asks for something ("delete my data").
ON_REQUEST = ("forget_me",)
# Placeholders filled when a text is said; the knowledge's facts are filled at load.
SAID_LATER = ("days", "quote", "question", "when", "what", "link")
# What a bare yes, no or "I don't know" may do to a question (bot.conversation.answers).
ANSWER_HANDLERS = (
    "ask_which",
    "confirm",
    "deny_listed",
    "forget",
    "gradual",
    "keep_unsure",
    "rule_out",
    "still",
    "stopped",
    "sudden",
)
# What may answer a question (`answered_by`): an entity, the sign being
# confirmed named again, or "it still twitches".
ANSWER_KINDS = ENTITY_KINDS + (WARNING_SIGN, "the_sign", "twitching")
REPLIES = (
    "not_understood",
    "emergency",
    "emergency_reason",
    "emergency_unconfirmed",
    "updated",
    "after_assessment",
    "acknowledged",
    "resume",
    "start_over",
    "no_causes",
    "common_trigger",
    "you_mentioned",
    "unsure_red_flags",
    "cause_unknown",
    "cause_yes",
    "not_sure_understood",
    "out_of_scope",
    "greeting",
    "stopped",
    "forgotten",
    "not_forgotten",
    "yesterday",
    "days_ago",
    "stopped_but",
    "human",
    "summary_offer",
    "summary_not_yet",
)


@dataclass(frozen=True)
class Question:
    name: str
    text: str
    buttons: tuple[str, ...]
    again: str | None  # asked instead of `text` after a bare "yes"
    denies: tuple[str, ...]  # ids that a "no" denies
    answered_by: tuple[str, ...]  # entity kinds that answer it
    on: Mapping[str, str]  # intent (affirm, deny, dont_know) -> answer handler
    signs: Mapping[str, str]  # confirm_sign: the question for each sign
    milder: Mapping[str, str]  # confirm_sign: the sign to ask about next when one is ruled out
    no_words: tuple[str, ...]  # words that answer "no" (unless a yes word is there too)
    yes_words: tuple[str, ...]  # words that answer "yes"
    max_asks: int  # asked at most this often (a confirmation: per sign; intake.yml's max_asks)


@dataclass(frozen=True)
class Texts:
    questions: Mapping[str, Question]
    emergency_intent_confidence: float
    start_over_confidence: float
    forget_confidence: float
    replies: Mapping[str, str]
    input_problems: Mapping[str, str]

    def reply(self, key: str) -> str:
        return self.replies[key]

    def fallback(self, input_problem: str | None) -> str:
        """What to say when a message could not be used, and why."""
        return self.input_problems.get(input_problem or "", self.replies["not_understood"])


def _read(data_dir: Path, name: str) -> dict:
    return yaml.safe_load((data_dir / name).read_text(encoding="utf-8"))


def _one_line(text: Any) -> str:
    return " ".join(str(text).split())


def load_texts(knowledge: Knowledge, data_dir: Path = DATA) -> Texts:
    """Load and check the conversation's data; errors name the entry."""
    vocabulary = knowledge.vocabulary
    intake = fill_facts(_read(data_dir, "intake.yml"), knowledge.facts, SAID_LATER, "intake.yml")
    max_asks = int(intake["max_asks"])
    questions = {}
    for name, entry in intake["questions"].items():
        where = f"intake.yml: question '{name}'"
        if name not in QUESTIONS + ON_REQUEST:
            raise ValueError(f"{where}: unknown question (known: {', '.join(QUESTIONS + ON_REQUEST)})")
        kind = "symptom" if name == "red_flags" else "exposure"
        for id_ in entry.get("denies", []):
            if id_ not in vocabulary[kind]:
                raise ValueError(f"{where}, field 'denies': unknown {kind} id '{id_}'")
        on = {intent: entry[f"on_{intent}"] for intent in ("affirm", "deny", "dont_know") if entry.get(f"on_{intent}")}
        for intent, handler in on.items():
            if handler not in ANSWER_HANDLERS:
                raise ValueError(f"{where}, field 'on_{intent}': unknown handler '{handler}'")
        for answer_kind in entry.get("answered_by", []):
            if answer_kind not in ANSWER_KINDS:
                raise ValueError(f"{where}, field 'answered_by': unknown kind '{answer_kind}'")
        signs = entry.get("signs", {})
        for sign in signs:
            if sign not in vocabulary["symptom"] and sign not in vocabulary["body_part"]:
                raise ValueError(f"{where}, field 'signs': unknown sign '{sign}'")
        milder = entry.get("milder", {})
        for sign, next_sign in milder.items():
            if sign not in signs or next_sign not in signs:
                raise ValueError(f"{where}, field 'milder': '{sign}: {next_sign}' needs both signs' questions")
        # The red-flag screen denies exactly the knowledge's red flags: one list.
        denies = knowledge.red_flag_symptoms if name == "red_flags" else tuple(entry.get("denies", []))
        questions[name] = Question(
            name,
            _one_line(entry["text"]),
            tuple(entry.get("buttons", [])),
            entry.get("again"),
            denies,
            tuple(entry.get("answered_by", [])),
            on,
            {k: _one_line(v) for k, v in signs.items()},
            dict(milder),
            tuple(entry.get("no_words", [])),
            tuple(entry.get("yes_words", [])),
            max_asks,
        )
    if list(questions) != list(QUESTIONS + ON_REQUEST):
        raise ValueError(f"intake.yml: expected the questions {list(QUESTIONS + ON_REQUEST)} in this order")
    replies = fill_facts(_read(data_dir, "replies.yml"), knowledge.facts, SAID_LATER, "replies.yml")
    missing = [k for k in REPLIES if not replies.get(k)] + [p for p in PROBLEMS if not replies[INPUT_PROBLEM].get(p)]
    if missing:
        raise ValueError(f"replies.yml: missing replies {missing}")
    return Texts(
        questions,
        float(intake["emergency_intent_confidence"]),
        float(intake["start_over_confidence"]),
        float(intake["forget_confidence"]),
        {k: _one_line(v) for k, v in replies.items() if k != INPUT_PROBLEM},
        {k: _one_line(v) for k, v in replies[INPUT_PROBLEM].items()},
    )
