"""Durations in free text, as a number of days.

"3 days" -> 3, "three weeks" -> 21, "a fortnight" -> 14, "a couple of
months" -> 60, "a few hours" -> 0.125, "since yesterday" -> 1, "since
Monday" -> days since the last Monday, "for the past hour" -> 1/24, "on and
off for a year" -> 365, "10ish days" -> 10, "a decade" -> 3650, "2 weeks
and 4 days" -> 18. "Since" a season, a holiday, a year or a date counts
from its start ("since the summer": from 1 June; "since Easter", "since
2023", "since the 3rd of March"). A corrected duration ("4 days, not 4
weeks") is dropped, and "may" the verb is no month. A range ("2-3 weeks", "a week or two") gives its
upper end: when in doubt, the longer duration is the safer reading. "More
than two weeks" gives a day more than two weeks. Frequencies ("3 coffees a
day", "2 days a week"), ages ("35 years old") and future times ("in 3
days") are not durations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional

NUMBER_WORDS: dict[str, float] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
    "couple": 2,
    "a few": 3,
    "few": 3,
    "several": 4,
    "a handful of": 4,
    "many": 6,
    "half a": 0.5,
    "half an": 0.5,
    "a single": 1,
    "one and a half": 1.5,
    "two and a half": 2.5,
}
ARTICLES = {"a", "an", "a single"}
UNITS: dict[str, float] = {
    "minute": 1 / 1440,
    "min": 1 / 1440,
    "hour": 1 / 24,
    "hr": 1 / 24,
    "h": 1 / 24,
    "day": 1,
    "night": 1,
    "week": 7,
    "wk": 7,
    "fortnight": 14,
    "month": 30,
    "mo": 30,
    "mth": 30,
    "year": 365,
    "yr": 365,
    "decade": 3650,
}
VAGUE_UNITS = {"days": 3, "weeks": 21, "months": 90, "years": 730, "decades": 7300, "ages": 180}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAY_ABBR = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6}
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
MONTH_ABBR = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
FIXED_ANCHORS = {
    "yesterday": 1,
    "last night": 0.5,
    "this morning": 0.25,
    "this afternoon": 0.125,
    "this evening": 0.1,
    "tonight": 0.1,
    "today": 0.25,
    "last week": 7,
    "last month": 30,
    "last year": 365,
    "the day before yesterday": 2,
    "earlier today": 0.25,
}
MORE = {"more than", "over", "longer than", "at least", "upwards of", "well over", "just over", "over a"}
LESS = {"almost", "nearly", "less than", "under", "just under", "not quite", "close to"}


def _alternation(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


NUM = (
    rf"(?:\d+(?:[.,]\d+)?|(?:twenty|thirty|forty|fifty)[\s-](?:one|two|three|four|five|six|seven|eight|nine)\b"
    rf"|(?:{_alternation(NUMBER_WORDS)})\b)"
)
UNIT = r"(?:minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|wks?|fortnights?|months?|mths?|mos?|years?|yrs?|decades?)\b"
MODIFIER = _alternation(MORE | LESS | {"about", "around", "roughly", "approximately", "like", "maybe", "probably"})
CUE = (
    r"(?:for|past|last|over|about|around|almost|nearly|than|like|maybe|probably|roughly|approximately|least|only"
    r"|just|under|been|lasted|lasting|~)"
)

AMOUNT = re.compile(
    rf"(?:(?P<mod>{MODIFIER})\s+)?(?P<num>{NUM}|\d+(?=h\b)|\d+(?=ish\b))(?:ish)?\s*"
    rf"(?:(?:-|–|to|or)\s*(?P<num2>{NUM})\s*)?"
    rf"(?P<plus>\+\s*)?(?P<and_half1>and\s+a\s+half\s+)?(?P<unit>{UNIT}|h\b)(?P<plus2>\s*\+)?"
    rf"(?P<and_half2>\s+and\s+a\s+half)?(?:\s+(?:or|to)\s+(?P<num3>{NUM})(?!\s*{UNIT}))?",
    re.IGNORECASE,
)
VAGUE = re.compile(
    rf"\b(?:for|past|last|over)\s+(?:the\s+(?:past|last)\s+)?(?:(?:a\s+)?few\s+)?"
    rf"(?P<unit>{_alternation(VAGUE_UNITS)})\b",
    re.IGNORECASE,
)
BARE_UNIT = re.compile(rf"^\s*(?:for\s+)?(?P<unit>{_alternation(VAGUE_UNITS)})\s*[.!]*\s*$", re.IGNORECASE)
THE_PAST = re.compile(r"\bthe\s+(?:past|last)\s+(?P<unit>hour|day|week|fortnight|month|year)\b", re.IGNORECASE)
WEEKDAY_RE = _alternation(WEEKDAYS + list(WEEKDAY_ABBR))
MONTH_RE = _alternation(MONTHS + list(MONTH_ABBR))
ANCHOR = re.compile(
    rf"\b(?:since|started|starting|began|begun|start|from|noticed it|noticed)\s+(?:on\s+|in\s+|around\s+|about\s+)?"
    rf"(?P<anchor>{_alternation(FIXED_ANCHORS)}"
    r"|the\s+(?:beginning|start)\s+of\s+(?:the|this)\s+(?:week|month|year)"
    r"|(?:the\s+|last\s+)?weekend"
    rf"|(?:last\s+)?(?:{WEEKDAY_RE})|(?:last\s+)?(?:{MONTH_RE}))\b",
    re.IGNORECASE,
)
BARE_ANCHOR = re.compile(
    rf"^\s*(?:since\s+|from\s+)?(?P<anchor>{_alternation(FIXED_ANCHORS)}|(?:last\s+)?(?:{WEEKDAY_RE}))\s*[.!]*\s*$",
    re.IGNORECASE,
)
FREQUENCY_AFTER = re.compile(r"^\s*(?:a|an|per|each|every|/)\s*(?:day|night|week|month|year|hour)\b", re.IGNORECASE)
NOT_DURATION_AFTER = re.compile(
    r"^\s*(?:old|young|of age|pregnant|along|from now|later|'s time|’s time|time\b"
    r"|(?:of\s+)?(?:sleep|kip|shut-?eye)\b)",  # "running on 4 hours sleep"
    re.IGNORECASE,
)
NOT_DURATION_BEFORE = re.compile(r"(?:\bevery|\bin|\bwithin|\beach|\bnext|\baged?)\s*$", re.IGNORECASE)
CUE_BEFORE = re.compile(rf"{CUE}\s*(?:the\s+)?$", re.IGNORECASE)
CUE_AFTER = re.compile(r"^\s*(?:ago|now|already|straight|so far|in a row|on and off|or so)\b", re.IGNORECASE)


SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}  # month each begins
HOLIDAYS = {
    "christmas": (12, 25),
    "xmas": (12, 25),
    "new year": (1, 1),
    "new years": (1, 1),
    "new year's": (1, 1),
    "halloween": (10, 31),
    "valentine's": (2, 14),
    "valentines": (2, 14),
    "valentine's day": (2, 14),
    "valentines day": (2, 14),
    "bonfire night": (11, 5),
    "boxing day": (12, 26),
}
ORDINAL = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
DATED = re.compile(
    rf"\b(?:since|from|started|starting|began|begun|noticed it|noticed)\s+(?:around\s+|about\s+|on\s+|in\s+)?"
    rf"(?:(?:the\s+)?(?:(?P<when>last|this|early|late|mid|end of|start of|beginning of)\s+(?:the\s+)?)?"
    rf"(?P<season>{_alternation(SEASONS)})|(?P<holiday>easter|thanksgiving|{_alternation(HOLIDAYS)})"
    rf"|(?P<year>(?:19|20)\d\d)|(?:the\s+)?{ORDINAL}\s+(?:of\s+)?(?P<month1>{MONTH_RE})"
    rf"|(?P<month2>{MONTH_RE})\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?)\b",
    re.IGNORECASE,
)
# "may" the verb is no month: "it may be stress", "noticed it may be a week ago"
MAY_THE_VERB = re.compile(
    r"^may\s+(?:be|have|been|not|just|also|well|help|cause|need|get|go|come|take|make|feel|seem)\b", re.IGNORECASE
)
CORRECTED = re.compile(
    r"\b(?:not|rather than|instead of|isn't|wasn't|no)\s+(?:for\s+|about\s+|like\s+)?$", re.IGNORECASE
)
# "3 weeks to go", "a month from now": a time ahead, not how long it has lasted
AHEAD = re.compile(r"^\s*(?:to go|from now|away|to wait)\b", re.IGNORECASE)
AFTER_UNIT = re.compile(rf"{UNIT}\s+and\s+$", re.IGNORECASE)  # "2 months and a week"
COMPOUND = re.compile(r"^\s*(?:and|,)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Duration:
    start: int
    end: int
    days: float
    text: str


def _number(text: str) -> float:
    text = " ".join(text.lower().replace("-", " ").split())
    if text[0].isdigit():
        return float(text.replace(",", "."))
    if text in NUMBER_WORDS:
        return NUMBER_WORDS[text]
    tens, units = text.split(" ")
    return NUMBER_WORDS[tens] + NUMBER_WORDS[units]


def _unit(text: str) -> float:
    text = text.lower()
    return UNITS.get(text) or UNITS[text.rstrip("s")]


def _adjust(days: float, modifier: Optional[str]) -> float:
    modifier = " ".join((modifier or "").lower().split())
    if modifier in MORE:
        return days + 1 if days >= 1 else days * 1.5
    if modifier in LESS:
        return days - 1 if days >= 2 else days * 0.75
    return days


def _amounts(text: str) -> list[Duration]:
    found = []
    for m in AMOUNT.finditer(text):
        before, after = text[: m.start()], text[m.end() :]
        num_text = m.group("num")
        if NOT_DURATION_BEFORE.search(before) or NOT_DURATION_AFTER.match(after) or FREQUENCY_AFTER.match(after):
            continue
        whole_message = not text[: m.start()].strip(" ,.!?-~") and not after.strip(" ,.!?")
        ranged = m.group("num2") or m.group("num3")  # "a week or two" is a duration, not a rate
        if (
            num_text.lower() in ARTICLES
            and not m.group("mod")
            and not whole_message
            and not ranged
            and not CUE_BEFORE.search(before)
            and not CUE_AFTER.match(after)
            and not AFTER_UNIT.search(before)
        ):
            continue  # "3 coffees a day": an article without a cue is a frequency
        upper = ranged or num_text
        count = _number(upper) + (0.5 if m.group("and_half1") or m.group("and_half2") else 0)
        days = _adjust(
            count * _unit(m.group("unit")), "more than" if m.group("plus") or m.group("plus2") else m.group("mod")
        )
        found.append(Duration(m.start(), m.end(), round(days, 4), m.group(0)))
    return found


def _since(anchor: str, today: date) -> float:
    anchor = " ".join(anchor.lower().split())
    if anchor in FIXED_ANCHORS:
        return FIXED_ANCHORS[anchor]
    start_of = re.fullmatch(r"the (?:beginning|start) of (?:the|this) (week|month|year)", anchor)
    if start_of:
        first = {
            "week": today - timedelta(days=today.weekday()),
            "month": today.replace(day=1),
            "year": today.replace(month=1, day=1),
        }[start_of.group(1)]
        return float(max((today - first).days, 1))
    name = anchor.replace("last ", "").replace("the ", "")
    if name == "weekend":
        return float((today.weekday() - 5) % 7 or 7)
    if name in WEEKDAYS or name in WEEKDAY_ABBR:
        weekday = WEEKDAYS.index(name) if name in WEEKDAYS else WEEKDAY_ABBR[name]
        return float((today.weekday() - weekday) % 7 or 7)
    month = MONTHS.index(name) + 1 if name in MONTHS else MONTH_ABBR[name]
    year = today.year if month <= today.month else today.year - 1
    return float(max((today - date(year, month, 1)).days, 1))


def _easter(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    to_sunday = (32 + 2 * e + 2 * i - h - k) % 7  # the algorithm's L
    m = (a + 11 * h + 19 * to_sunday) // 433
    month = (h + to_sunday - 7 * m + 90) // 25
    return date(year, month, (h + to_sunday - 7 * m + 33 * month + 19) % 32)


def _thanksgiving(year: int) -> date:
    first = date(year, 11, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 21)


def _last(on, today: date) -> date:
    """The latest date on or before today that `on(year)` gives."""
    this = on(today.year)
    return this if this <= today else on(today.year - 1)


def _month(name: str) -> int:
    name = name.lower()
    return MONTHS.index(name) + 1 if name in MONTHS else MONTH_ABBR[name]


def _dated(m: re.Match, today: date) -> Optional[date]:
    """The date a "since ..." names: the start of a season, a holiday, a
    year or a day of a month (the latest one not in the future)."""
    if m.group("season"):
        start = SEASONS[m.group("season").lower()]
        began = _last(lambda y: date(y, start, 1), today)
        if (m.group("when") or "").lower() == "last" and (today - began).days < 92:
            began = date(began.year - 1, start, 1)  # "last summer" while it is still summer: the one before
        return began
    if m.group("holiday"):
        name = " ".join(m.group("holiday").lower().split())
        on = {"easter": _easter, "thanksgiving": _thanksgiving}.get(name) or (lambda y: date(y, *HOLIDAYS[name]))
        return _last(on, today)
    if m.group("year"):
        year = int(m.group("year"))
        return date(year, 1, 1) if year <= today.year else None
    month, day = (m.group("month1"), m.group("day")) if m.group("month1") else (m.group("month2"), m.group("day2"))
    try:
        return _last(lambda y: date(y, _month(month), int(day)), today)
    except ValueError:  # "the 31st of April"
        return None


def _compound(found: list[Duration], text: str) -> list[Duration]:
    """ "2 weeks and 4 days" is 18 days: a larger unit joined to a smaller."""
    merged: list[Duration] = []
    for duration in found:
        last = merged[-1] if merged else None
        if last and last.days > duration.days and COMPOUND.match(text[last.end : duration.start]):
            merged[-1] = Duration(last.start, duration.end, last.days + duration.days, text[last.start : duration.end])
        else:
            merged.append(duration)
    return merged


def parse_durations(text: str, today: Optional[date] = None) -> list[Duration]:
    """Every duration in the text, left to right, without overlaps."""
    today = today or date.today()
    found = _amounts(text)
    found += [
        Duration(m.start(), m.end(), VAGUE_UNITS[m.group("unit").lower()], m.group(0)) for m in VAGUE.finditer(text)
    ]
    anchor = BARE_ANCHOR.match(text)  # "yesterday": a whole answer to "how long?"
    if anchor:
        found.append(
            Duration(
                anchor.start("anchor"),
                anchor.end("anchor"),
                _since(anchor.group("anchor"), today),
                anchor.group("anchor"),
            )
        )
    bare = BARE_UNIT.match(text)  # "months": a whole answer to "how long?"
    if bare:
        found.append(
            Duration(bare.start("unit"), bare.end("unit"), VAGUE_UNITS[bare.group("unit").lower()], bare.group("unit"))
        )
    found += [
        Duration(m.start(), m.end(), round(_unit(m.group("unit")), 4), m.group(0)) for m in THE_PAST.finditer(text)
    ]
    found += [
        Duration(m.start(), m.end(), _since(m.group("anchor"), today), m.group(0))
        for m in ANCHOR.finditer(text)
        if not MAY_THE_VERB.match(text[m.start("anchor") :])
    ]
    for m in DATED.finditer(text):
        began = _dated(m, today)
        if began is not None:
            found.append(Duration(m.start(), m.end(), float(max((today - began).days, 1)), m.group(0)))
    chosen: list[Duration] = []
    for duration in sorted(found, key=lambda d: (-(d.end - d.start), d.start)):  # longest first
        if all(duration.end <= c.start or duration.start >= c.end for c in chosen):
            chosen.append(duration)
    # "4 days, not 4 weeks": a corrected duration is no duration
    kept = [
        d
        for d in sorted(chosen, key=lambda d: d.start)
        if not CORRECTED.search(text[: d.start]) and not AHEAD.match(text[d.end :])
    ]
    return _compound(kept, text)


__all__ = ["Duration", "parse_durations"]
