"""The conversation's data (data/intake.yml, data/replies.yml), loaded once
and checked against the knowledge vocabulary."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Mapping, Optional, Tuple

import yaml

from bot.knowledge import load_knowledge
from bot.nlu.input_check import PROBLEMS

DATA = Path(__file__).parent / "data"
QUESTIONS = ("body_parts", "duration_days", "red_flags", "onset", "exposures")  # the contract's names
REPLIES = ("not_understood", "emergency", "emergency_reason", "updated", "after_assessment", "acknowledged",
           "resume", "start_over", "no_causes", "common_trigger", "you_mentioned", "unsure_red_flags",
           "cause_unknown", "cause_yes")


@dataclass(frozen=True)
class Question:
    name: str
    text: str
    buttons: Tuple[str, ...]
    again: Optional[str]          # asked instead of `text` after a bare "yes"
    denies: Tuple[str, ...]       # ids that a "no" denies


@dataclass(frozen=True)
class Texts:
    questions: Mapping[str, Question]
    max_asks: int
    replies: Mapping[str, str]
    input_problems: Mapping[str, str]


def _read(name: str) -> Dict:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def texts() -> Texts:
    knowledge = load_knowledge()
    vocabulary = knowledge.vocabulary
    intake = _read("intake.yml")
    questions = {}
    for name, entry in intake["questions"].items():
        if name not in QUESTIONS:
            raise ValueError(f"intake.yml: unknown question '{name}' (known: {', '.join(QUESTIONS)})")
        kind = "symptom" if name == "red_flags" else "exposure"
        for id_ in entry.get("denies", []):
            if id_ not in vocabulary[kind]:
                raise ValueError(f"intake.yml: question '{name}', field 'denies': unknown {kind} id '{id_}'")
        # The red-flag screen denies exactly the knowledge's red flags: one list.
        denies = knowledge.red_flag_symptoms if name == "red_flags" else tuple(entry.get("denies", []))
        questions[name] = Question(name, " ".join(entry["text"].split()), tuple(entry.get("buttons", [])),
                                   entry.get("again"), denies)
    if list(questions) != list(QUESTIONS):
        raise ValueError(f"intake.yml: expected the questions {list(QUESTIONS)} in this order")
    replies = _read("replies.yml")
    missing = [k for k in REPLIES if not replies.get(k)] + [p for p in PROBLEMS if not replies["input_problem"].get(p)]
    if missing:
        raise ValueError(f"replies.yml: missing replies {missing}")
    return Texts(questions, int(intake["max_asks"]),
                 {k: " ".join(str(v).split()) for k, v in replies.items() if k != "input_problem"},
                 {k: " ".join(v.split()) for k, v in replies["input_problem"].items()})


def reply(key: str) -> str:
    return texts().replies[key]


def fallback_reply(input_problem: Optional[str]) -> str:
    """What to say when a message could not be used, and why."""
    return texts().input_problems.get(input_problem or "", reply("not_understood"))
