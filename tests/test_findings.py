"""Slot values in: clean findings or an error that names the slot."""

import pytest

from bot.knowledge import Findings, FindingsError, assess, describe_days, load_knowledge

VOCABULARY = load_knowledge().vocabulary


def test_missing_slots_and_loose_types_are_accepted():
    findings = Findings.from_slots(
        {
            "symptoms": "twitching",
            "duration_days": "3",
            "onset": "Sudden",
            "requested_slot": "body_parts",
            "triage_level": None,
        },
        VOCABULARY,
    )
    assert findings.symptoms == {"twitching"}
    assert findings.duration_days == 3.0
    assert findings.onset == "sudden"
    assert Findings.from_slots({}, VOCABULARY) == Findings()
    assert Findings.from_slots({"onset": "unknown", "exposures": None}, VOCABULARY).onset is None


@pytest.mark.parametrize(
    "slots, words",
    [
        ({"symptoms": ["twitchy"]}, "slot 'symptoms': unknown id(s) twitchy"),
        ({"exposures": ["caffeine", "coffee"]}, "slot 'exposures': unknown id(s) coffee"),
        ({"body_parts": 7}, "slot 'body_parts': expected a list"),
        ({"duration_days": "a while"}, "slot 'duration_days'"),
        ({"duration_days": -2}, "non-negative"),
        ({"duration_days": float("nan")}, "non-negative"),
        ({"duration_days": True}, "slot 'duration_days'"),
        ({"onset": "yesterday"}, "slot 'onset': expected one of sudden, gradual"),
    ],
)
def test_values_outside_the_contract_are_named(slots, words):
    with pytest.raises(FindingsError) as error:
        assess(slots)
    assert words in str(error.value)


def test_a_signs_own_onset_may_be_unknown_and_the_cases_onset_beats_that():
    findings = Findings.from_slots({"symptoms": ["weakness"], "onsets": {"weakness": " Unknown"}}, VOCABULARY)
    assert findings.onsets == {"weakness": "unknown"} and findings.onset_of("weakness") == "unknown"
    told = Findings.from_slots(
        {"symptoms": ["weakness"], "onset": "sudden", "onsets": {"weakness": "unknown"}}, VOCABULARY
    )
    assert told.onset_of("weakness") == "sudden"
    assert (
        assess({"symptoms": ["weakness"], "onset": "sudden", "onsets": {"weakness": "unknown"}}).triage_level
        == "emergency"
    )


def test_an_affirmed_finding_beats_a_stale_denial():
    findings = Findings.from_slots({"symptoms": ["weakness"], "denied_symptoms": ["weakness", "falls"]}, VOCABULARY)
    assert findings.symptoms == {"weakness"} and findings.denied_symptoms == {"falls"}


@pytest.mark.parametrize("days, words", [(0.125, "3 hours"), (1, "1 day"), (21, "21 days"), (2.6, "3 days")])
def test_durations_in_plain_words(days, words):
    assert describe_days(days) == words
