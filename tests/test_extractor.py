"""Findings in free text: canonical ids, negation scope, typos, plurals,
brand names and slang; and the lexicon behind it."""
from datetime import date

import pytest
import yaml

from bot.knowledge import load_knowledge
from bot.nlu.extractor import shared_extractor

TODAY = date(2026, 11, 26)


def found(text):
    """(entity, value, 'denied' or '') for each mention, in order."""
    return [(m.entity, m.value, "denied" if m.denied else "") for m in shared_extractor().extract(text, TODAY)]


def test_the_contract_example():
    assert found("I've had an eyelid twitch for 3 days, no weakness, and I drink 4 coffees") == [
        ("body_part", "eyelid", ""), ("symptom", "twitching", ""), ("duration", 3, ""),
        ("symptom", "weakness", "denied"), ("exposure", "caffeine", "")]


@pytest.mark.parametrize("text, expected", [
    ("no weakness or trouble swallowing",
     [("symptom", "weakness", "denied"), ("symptom", "swallowing_difficulty", "denied")]),
    ("I don't drink coffee and my eye twitch is constant",
     [("exposure", "caffeine", "denied"), ("body_part", "eyelid", ""), ("symptom", "twitching", "")]),
    ("I quit smoking years ago", [("exposure", "nicotine", "denied")]),
    ("not weak at all", [("symptom", "weakness", "denied")]),
    ("no weakness, numbness, tingling or cramps",
     [("symptom", "weakness", "denied"), ("symptom", "numbness", "denied"), ("symptom", "tingling", "denied"),
      ("symptom", "cramp", "denied")]),
    ("neither weak nor numb but my tongue twitches",
     [("symptom", "weakness", "denied"), ("symptom", "numbness", "denied"), ("body_part", "tongue", ""),
      ("symptom", "twitching", "")]),
    ("no fever, no falls, no trouble breathing",
     [("symptom", "fever", "denied"), ("symptom", "falls", "denied"), ("symptom", "breathing_difficulty", "denied")]),
    ("twitching without any weakness", [("symptom", "twitching", ""), ("symptom", "weakness", "denied")]),
    ("I take sertraline but no adderall", [("exposure", "antidepressant", ""), ("exposure", "adhd_medication", "denied")]),
    ("I stopped drinking coffee", [("exposure", "caffeine", "denied")]),
    ("I'm trying to quit smoking", [("exposure", "nicotine", "")]),
    ("my eye keeps jumping, it won't stop", [("body_part", "eyelid", ""), ("symptom", "twitching", "")]),
    ("not sure if my leg is weak", [("body_part", "leg", ""), ("symptom", "weakness", "")]),
    ("strength is fine, swallowing is normal",
     [("symptom", "weakness", "denied"), ("symptom", "swallowing_difficulty", "denied")]),
    ("dont smoke, dont vape", [("exposure", "nicotine", "denied"), ("exposure", "nicotine", "denied")]),
    ("no, I'm weak in my hand", [("symptom", "weakness", ""), ("body_part", "hand", "")]),
    ("I haven't had any falls and I drink espresso",
     [("symptom", "falls", "denied"), ("exposure", "caffeine", "")]),
])
def test_negation_scope(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("my pinky twitches", [("body_part", "finger", ""), ("symptom", "twitching", "")]),
    ("my quad is jumping", [("body_part", "thigh", ""), ("symptom", "twitching", "")]),
    ("five espressos a day", [("exposure", "caffeine", "")]),
    ("pre-workout and red bull", [("exposure", "caffeine", ""), ("exposure", "caffeine", "")]),
    ("vaping", [("exposure", "nicotine", "")]),
    ("had covid", [("exposure", "recent_infection", "")]),
    ("I take Zoloft and Vyvanse", [("exposure", "antidepressant", ""), ("exposure", "adhd_medication", "")]),
    ("twiching in my eylid", [("symptom", "twitching", ""), ("body_part", "eyelid", "")]),
    ("adderal", [("exposure", "adhd_medication", "")]),
    ("my calves and feet", [("body_part", "calf", ""), ("body_part", "foot", "")]),
    ("pins-and-needles", [("symptom", "tingling", "")]),
    ("drinking a lot of coffee", [("exposure", "caffeine", "")]),
    ("I'm a heavy drinker, mostly beer", [("exposure", "alcohol", ""), ("exposure", "alcohol", "")]),
    ("the back of my thigh", [("body_part", "thigh", "")]),
    ("it came back after a while back in my eye", [("body_part", "eyelid", "")]),
    ("side effects of my pills", []),
    ("I lost weight", []),
    ("I fell asleep", []),
    ("what is benign fasciculation syndrome", []),
    ("it came on over a few days", [("onset", "gradual", "")]),
    ("all of a sudden my arm went weak", [("onset", "sudden", ""), ("body_part", "arm", ""), ("symptom", "weakness", "")]),
    ("I can't open jars like before", [("symptom", "weakness", "")]),
])
def test_what_people_say(text, expected):
    assert found(text) == expected


def test_offsets_point_at_the_words():
    text = "My LEFT Calf twitches since Monday, no weakness"
    for mention in shared_extractor().extract(text, TODAY):
        assert text[mention.start:mention.end] == mention.text


def test_every_example_of_the_ontology_is_understood(shared):
    ontology = yaml.safe_load((shared / "spec" / "ontology.yml").read_text())
    missed = []
    for kind, ids in ontology["entities"].items():
        for id_, examples in (ids or {}).items():
            for example in examples:
                if (kind, id_, "") not in found(example):
                    missed.append((kind, id_, example, found(example)))
    assert not missed


def test_no_phrase_means_two_things_after_normalisation():
    knowledge = load_knowledge()
    extractor = shared_extractor()
    seen = {}
    for kind, ids in knowledge.lexicon.items():
        for id_, phrases in ids.items():
            for phrase in phrases:
                key = tuple(t.norm_ for t in extractor._doc(phrase))
                assert seen.setdefault(key, (kind, id_)) == (kind, id_), (phrase, seen[key])


@pytest.mark.parametrize("text, red_flag", [
    ("I can't swallow properly", "swallowing_difficulty"), ("I choke on water", "swallowing_difficulty"),
    ("my voice sounds slurred", "speech_difficulty"), ("hard to get words out", "speech_difficulty"),
    ("I'm losing muscle in my hand", "muscle_wasting"), ("my thumb muscle has shrunk", "muscle_wasting"),
    ("I get breathless", "breathing_difficulty"), ("I struggle to breathe when lying down", "breathing_difficulty"),
    ("I fell twice", "falls"), ("my leg gave out", "falls"), ("difficulty walking", "falls"),
    ("I'm stumbling", "falls"), ("my foot drags", "weakness"), ("can't button my shirt", "weakness"),
    ("I keep dropping my phone", "weakness"), ("my legs feel like jelly", "weakness"),
    ("I had a convulsion", "seizure"),
])
def test_red_flags_in_the_words_people_use(text, red_flag):
    """A red flag is never missed: recall over the ways people put them."""
    assert ("symptom", red_flag, "") in found(text)
