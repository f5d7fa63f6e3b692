"""The summary for the doctor, built from a conversation's stored events
(every visit): what the person reported in their own words, with dates;
how long it had lasted and the advice at each visit; the warning signs
asked about and the answers; the latest advice with its reasons, the tests
to ask about and the disclaimer. `sections` words it once, for the web page
(bot.summary.page) and the PDF (bot.summary.pdf) alike. Plain Python: the
events are Rasa's as dicts (`Event.as_dict()`)."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.conversation.case import Case
from bot.conversation.texts import Texts
from bot.conversation.turns import ANSWERS
from bot.knowledge import Knowledge, describe_days

# Messages that tell nothing about the case (requests and pleasantries),
# and bare answers, which the warning-sign answers already show. A "forget
# me" stays: it may be a memory complaint read as one ("I keep forgetting
# things"), and one that was confirmed deleted everything anyway.
NOT_REPORTS = ("greet", "goodbye", "thank", "request_summary", "start_over", "request_human")
NOT_FINDINGS = ("input_problem",)
SCREEN = "red_flags"  # the question that asks about the warning signs
MAX_WORDS = 600  # characters of one message quoted; a longer one is cut
# After these the case starts afresh: "start over" resets the slots.
RESETS = ("reset_slots", "restart")


@dataclass(frozen=True)
class Report:
    when: float  # Unix time
    words: str


@dataclass(frozen=True)
class Visit:
    when: float  # the first message of the visit
    duration: str | None  # how long it had lasted by then, in words
    level: str | None  # the advice at the end of the visit (its label)


@dataclass(frozen=True)
class SignAnswer:
    sign: str  # its label
    answer: str  # yes, no, not sure, not asked
    words: str | None = None  # the person's words for a yes


@dataclass(frozen=True)
class Summary:
    made: float
    reports: tuple[Report, ...]
    findings: tuple[tuple[str, str | None], ...]  # (what, the person's words)
    visits: tuple[Visit, ...]
    screen: str  # the red-flag question asked
    signs: tuple[SignAnswer, ...]
    level: str | None  # the latest advice's label; None before any
    level_summary: str
    reasons: tuple[str, ...]
    tests: tuple[str, ...]
    disclaimer: str


@dataclass(frozen=True)
class Item:
    lead: str  # in bold (may be empty)
    text: str


@dataclass(frozen=True)
class Section:
    title: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[Item, ...] = ()


@dataclass
class _Visit:
    slots: dict[str, Any] = field(default_factory=dict)
    reports: list[Report] = field(default_factory=list)
    first: float | None = None
    payload: Mapping[str, Any] | None = None


def when(timestamp: float) -> str:
    """A date and time anyone reads the same: UTC."""
    return time.strftime("%d %b %Y, %H:%M UTC", time.gmtime(timestamp))


def _cut(words: str) -> str:
    words = " ".join(words.split())
    return words if len(words) <= MAX_WORDS else words[: MAX_WORDS - 1] + "…"


def _reports(event: Mapping[str, Any]) -> bool:
    parse = event.get("parse_data") or {}
    intent = (parse.get("intent") or {}).get("name")
    told = [e for e in parse.get("entities") or [] if e.get("entity") not in NOT_FINDINGS]
    return bool(told) or intent not in NOT_REPORTS + ANSWERS


def _visits(events: Iterable[Mapping[str, Any]]) -> list[_Visit]:
    """The visits since the last "start over", each with its slots at the end."""
    visits = [_Visit()]
    for event in events:
        kind = event.get("event")
        if kind in RESETS:
            visits = [_Visit()]
        elif kind == "session_started":
            visits.append(_Visit())  # the carried slots follow as slot events
        elif kind == "slot":
            visits[-1].slots[event["name"]] = event.get("value")
        elif kind == "user":
            visit = visits[-1]
            visit.first = visit.first or event.get("timestamp")
            if (event.get("text") or "").strip() and _reports(event):
                visit.reports.append(Report(float(event.get("timestamp") or 0), _cut(event["text"])))
        elif kind == "bot":
            custom = (event.get("data") or {}).get("custom") or {}
            if isinstance(custom, Mapping) and isinstance(custom.get("assessment"), Mapping):
                visits[-1].payload = custom["assessment"]
    return [v for v in visits if v.first is not None]


def _duration(case: Case) -> str | None:
    if case.duration_days is None:
        return None
    return describe_days(case.duration_days + case.days_since_duration)


def _findings(case: Case, knowledge: Knowledge) -> list[tuple[str, str | None]]:
    quotes = case.quotes()
    found: list[tuple[str, str | None]] = [
        (knowledge.label("symptom", s), quotes.get(("symptom", s))) for s in case.symptoms
    ]
    found += [
        (f"twitching in the {knowledge.label('body_part', p)}", quotes.get(("body_part", p))) for p in case.body_parts
    ]
    found += [(knowledge.label("exposure", x), quotes.get(("exposure", x))) for x in case.exposures]
    if case.duration_days is not None:
        found.append((f"for {_duration(case)}", None))
    onset = case.worst_onset()
    if onset in ("sudden", "gradual"):
        found.append((f"it came on {'suddenly' if onset == 'sudden' else 'gradually'}", None))
    return found


def _signs(case: Case, knowledge: Knowledge) -> list[SignAnswer]:
    quotes = case.quotes()
    signs = []
    for sign in knowledge.red_flag_symptoms:
        answer = (
            "yes"
            if sign in case.symptoms
            else "no"
            if sign in case.denied_symptoms
            else "not sure"
            if sign in case.unsure
            else "not asked"
        )
        signs.append(SignAnswer(knowledge.label("symptom", sign), answer, quotes.get(("symptom", sign))))
    for place in knowledge.red_flag_body_parts:
        label = f"twitching of the {knowledge.label('body_part', place)}"
        if place in case.body_parts:
            signs.append(SignAnswer(label, "yes", quotes.get(("body_part", place))))
        else:  # the case keeps no "no" for a place: say only what is known
            signs.append(SignAnswer(label, "not named" if SCREEN in case.asked else "not asked"))
    return signs


def build_summary(
    events: Sequence[Mapping[str, Any]], knowledge: Knowledge, texts: Texts, now: float | None = None
) -> Summary:
    """The summary of a conversation from its stored events (all visits)."""
    visits = _visits(events)
    case = Case.from_slots(visits[-1].slots if visits else {})
    latest = next((v.payload for v in reversed(visits) if v.payload), None) or {}
    level = latest.get("level") or {}
    return Summary(
        made=time.time() if now is None else now,
        reports=tuple(r for v in visits for r in v.reports),
        findings=tuple(_findings(case, knowledge)),
        visits=tuple(
            Visit(v.first or 0.0, _duration(Case.from_slots(v.slots)), (v.payload or {}).get("level", {}).get("label"))
            for v in visits
        ),
        screen=texts.questions[SCREEN].text,
        signs=tuple(_signs(case, knowledge)),
        level=level.get("label"),
        level_summary=level.get("summary") or "",
        reasons=tuple(latest.get("reasons") or ()),
        tests=tuple(t.get("detail") or t.get("name") for t in latest.get("test_details") or ()),
        disclaimer=latest.get("disclaimer") or knowledge.disclaimer,
    )


def made_line(summary: Summary) -> str:
    """Under the title, on the page and the PDF: who made it, when, from what."""
    return f"Made by the twitch assistant on {when(summary.made)}, from what the person told it."


def advice_line(summary: Summary) -> str | None:
    """The latest advice, first thing under the title; None before any."""
    return f"Advice: {summary.level}" if summary.level else None


def sections(summary: Summary) -> list[Section]:
    """The summary's words, section by section (the page and the PDF both)."""
    advice = (
        Section(
            "The assistant's advice",
            (f"Level: {summary.level}.", summary.level_summary, "Why:"),
            tuple(Item("", reason) for reason in summary.reasons),
        )
        if summary.level
        else Section("The assistant's advice", ("No advice was given yet.",))
    )
    return [
        Section(
            "What the person reported, in their own words",
            () if summary.reports else ("Nothing yet.",),
            tuple(Item(when(r.when), f"“{r.words}”") for r in summary.reports),
        ),
        Section(
            "What the assistant understood",
            () if summary.findings else ("Nothing yet.",),
            tuple(
                Item(what, f"“{words}”" if words and words.lower() != what.lower() else "")
                for what, words in summary.findings
            ),
        ),
        Section(
            "Visits: how long it had lasted, and the advice",
            (),
            tuple(
                Item(
                    when(v.when),
                    f"twitching for {v.duration or 'a time not told'}; advice: {v.level or 'none yet'}",
                )
                for v in summary.visits
            ),
        ),
        Section(
            "Warning signs asked about",
            (f"Asked: “{summary.screen}”",),
            tuple(Item(f"{s.sign}:", s.answer + (f" (“{s.words}”)" if s.words else "")) for s in summary.signs),
        ),
        advice,
        Section(
            "Tests to ask the doctor about",
            ("None suggested.",) if not summary.tests else (),
            tuple(Item("", test) for test in summary.tests),
        ),
        Section("Please note", (summary.disclaimer,)),
    ]
