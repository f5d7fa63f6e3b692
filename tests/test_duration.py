"""Durations in all common forms, as days; frequencies, ages and future
times are not durations."""

from datetime import date

import pytest

from bot.nlu.duration import parse_durations

THURSDAY = date(2026, 11, 26)


def days(text, today=THURSDAY):
    return [d.days for d in parse_durations(text, today)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("3 days", 3),
        ("for 3 days", 3),
        ("3days", 3),
        ("three weeks", 21),
        ("twenty-one days", 21),
        ("a fortnight", 14),
        ("for a week", 7),
        ("about a month", 30),
        ("48h", 2),
        ("10 yrs", 3650),
        ("1.5 weeks", 10.5),
        ("a week and a half", 10.5),
        ("one and a half weeks", 10.5),
        ("half a day", 0.5),
        ("a couple of weeks", 14),
        ("a couple of months", 60),
        ("a few days", 3),
        ("a few hours", 0.125),
        ("several months", 120),
        ("for weeks", 21),
        ("for the last few months", 90),
        ("since yesterday", 1),
        ("since this morning", 0.25),
        ("since last night", 0.5),
        ("since last week", 7),
        ("for the past hour", 1 / 24),
        ("on and off for a year", 365),
        ("2-3 weeks", 21),
        ("2 to 3 weeks", 21),
        ("2 or 3 days", 3),
        ("a week or two", 14),
        ("two or three weeks", 21),
        ("more than two weeks", 15),
        ("over a month", 31),
        ("nearly 2 weeks", 13),
        ("it started a week ago", 7),
        ("for like 2 months now", 60),
        ("a week", 7),
        ("maybe 5 weeks", 35),
    ],
)
def test_duration_forms(text, expected):
    assert days(text) == [pytest.approx(expected, rel=0.01)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("since Monday", 3),
        ("since monday", 3),
        ("since Thursday", 7),
        ("since last Friday", 6),
        ("since the weekend", 5),
        ("since january", 329),
        ("since november", 25),
        ("since December", 360),
        ("yesterday", 1),
        ("this morning", 0.25),
        ("monday", 3),
        ("last week", 7),
        ("since the beginning of the month", 25),
        ("since the start of this week", 3),
        ("since the start of the year", 329),
    ],
)
def test_anchors_count_back_from_today(text, expected):
    assert days(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "I drink 5 coffees a day",
        "I gym 2 days a week",
        "I am 35 years old",
        "a 35 year old man",
        "appointment in 3 days",
        "it twitches every few minutes",
        "I had covid last month",
        "3 times a day",
        "see you in a week",
        "I'll call in 2 weeks",
        "twice a week",
        "",
        # an amount of sleep
        "running on about 4 hours sleep",
        "I get 5 hours of sleep",
    ],
)
def test_not_durations(text):
    assert days(text) == []


def test_till_now_is_still_a_duration():
    assert days("my calf has been twitching from 2 months till now") == [60.0]


def test_several_durations_and_their_offsets():
    text = "it twitches a few times a day for a week, and my calf for 3 days"
    found = parse_durations(text, THURSDAY)
    assert [d.days for d in found] == [7, 3]
    assert [text[d.start : d.end] for d in found] == ["a week", "3 days"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # seasons and holidays count from their start, the latest one not in the future
        ("since the summer", 178),
        ("since the spring", 270),
        ("since Easter", 235),
        ("since Christmas", 336),
        ("since new year", 329),
        ("since Halloween", 26),
        ("since Thanksgiving", 1),
        # years and dates
        ("since 2023", 1425),
        ("since the 3rd of March", 268),
        ("since March 3rd", 268),
        ("since 3 March", 268),
        ("since May", 209),
        # other forms
        ("for a decade", 3650),
        ("10ish days", 10),
        ("about 10ish days", 10),
        ("3 weeks+", 22),
        ("a month and a half", 45),
        ("2 weeks and 4 days", 18),
        ("2 months and a week", 67),
        # a correction keeps what was meant
        ("I meant 4 days, not 4 weeks", 4),
        ("not 4 weeks, 4 days", 4),
    ],
)
def test_more_duration_forms(text, expected):
    assert days(text) == [pytest.approx(expected)]


@pytest.mark.parametrize(
    "text", ["it may be stress", "I may have overdone the coffee", "a year 2023 report", "since 2099"]
)
def test_may_the_verb_and_future_years_are_not_durations(text):
    assert days(text) == []


def test_noticed_it_may_be_a_week_ago_is_a_week():
    assert days("noticed it may be a week ago") == [7]


@pytest.mark.parametrize("text", ["3 weeks to go till the wedding", "a month from now I start work"])
def test_a_time_ahead_is_no_duration(text):
    assert days(text) == []
