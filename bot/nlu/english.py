"""English word knowledge from pyspellchecker's frequency list (shipped
inside the package, no download): is a word ordinary English, and how
common is it."""

from __future__ import annotations

import functools

COMMON_ENGLISH = 1e-5  # usage share above which a word is everyday English ("hi", "come")


@functools.lru_cache(maxsize=1)
def _checker():
    from spellchecker import SpellChecker

    return SpellChecker(distance=1)


def is_english_word(word: str) -> bool:
    return word in _checker()


def is_common_english(word: str) -> bool:
    return _checker().word_usage_frequency(word) >= COMMON_ENGLISH
