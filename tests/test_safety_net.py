"""The safety net (bot.nlu.safety_net) on small data it makes itself, with a
stand-in encoder, and the trained component inside the real model."""

import hashlib

import numpy as np
import pytest

from bot.nlu.safety_net import SafetyNet, blanked, doubtful_phrases, features, only_where, training_set
from bot.nlu.sentence_embedding import shared_encoder

WEAK = [
    "my keys slip out of my hand",
    "I can't turn the key anymore",
    "my hand won't grip the kettle",
    "the jar lid beats me now, no grip",
    "my fingers won't hold a pen",
    "I keep letting go of my cup",
]
SWALLOW = [
    "food goes down the wrong way",
    "water goes down the wrong way and I cough",
    "bread sticks in my throat",
    "pills get stuck when I swallow",
    "I splutter on every drink",
    "my tea goes down the wrong way",
]
PLAIN = [
    "my eyelid twitches after coffee",
    "calf twitch after the gym",
    "my thumb jumps when I'm stressed",
    "eye flicker for three days",
    "twitchy thigh after a run",
    "my cheek twitches at night",
    "I drink five espressos a day",
    "little sleep and exams",
    "my arm twitches after vaping",
    "twitching all week with the new baby",
]


def bag_encoder(text: str) -> np.ndarray:
    """A stand-in sentence encoder: hashed words, normalised."""
    vector = np.zeros(64, dtype=np.float32)
    for word in text.lower().split():
        vector[int(hashlib.md5(word.encode()).hexdigest(), 16) % 64] += 1
    return vector / max(float(np.linalg.norm(vector)), 1e-6)


@pytest.fixture(scope="module")
def net():
    texts = WEAK + SWALLOW + PLAIN
    labels = [["weakness"]] * len(WEAK) + [["swallowing_difficulty"]] * len(SWALLOW) + [[]] * len(PLAIN)
    return SafetyNet.train(
        texts,
        labels,
        ["weakness", "swallowing_difficulty"],
        bag_encoder,
        first_recall=0.9,
        second_recall=0.9,
        c_first=4.0,
        c_second=4.0,
    )


def test_features_are_words_pairs_and_character_grams():
    found = features("Keys slip")
    assert {"w:keys", "w:slip", "b:keys slip", "c: ke", "c:lip "} <= set(found)


def test_it_flags_the_sign_with_the_clause_that_suggests_it(net):
    text = "had coffee this morning. my keys slip out of my hand"
    flags = {f.sign: f for f in net.flags(text)}
    assert "weakness" in flags and "swallowing_difficulty" not in flags
    assert "keys slip" in text[flags["weakness"].start : flags["weakness"].end]


def test_a_sign_the_lexicon_named_is_left_out(net):
    assert not net.flags("my keys slip out of my hand", named={"weakness"})


def test_blanked_keeps_the_offsets():
    assert blanked("no weakness, can't grip", [(3, 11)]) == "no         , can't grip"


def test_plain_twitching_raises_no_flag(net):
    assert not net.flags("my eyelid twitches after coffee")


def test_it_saves_and_loads_the_same(net, tmp_path):
    net.save(tmp_path)
    again = SafetyNet.load(tmp_path, bag_encoder)
    text = "food keeps going down the wrong way"
    assert again.flags(text) == net.flags(text)


def test_the_training_set_adds_lexicon_phrases_but_ambiguous_ones_and_examples():
    corpus = [{"text": "my keys slip", "signs": ["weakness"]}]
    texts, labels = training_set(
        corpus,
        {"symptom": {"weakness": ("weak", "fell")}, "body_part": {"tongue": ("tongue",)}},
        [("hello there", [])],
        ["weakness", "tongue"],
        {"symptom": {"weakness": ("fell",)}},
    )
    assert texts == ["my keys slip", "weak", "tongue", "hello there"]
    assert labels == [["weakness"], ["weakness"], ["tongue"], []]


@pytest.mark.parametrize(
    "text, places, only",
    [
        ("only in my left calf", [(16, 20)], True),
        ("it's in my thumb and my eyelid", [(11, 16), (24, 30)], True),
        ("just the left one", [], True),
        ("my left calf is thinner", [(8, 12)], False),
        ("in my calf for 3 weeks", [(6, 10)], False),
    ],
)
def test_only_where_is_a_text_that_says_where_and_nothing_else(text, places, only):
    assert only_where(text, places) == only


def test_a_message_or_clause_that_only_says_where_is_not_scored():
    """Trained where calves are named only when they have wasted, the net
    reads a bare calf as wasting: the answer to "where does it twitch?"."""
    wasted = [
        "my left calf looks thinner",
        "right calf has shrunk",
        "calf muscle has wasted away",
        "one calf is skinnier",
        "my calf looks hollow now",
        "the left calf got smaller",
    ]
    net = SafetyNet.train(
        wasted + PLAIN,
        [["muscle_wasting"]] * len(wasted) + [[]] * len(PLAIN),
        ["muscle_wasting"],
        bag_encoder,
        first_recall=0.9,
        second_recall=0.9,
        c_first=4.0,
        c_second=4.0,
    )
    assert [f.sign for f in net.flags("in my left calf")] == ["muscle_wasting"]
    assert not net.flags("in my left calf", places=[(11, 15)])
    answer = "in my left calf, for three weeks"  # flagged for its first clause, which only says where
    assert [(f.sign, f.end) for f in net.flags(answer)] == [("muscle_wasting", 15)]
    assert not net.flags(answer, places=[(11, 15)])
    assert [f.sign for f in net.flags("my left calf looks thinner", places=[(8, 12)])] == ["muscle_wasting"]


def test_the_real_encoder_gives_unit_vectors_that_know_meaning():
    encode = shared_encoder().encode
    keys, grip, coffee = encode("my keys slip out of my hand"), encode("I can't grip things"), encode("I love coffee")
    assert keys.shape == (384,) and abs(float(np.linalg.norm(keys)) - 1) < 1e-4
    assert float(keys @ grip) > float(keys @ coffee)


@pytest.mark.servers
@pytest.mark.parametrize(
    "text, sign",
    [
        ("these days my fingers just can't manage the tiny buttons on my shirt", "weakness"),
        ("every mouthful of soup seems to go the wrong way lately", "swallowing_difficulty"),
    ],
)
def test_the_trained_model_finds_signs_the_lexicon_lacks(assistant, text, sign):
    entities = assistant.parse(text)["entities"]
    found = {e["value"] for e in entities if e["entity"] in ("warning_sign", "symptom")}
    assert sign in found, entities


@pytest.mark.servers
@pytest.mark.parametrize(
    "text",
    [
        "in my calf",
        "only in my left calf",
        "my right thumb",
        "it's in my shoulder",
        "in my calf, for about 3 weeks",
        "my thumb, mostly after coffee",
    ],
)
def test_where_it_twitches_is_no_warning_sign(assistant, text):
    """The answer to "where does it twitch?" read as muscle wasting, and the
    assistant asked a needless confirmation: the corpus names calves and
    thumbs mostly where they have wasted."""
    entities = assistant.parse(text)["entities"]
    assert not [e for e in entities if e["entity"] == "warning_sign"], entities
    assert any(e["entity"] == "body_part" for e in entities), entities


@pytest.mark.servers
def test_a_wasted_place_is_still_a_warning_sign(assistant):
    entities = assistant.parse("right calf smaller")["entities"]
    assert any(e["entity"] == "warning_sign" and e["value"] == "muscle_wasting" for e in entities), entities


@pytest.mark.servers
@pytest.mark.parametrize(
    "text, sign, role",
    [
        ("the stock market fell again today and my eyelid has twitched for 3 days", "falls", "possible"),
        ("I fell down the stairs twice this week, my legs just went", "falls", None),
    ],
)
def test_the_net_decides_whether_an_ambiguous_word_stands(assistant, text, sign, role):
    entities = [e for e in assistant.parse(text)["entities"] if e["entity"] == "symptom" and e["value"] == sign]
    assert entities and {e.get("role") for e in entities} == {role}, entities


@pytest.mark.servers
@pytest.mark.parametrize(
    "text, flagged",
    [
        ("nah no weakness mate, just can't get the lid off me water bottle like I used to", True),
        ("no weakness, no trouble swallowing, just twitching in my calf for 3 weeks", False),
    ],
)
def test_a_sign_denied_in_so_many_words_may_be_said_in_others(assistant, text, flagged):
    """The net reads the message without the denied words: what it still
    finds is asked about."""
    entities = assistant.parse(text)["entities"]
    assert any(e["entity"] == "symptom" and e["value"] == "weakness" and e.get("role") == "denied" for e in entities)
    assert any(e["entity"] == "warning_sign" and e["value"] == "weakness" for e in entities) == flagged, entities


def test_phrases_the_corpus_shows_to_mislead_are_doubtful():
    weak, drop = ("symptom", "weakness", ("weak",)), ("symptom", "weakness", ("drop", "my"))
    matches = [(weak, True), (weak, False), (weak, False), (weak, False), (drop, True), (drop, False), (drop, True)]
    assert doubtful_phrases(matches) == [weak]
