"""Spot messages the assistant cannot use, so it can say why instead of
guessing: empty, too long, binary or garbled, no words at all, written in
another language, or made of no known words at all. Plain Python; the Rasa
component is `input_guard`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Optional

PROBLEMS = ("empty", "too_long", "unreadable", "no_words", "other_language", "gibberish")
MAX_CHARS = 5000
UNREADABLE_SHARE = 0.1  # of control, replacement or private-use characters
MIN_FOREIGN_STOP_WORDS = 2
MIN_GIBBERISH_WORD = 5
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class LanguageHints:
    """Stop words of English and of other languages (minus English ones),
    and whether a word is known at all (English or the lexicon's)."""

    english: frozenset
    others: Mapping[str, frozenset]
    is_known: Callable[[str], bool] = lambda word: True


def _unreadable(text: str) -> bool:
    if "\x00" in text:
        return True
    odd = sum(1 for c in text if (unicodedata.category(c) in ("Cc", "Co", "Cs") and c not in "\t\n\r") or c == "\ufffd")
    return odd / len(text) > UNREADABLE_SHARE


def _other_language(text: str, hints: LanguageHints) -> bool:
    letters = [c for c in text if c.isalpha()]
    latin = sum(1 for c in letters if "LATIN" in unicodedata.name(c, ""))
    if latin < len(letters) / 2:
        return True  # mostly another script: Cyrillic, Greek, CJK, Arabic...
    words = [w.lower() for w in WORD.findall(text)]
    english = sum(1 for w in words if w in hints.english)
    foreign = max((sum(1 for w in words if w in stops) for stops in hints.others.values()), default=0)
    return foreign >= MIN_FOREIGN_STOP_WORDS and foreign > 2 * english


def _gibberish(text: str, hints: LanguageHints) -> bool:
    """Several words and not one of them known: keyboard mashing."""
    words = [w.lower() for w in WORD.findall(text)]
    long_words = [w for w in words if len(w) >= MIN_GIBBERISH_WORD]
    enough = len(words) >= 3 or len(long_words) >= 2
    return enough and not any(hints.is_known(w) for w in words)


def check_input(text: Optional[str], hints: LanguageHints) -> Optional[str]:
    """The problem with a message (one of PROBLEMS), or None when it can
    be understood."""
    if text is None or not text.strip():
        return "empty"
    if len(text) > MAX_CHARS:
        return "too_long"
    if _unreadable(text):
        return "unreadable"
    if not any(c.isalnum() for c in text):
        return "no_words"
    if _other_language(text, hints):
        return "other_language"
    if _gibberish(text, hints):
        return "gibberish"
    return None
