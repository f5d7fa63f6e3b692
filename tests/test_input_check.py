"""Unusable messages are recognised; ordinary ones are left alone."""

import pytest

from bot.nlu.extractor import shared_extractor
from bot.nlu.input_check import MAX_CHARS, check_input
from bot.nlu.input_guard import spacy_language_hints

HINTS = spacy_language_hints(["es", "fr", "de", "pt", "it", "nl"], shared_extractor())


@pytest.mark.parametrize(
    "text, problem",
    [
        (None, "empty"),
        ("", "empty"),
        (" \n\t ", "empty"),
        ("a" * (MAX_CHARS + 1), "too_long"),
        ("\x00\x01\x02\x03", "unreadable"),
        ("PK\x03\x04\x14\x00\x06\x00", "unreadable"),
        ("\ufffd\ufffd\ufffdab", "unreadable"),
        ("🙂🙂", "no_words"),
        ("?!...", "no_words"),
        ("Hola, me tiembla el ojo desde hace tres días", "other_language"),
        ("Mon oeil tremble depuis trois jours et je suis fatigué", "other_language"),
        ("Mein Auge zuckt seit drei Tagen", "other_language"),
        ("Meu olho está tremendo há uma semana", "other_language"),
        ("У меня дергается глаз", "other_language"),
        ("眼皮一直跳", "other_language"),
        ("qwpoeiru zxmvn lkjasd", "gibberish"),
        ("asdfgh jklmnb", "gibberish"),
    ],
)
def test_unusable_messages_are_named(text, problem):
    assert check_input(text, HINTS) == problem


@pytest.mark.parametrize(
    "text",
    [
        "hi",
        "no",
        "yes",
        "3",
        "2-3 weeks",
        "idk",
        "si",
        "asdkjh qwe zzz",
        "my eyelid has been twitching for 3 days and I live on espresso",
        "I have a twitch in my calf since 2 days, no weakness",
        "vegan, no meat, and I take sertraline",
        "a" * MAX_CHARS,
        "My left eye keeps jumping 😩 since Monday!!",
        "hi hi",
        "the twitches come and go",
        "hey, got a minute?",
        "I had covid and now my calf twitches, per my doctor it is benign",
        "idk",
        "adderall vyvanse",
        "twiching eylid",
        "lol",
    ],
)
def test_ordinary_messages_pass(text):
    assert check_input(text, HINTS) is None


def test_the_stop_words_are_spacys_own_without_its_language_packages():
    import importlib

    for code in ("en", "es", "fr", "de", "pt", "it", "nl"):
        words = importlib.import_module(f"spacy.lang.{code}.stop_words").STOP_WORDS
        if code == "en":
            assert HINTS.english == frozenset(words)
        else:
            assert HINTS.others[code] <= frozenset(words) and len(HINTS.others[code]) > 50
