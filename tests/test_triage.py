"""Every triage rule of docs/spec/clinical-rules.md, each way: a case
where it fires and a near miss where it does not. The cases are written by
hand from the clinical rules, not generated from the data under test."""

from typing import Any

import pytest

from bot.knowledge import assess

TW = ["twitching"]

# (rule id, findings where it fires, expected level, near-miss findings)
RULE_CASES = [
    (
        "breathing_difficulty",
        {"symptoms": TW + ["breathing_difficulty"]},
        "emergency",
        {"symptoms": TW, "denied_symptoms": ["breathing_difficulty"]},
    ),
    ("seizure", {"symptoms": ["seizure"]}, "emergency", {"symptoms": TW, "denied_symptoms": ["seizure"]}),
    (
        "sudden_weakness",
        {"symptoms": TW + ["weakness"], "onset": "sudden"},
        "emergency",
        {"symptoms": TW + ["weakness"], "onset": "gradual"},
    ),
    (
        "sudden_speech_or_swallowing",
        {"symptoms": TW + ["speech_difficulty"], "onset": "sudden"},
        "emergency",
        {"symptoms": TW + ["speech_difficulty"], "onset": "gradual"},
    ),
    (
        "sudden_speech_or_swallowing",
        {"symptoms": ["swallowing_difficulty"], "onset": "sudden"},
        "emergency",
        {"symptoms": TW, "denied_symptoms": ["swallowing_difficulty"], "onset": "sudden"},
    ),
    (
        "stroke_signs_onset_unknown",
        {
            "symptoms": TW + ["weakness", "speech_difficulty"],
            "onsets": {"weakness": "unknown", "speech_difficulty": "unknown"},
        },
        "emergency",
        {
            "symptoms": TW + ["weakness", "speech_difficulty"],
            "onsets": {"weakness": "gradual", "speech_difficulty": "gradual"},
        },
    ),
    (
        "fever_with_confusion",
        {"symptoms": TW + ["fever", "confusion"]},
        "emergency",
        {"symptoms": TW + ["fever"], "denied_symptoms": ["confusion"]},
    ),
    (
        "unable_to_swallow",
        {"symptoms": ["unable_to_swallow"]},
        "emergency",
        {"symptoms": TW, "denied_symptoms": ["unable_to_swallow"]},
    ),
    (
        "weakness_or_falls",
        {"symptoms": TW + ["weakness"], "onset": "gradual"},
        "gp_urgent",
        {"symptoms": TW, "denied_symptoms": ["weakness"]},
    ),
    ("weakness_or_falls", {"symptoms": TW + ["falls"]}, "gp_urgent", {"symptoms": TW, "denied_symptoms": ["falls"]}),
    (
        "muscle_wasting",
        {"symptoms": TW + ["muscle_wasting"]},
        "gp_urgent",
        {"symptoms": TW, "denied_symptoms": ["muscle_wasting"]},
    ),
    (
        "gradual_speech_or_swallowing",
        {"symptoms": TW + ["swallowing_difficulty"], "onset": "gradual"},
        "gp_urgent",
        {"symptoms": TW, "denied_symptoms": ["swallowing_difficulty", "speech_difficulty"]},
    ),
    (
        "tongue_twitching",
        {"symptoms": TW, "body_parts": ["tongue"]},
        "gp_urgent",
        {"symptoms": TW, "body_parts": ["lip"]},
    ),
    (
        "spreading_with_weakness",
        {"symptoms": TW + ["weakness"], "body_parts": ["arm", "calf"], "onset": "gradual"},
        "gp_urgent",
        {"symptoms": TW + ["weakness"], "body_parts": ["hand"], "onset": "gradual"},
    ),
    (
        "unspecified_red_flag",
        {"symptoms": TW + ["unspecified_red_flag"]},
        "gp_urgent",
        {"symptoms": TW, "denied_symptoms": ["unspecified_red_flag"]},
    ),
    (
        "new_confusion",
        {"symptoms": TW + ["confusion"]},
        "gp_urgent",
        {"symptoms": TW, "denied_symptoms": ["confusion"]},
    ),
    ("lasting_twitching", {"symptoms": TW, "duration_days": 21}, "gp_routine", {"symptoms": TW, "duration_days": 14}),
    (
        "several_places",
        {"symptoms": TW, "body_parts": ["eyelid", "calf"]},
        "gp_routine",
        {"symptoms": TW, "body_parts": ["calf"]},
    ),
    (
        "whole_body",
        {"symptoms": TW, "body_parts": ["whole_body"]},
        "gp_routine",
        {"symptoms": TW, "body_parts": ["whole_body"], "exposures": ["intense_exercise"]},
    ),
    ("stiffness", {"symptoms": TW + ["stiffness"]}, "gp_routine", {"symptoms": TW, "denied_symptoms": ["stiffness"]}),
    (
        "prescribed_medicine",
        {"symptoms": TW, "exposures": ["adhd_medication"]},
        "gp_routine",
        {"symptoms": TW, "denied_exposures": ["adhd_medication", "antidepressant", "new_medication"]},
    ),
    (
        "prescribed_medicine",
        {"symptoms": TW, "exposures": ["antidepressant"]},
        "gp_routine",
        {"symptoms": TW, "exposures": ["caffeine"]},
    ),
    (
        "prescribed_medicine",
        {"symptoms": TW, "exposures": ["new_medication"]},
        "gp_routine",
        {"symptoms": TW, "exposures": ["decongestant"]},
    ),
    (
        "gadolinium_contrast",
        {"symptoms": TW, "exposures": ["gadolinium_contrast"]},
        "gp_routine",
        {"symptoms": TW, "denied_exposures": ["gadolinium_contrast"]},
    ),
    (
        "lasting_sensory_symptoms",
        {"symptoms": ["tingling"], "duration_days": 30},
        "gp_routine",
        {"symptoms": ["tingling"], "duration_days": 5},
    ),
]


@pytest.mark.parametrize(
    "rule, fires, level, near_miss", RULE_CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(RULE_CASES)]
)
def test_rule_fires_and_near_miss_does_not(rule, fires, level, near_miss):
    fired = assess(fires)
    assert rule in fired.matched_rules
    assert fired.triage_level == level
    assert fired.reasons and all(reason.strip() for reason in fired.reasons)
    assert rule not in assess(near_miss).matched_rules


def test_every_rule_of_the_table_has_a_case(knowledge):
    assert {rule.id for rule in knowledge.rules} == {case[0] for case in RULE_CASES}


@pytest.mark.parametrize(
    "findings, level",
    [
        ({}, "self_care"),
        ({"symptoms": TW, "body_parts": ["eyelid"], "duration_days": 3, "exposures": ["caffeine"]}, "self_care"),
        (
            {"symptoms": TW, "body_parts": ["calf", "forearm"], "exposures": ["intense_exercise"], "duration_days": 1},
            "gp_routine",
        ),  # two places count even after exercise: only a whole-body report is excused
        ({"symptoms": TW, "body_parts": ["whole_body", "calf"], "exposures": ["intense_exercise"]}, "self_care"),
        ({"symptoms": TW + ["fever"]}, "self_care"),
        ({"symptoms": TW + ["numbness"], "duration_days": 10}, "self_care"),
        ({"symptoms": TW + ["weakness", "breathing_difficulty"], "duration_days": 40}, "emergency"),
        ({"symptoms": TW + ["weakness"], "denied_symptoms": ["weakness"]}, "gp_urgent"),  # affirmed wins
    ],
)
def test_levels_of_mixed_cases(findings, level):
    assert assess(findings).triage_level == level


def test_weakness_without_onset_asks_for_it_and_is_not_self_care():
    result = assess({"symptoms": TW + ["weakness"]})
    assert result.open_questions == ("onset",)
    assert result.triage_level == "gp_urgent"
    assert assess({"symptoms": TW + ["weakness"], "onset": "gradual"}).open_questions == ()


def test_reasons_say_what_the_person_said():
    result = assess({"symptoms": TW, "duration_days": 21, "body_parts": ["eyelid", "calf"]})
    assert any("21 days" in reason for reason in result.reasons)
    assert any("eyelid" in reason and "calf" in reason for reason in result.reasons)
    assert "nothing" in assess({}).reasons[0]


def test_every_assessment_says_what_would_make_it_more_urgent():
    cases: list[tuple[str, dict[str, Any]]] = [
        ("self_care", {}),
        ("gp_routine", {"duration_days": 30}),
        ("gp_urgent", {"symptoms": ["muscle_wasting"]}),
    ]
    for level, findings in cases:
        result = assess(findings)
        assert result.triage_level == level
        assert result.more_urgent_if, level
        assert any("emergency" in sign for sign in result.more_urgent_if)
    assert "emergency" in assess({"symptoms": ["seizure"]}).advice.lower()


def test_unscreened_red_flags_stay_unknown():
    result = assess({"symptoms": TW, "denied_symptoms": ["weakness"]})
    assert "weakness" not in result.unscreened_red_flags
    assert {"breathing_difficulty", "swallowing_difficulty", "muscle_wasting"} <= set(result.unscreened_red_flags)


def test_every_assessment_carries_the_disclaimer(knowledge):
    result = assess({"symptoms": TW})
    assert "not a doctor" in result.disclaimer
    assert result.payload()["assessment"]["disclaimer"] == knowledge.disclaimer


def test_parts_in_one_place_count_once():
    """A finger and its hand, or an eyelid and the face, are one place."""
    for parts in (["finger", "hand"], ["eyelid", "face"], ["thigh", "leg"]):
        assert assess({"symptoms": TW, "body_parts": parts}).triage_level == "self_care", parts
