"""Token normalisation for matching: lower case, singular, and small typos
corrected towards the lexicon's words ("twiching" -> "twitching",
"eyelids" -> "eyelid", "adderal" -> "adderall").

A typo is corrected only when the word is not a real English word (so
"weight" never becomes "weights") and exactly one lexicon word is one edit
away (insertion, deletion, substitution or swap of neighbours).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Optional

IRREGULAR = {"calves": "calf", "feet": "foot", "teeth": "tooth", "knives": "knife", "halves": "half"}
# Reports about someone else are findings like any other: "his words" reads
# as the lexicon's "my words".
POSSESSIVES = {"his": "my", "her": "my", "their": "my", "your": "my", "ur": "my"}
# Scots "nae" is "no" or "not": "nae weakness", "I can nae speak properly".
# (Not Geordie "nee": as often a misspelt "knee".)
DIALECT = {"nae": "not"}
MIN_TYPO_LENGTH = 5  # shorter words are too easily another word
MIN_TARGET_LENGTH = 6  # only longer lexicon words are typo targets
MIN_STEM_LENGTH = 3  # "is" is not the plural of "i"


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _one_edit(a: str, b: str) -> bool:
    """Optimal string alignment distance of exactly 1."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


class Normaliser:
    """Maps a lower-cased token to the form patterns are matched on."""

    def __init__(self, lexicon_words: Iterable[str], is_english_word: Callable[[str], bool]) -> None:
        self.words: frozenset[str] = frozenset(lexicon_words)
        self._is_english_word = is_english_word
        self._index: dict[str, set[str]] = {}
        for word in self.words:
            if len(word) >= MIN_TARGET_LENGTH and word.isalpha():
                for key in _deletes(word) | {word}:
                    self._index.setdefault(key, set()).add(word)
        self.norm = functools.lru_cache(maxsize=50_000)(self._norm)

    def _singular(self, word: str) -> Optional[str]:
        if word in IRREGULAR:
            return IRREGULAR[word]
        for suffix, replacement in (("ies", "y"), ("es", ""), ("s", "")):
            stem = word[: -len(suffix)] + replacement
            if word.endswith(suffix) and len(stem) >= MIN_STEM_LENGTH and stem in self.words:
                return stem
        return None

    def _typo(self, word: str) -> Optional[str]:
        if len(word) < MIN_TYPO_LENGTH or not word.isalpha() or self._is_english_word(word):
            return None
        candidates = set(self._index.get(word, ()))
        for key in _deletes(word):
            candidates |= self._index.get(key, set())
        matches = {c for c in candidates if _one_edit(word, c)}
        return matches.pop() if len(matches) == 1 else None

    def _norm(self, word: str) -> str:
        word = word.lower()
        if word in POSSESSIVES:
            return POSSESSIVES[word]
        if word in DIALECT:
            return DIALECT[word]
        # The singular first: "legs" is a lexicon word too ("legs gave way").
        singular = self._singular(word)
        if singular or word in self.words:
            return singular or word
        return self._typo(word) or word
