"""The knowledge covers the ontology and the sources, in our own words."""

import hashlib
import re
from pathlib import Path

import pytest
import yaml

from bot.knowledge import load_knowledge
from tests.paths import SPEC

K = load_knowledge()


def test_every_ontology_id_is_known():
    ontology = yaml.safe_load((SPEC / "ontology.yml").read_text())
    for kind, ids in ontology["entities"].items():
        if kind != "duration":
            assert set(ids) <= set(K.vocabulary[kind]), kind
    assert list(K.causes) == list(ontology["causes"])  # all 18, none invented
    assert list(K.levels) == list(ontology["triage_levels"])


def test_every_cause_is_complete():
    for cause in K.causes.values():
        assert len(cause.explanation) > 60, cause.id
        assert cause.self_care and cause.sources, cause.id
        assert cause.evidence or cause.duration_evidence, cause.id


def text_of(cause_id):
    cause = K.causes[cause_id]
    return " ".join([cause.explanation, *cause.self_care]).lower()


@pytest.mark.parametrize(
    "cause_id, facts",
    [
        ("hypercalcemia", ["supplement", "vitamin d", "magnesium", "parathyroid", "cramp rather than a twitch"]),
        ("vitamin_d_excess", ["calcium", "into the cells"]),
        ("hyperventilation", ["panic", "bad news", "exercise", "medicines", "asthma", "emphysema"]),
        ("caffeine", ["espresso", "energy drink", "catecholamines", "adrenaline", "dopamine", "broken"]),
        ("stimulant_medication", ["adhd", "antidepressant", "dose"]),
        ("nicotine", ["stimulant"]),
        ("small_fiber_neuropathy", ["fibromyalgia", "half", "skin biopsy", "rheumatological"]),
        (
            "cold_flu_medication",
            ["decongestant", "pseudoephedrine", "antihistamine", "albuterol", "beta-agonist", "fluids"],
        ),
        ("viral_infection", ["virus itself", "covid", "hiv", "temporary"]),
        ("b12_deficiency", ["blood test", "supplement", "homocysteine"]),
        ("anxiety_stress", ["in bed", "stops once you are asleep", "every night"]),
        ("gadolinium", ["mri", "electrified", "benign fasciculation"]),
        ("hyperhomocysteinemia", ["heart attack", "constant", "b12", "folate"]),
        ("pinched_nerve", ["spine", "chiropractor", "massage", "acupuncturist"]),
        ("exercise", ["lactic acid", "forearms", "calves", "thighs", "tummy", "back", "zumba", "clears"]),
        ("benign_fasciculation_syndrome", ["normal strength", "motor neurone disease", "doctor"]),
    ],
)
def test_the_seed_facts_are_there(cause_id, facts):
    for fact in facts:
        assert fact in text_of(cause_id), (cause_id, fact)


def test_the_seed_tests_are_there():
    names = {test.detail.lower() for test in K.tests.values()}
    for needed in [
        "electrolyte",
        "urine",
        "imaging",
        "nutrient profile",
        "organic acids",
        "calcium",
        "parathyroid",
        "vitamin d",
        "b12",
        "homocysteine",
        "folate",
    ]:
        assert any(needed in name for name in names), needed


def fingerprint(words: list) -> str:
    return hashlib.sha256(" ".join(words).encode()).hexdigest()[:16]


def test_explanations_are_in_our_own_words():
    """No run of eight words of the founding article is copied (its runs'
    fingerprints are in tests/data; the article itself stays outside)."""

    def words(text):
        return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))

    lines = (Path(__file__).with_name("data") / "seed-runs.txt").read_text().splitlines()
    seed_runs = {line for line in lines if line and not line.startswith("#")}
    assert len(seed_runs) > 1000
    for cause in K.causes.values():
        ours = words(" ".join([cause.explanation, *cause.self_care]))
        copied = [" ".join(ours[i : i + 8]) for i in range(len(ours) - 7) if fingerprint(ours[i : i + 8]) in seed_runs]
        assert not copied, (cause.id, copied)


def test_every_fact_names_a_source():
    assert set(K.sources) == {"seed", "nhs", "nice_ng42", "bfs_followup"}
    for test in K.tests.values():
        assert test.sources, test.id
