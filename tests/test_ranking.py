"""Cause ranking: each cause leads on its own strongest evidence, and the
ranking is sensible on realistic cases (written from the sources)."""

import copy
import pickle
from dataclasses import replace
from typing import Any

import pytest

from bot.knowledge import assess
from bot.knowledge.loader import load_knowledge


def strongest_evidence(cause_id):
    """Findings made of the evidence for which this cause weighs more than
    any other cause, plus a duration inside its best duration band."""
    knowledge = load_knowledge()
    cause = knowledge.causes[cause_id]
    slots: dict[str, Any] = {
        "symptoms": [],
        "body_parts": [],
        "exposures": [],
        "denied_symptoms": [],
        "denied_exposures": [],
    }
    affirmed_slot = {"symptom": "symptoms", "body_part": "body_parts", "exposure": "exposures"}
    denied_slot = {"symptom": "denied_symptoms", "exposure": "denied_exposures"}
    for table, slot_of in ((lambda c: c.evidence, affirmed_slot), (lambda c: c.denied_evidence, denied_slot)):
        for (kind, id_), weight in table(cause).items():
            if all(
                table(other).get((kind, id_), 0) < weight for other in knowledge.causes.values() if other is not cause
            ):
                slots[slot_of[kind]].append(id_)
    if cause.duration_evidence:
        band = max(cause.duration_evidence, key=lambda b: (b.weight, b.over or 0))
        slots["duration_days"] = (band.over or 0) + 1 if band.up_to is None else band.up_to
    return slots


@pytest.mark.parametrize("cause_id", list(load_knowledge().causes))
def test_each_cause_ranks_first_on_its_strongest_evidence(cause_id):
    findings = strongest_evidence(cause_id)
    assert any(findings[k] for k in ("symptoms", "exposures", "denied_symptoms", "body_parts")), findings
    result = assess(findings)
    assert result.causes[0].id == cause_id, (findings, result.likely_causes)
    assert result.causes[0].evidence


@pytest.mark.parametrize(
    "findings, first",
    [
        (
            {"symptoms": ["twitching"], "body_parts": ["eyelid"], "duration_days": 3, "exposures": ["caffeine"]},
            "caffeine",
        ),
        ({"body_parts": ["calf", "thigh", "forearm", "back"], "exposures": ["caffeine"]}, "caffeine"),
        ({"body_parts": ["calf"], "exposures": ["intense_exercise"], "duration_days": 1}, "exercise"),
        ({"exposures": ["beta_agonist", "asthma_copd"]}, "cold_flu_medication"),
        ({"exposures": ["recent_infection"], "symptoms": ["fever"]}, "viral_infection"),
        ({"exposures": ["low_b12_diet"], "symptoms": ["tingling"], "duration_days": 90}, "b12_deficiency"),
        ({"exposures": ["gadolinium_contrast"], "symptoms": ["electrified_skin"]}, "gadolinium"),
        ({"exposures": ["stress"], "symptoms": ["insomnia"], "body_parts": ["eyelid"]}, "anxiety_stress"),
        ({"exposures": ["vitamin_d_supplement"]}, "vitamin_d_excess"),
        (
            {"exposures": ["fibromyalgia"], "symptoms": ["burning_pain"], "body_parts": ["foot"]},
            "small_fiber_neuropathy",
        ),
        ({"exposures": ["antidepressant"], "symptoms": ["insomnia"], "body_parts": ["eyelid"]}, "stimulant_medication"),
    ],
)
def test_realistic_cases_lead_with_the_cause_they_point_to(findings, first):
    assert assess(findings).causes[0].id == first


def test_direct_evidence_outranks_a_cause_that_only_fits_the_location():
    # Exercise twitching is felt in calves, thighs and forearms, but the person
    # told us about caffeine, not exercise.
    ranked = assess({"body_parts": ["calf", "thigh", "forearm"], "exposures": ["caffeine"]}).likely_causes
    assert ranked.index("caffeine") < ranked.index("exercise")


def test_evidence_names_the_findings_of_the_conversation():
    cause = assess({"exposures": ["caffeine"], "symptoms": ["palpitations"]}).causes[0]
    assert cause.id == "caffeine"
    assert [e.code for e in cause.evidence] == ["exposure caffeine", "symptom palpitations"]
    assert [e.label for e in cause.evidence] == ["caffeine", "a racing heart"]  # the vocabulary's words
    assert cause.evidence[0].kind == "exposure" and cause.evidence[0].weight > 0


def test_evidence_and_tests_are_plain_records_that_copy_pickle_and_compare_on_every_field():
    result = assess({"exposures": ["caffeine"], "symptoms": ["palpitations"], "duration_days": 21})
    evidence, test = result.causes[0].evidence[0], result.tests[0]
    for item in (evidence, test, result):
        assert copy.deepcopy(item) == item and pickle.loads(pickle.dumps(item)) == item
    assert replace(evidence, weight=evidence.weight + 1) != evidence  # equality sees every field
    assert replace(test, detail="other words") != test
    days = [e for c in result.causes for e in c.evidence if e.kind == "duration"]
    assert days and days[0].code == "duration 21 days" and days[0].label == "21 days" and days[0].id is None


def test_denied_exposures_count_against_their_causes():
    base = {"symptoms": ["twitching"], "body_parts": ["eyelid"]}
    assert "caffeine" in assess(base).likely_causes
    assert "caffeine" not in assess({**base, "denied_exposures": ["caffeine"]}).likely_causes
    with_stress = assess({**base, "exposures": ["stress"], "denied_exposures": ["stress"]})
    assert with_stress.causes[0].id == "anxiety_stress"  # affirmed wins over a stale denial


def test_with_no_exposure_the_common_causes_lead():
    for findings in (
        {},
        {"symptoms": ["twitching"], "body_parts": ["eyelid"], "duration_days": 2},
        {"symptoms": ["twitching"], "body_parts": ["thigh"]},
    ):
        assert set(assess(findings).likely_causes[:3]) == {"anxiety_stress", "fatigue", "caffeine"}, findings


def test_benign_fasciculation_syndrome_only_after_weeks_with_normal_strength():
    normal_strength = {"denied_symptoms": ["weakness", "muscle_wasting"]}
    assert assess({**normal_strength, "duration_days": 60}).causes[0].id == "benign_fasciculation_syndrome"
    assert "benign_fasciculation_syndrome" not in assess({**normal_strength, "duration_days": 5}).likely_causes
    assert assess({"duration_days": 60}).causes[0].id != "benign_fasciculation_syndrome"
    weak = assess({"symptoms": ["weakness"], "onset": "gradual", "duration_days": 60})
    assert "benign_fasciculation_syndrome" not in weak.likely_causes


def test_constant_twitching_brings_up_homocysteine():
    assert "hyperhomocysteinemia" in assess({"duration_days": 365}).likely_causes
    assert "hyperhomocysteinemia" not in assess({"duration_days": 10}).likely_causes


def test_scores_are_shares_and_the_list_is_bounded(knowledge):
    result = assess(
        {"exposures": ["caffeine", "stress", "nicotine", "alcohol", "intense_exercise", "sleep_deprivation"]}
    )
    assert len(result.causes) == knowledge.scoring.max_listed
    scores = [c.score for c in result.causes]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 1 for s in scores) and sum(scores) == pytest.approx(1, abs=0.03)


def test_self_care_and_tests_follow_the_likely_causes():
    result = assess({"exposures": ["low_b12_diet"], "duration_days": 40})
    assert {"B12", "homocysteine"} <= {t.name for t in result.tests}  # the payload's short names
    assert any("vitamin B12" in t.detail for t in result.tests)
    assert any("B12" in step for step in result.self_care)
    urgent = assess({"symptoms": ["muscle_wasting"]})
    assert [t.name for t in urgent.tests][:2] == ["neurological examination", "EMG"]


def test_payload_matches_the_contract():
    payload = assess({"symptoms": ["twitching"], "duration_days": 21, "exposures": ["caffeine"]}).payload()
    body = payload["assessment"]
    assert body["triage_level"] == "gp_routine"
    assert any("21 days" in r for r in body["reasons"])
    assert body["causes"][0]["id"] == "caffeine"
    assert body["causes"][0]["evidence"][0] == "exposure caffeine"
    assert isinstance(body["causes"][0]["score"], float)
    assert all(isinstance(t, str) for t in body["tests"]) and body["tests"]


def test_payload_extensions_carry_labels_quotes_and_test_details_beside_the_contract_lists():
    result = assess(
        {
            "symptoms": ["twitching", "palpitations"],
            "denied_symptoms": ["weakness"],
            "duration_days": 21,
            "exposures": ["caffeine"],
            "body_parts": ["eyelid"],
        }
    )
    body = result.payload({("exposure", "caffeine"): "five espressos", ("symptom", "weakness"): "weak"})["assessment"]
    assert body["level"] == {
        "id": "gp_routine",
        "label": "see a doctor in the coming weeks",
        "colour": load_knowledge().levels["gp_routine"].colour,
        "summary": result.summary,
        "advice": result.advice,
    }
    for cause in body["causes"]:  # the same findings, in the same order, as records
        assert [d["code"] for d in cause["evidence_details"]] == cause["evidence"]
    details = {d["code"]: d for c in body["causes"] for d in c["evidence_details"]}
    assert details["exposure caffeine"] == {
        "code": "exposure caffeine",
        "kind": "exposure",
        "id": "caffeine",
        "label": "caffeine",
        "denied": False,
        "quote": "five espressos",
    }
    assert (
        details["symptom palpitations"]["label"] == "a racing heart" and "quote" not in details["symptom palpitations"]
    )
    assert details["duration 21 days"]["days"] == 21 and details["duration 21 days"]["id"] is None
    denied = [d for d in details.values() if d["denied"]]
    assert all("quote" not in d for d in denied)  # the words quoted are those that affirmed a finding
    assert [t["name"] for t in body["test_details"]] == body["tests"]
    assert all(t["detail"] and t["id"] for t in body["test_details"])
    assert body["causes_explained"] == load_knowledge().scoring.explained <= len(body["causes"])
    # weakness denied; the other warning signs not asked about, with what to do if one is there
    unsure = {"muscle_wasting": "muscle wasting", "swallowing_difficulty": "trouble swallowing"}
    assert all({"id": id_, "label": label} in body["unscreened_red_flags"] for id_, label in unsure.items())
    assert "weakness" not in [f["id"] for f in body["unscreened_red_flags"]]
    assert body["unscreened_advice"] == load_knowledge().levels[load_knowledge().unnamed_sign_level].summary
