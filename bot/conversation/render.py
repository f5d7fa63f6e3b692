"""Words for the person: the assessment in short messages, with the evidence
from this conversation, and the emergency advice. The knowledge and the
conversation's texts come in as arguments (`bot.conversation.Conversation`
holds them)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.knowledge import Assessment, Evidence, Knowledge, describe_days
from bot.knowledge.model import FindingKey

from .case import Case, kind_of
from .texts import Texts

MAX_STEPS = 4  # self-care steps said; the payload has them all
MAX_EVIDENCE = 3  # findings said per cause; the payload has them all
# A phone screen: about 15 lines of 45 characters in a chat bubble. No
# message of an assessment is longer (tested over every kind of case).
MAX_MESSAGE_CHARS = 700
# The assessment's headings, here and in Slack's blocks (bot/channels/slack.py).
HEADINGS = {
    "advice": "My advice:",
    "why": "Why:",
    "causes": "What may be behind it (a possibility, not a diagnosis):",
    "to_do": "What you can do:",
    "tests": "Tests you could ask a doctor about:",
    "sooner": "Get help sooner if:",
}


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _evidence(evidence: Evidence, quotes: Mapping[FindingKey, str], texts: Texts) -> str:
    if evidence.kind == "duration":
        return f"it has lasted {evidence.label}"
    if evidence.denied:
        return f"you said no {evidence.label}"
    if evidence.kind == "body_part":
        return f"it fits twitching in the {evidence.label}"
    said = quotes.get((evidence.kind, evidence.id or ""))
    return f'{texts.reply("you_mentioned")} "{said}"' if said else f"{texts.reply('you_mentioned')} {evidence.label}"


def recall(case: Case, knowledge: Knowledge, texts: Texts) -> dict[str, str]:
    """The words that open a return visit: when the person was last here and
    what they told then ("9 days ago", "twitching in the eyelid, for 3 days")."""
    days = case.returning_days or 0.0
    when = texts.reply("yesterday") if days < 2 else texts.reply("days_ago").format(days=describe_days(days))
    what = "twitching"
    if case.body_parts:
        places = [knowledge.label("body_part", p) for p in case.body_parts]
        what += " in the " + (" and the ".join(places))
    if case.duration_days is not None:
        what += f", for {describe_days(case.duration_days)}"
    return {"when": when, "what": what}


def assessment_messages(assessment: Assessment, quotes: Mapping[FindingKey, str], texts: Texts) -> list[str]:
    """The assessment in short messages: the level and why; what may be
    behind it, in the person's own words; what to do; when to get help
    sooner, with the disclaimer. A part too long for one phone screen
    (`MAX_MESSAGE_CHARS`) goes on in the next message."""
    level = [f"{HEADINGS['advice']} {assessment.summary} ({assessment.level_label})", HEADINGS["why"]]
    level += [f"- {reason}" for reason in assessment.reasons] + [assessment.advice]
    if assessment.causes:
        causes = [HEADINGS["causes"]]
        for cause in assessment.causes[: assessment.explained]:
            why = ", ".join(_evidence(e, quotes, texts) for e in cause.evidence[:MAX_EVIDENCE])
            causes.append(f"- {capital(cause.name)}: {why or texts.reply('common_trigger')}.")
        causes.append(assessment.causes[0].explanation)
    else:
        causes = [texts.reply("no_causes")]
    to_do = [HEADINGS["to_do"]] + [f"- {step}" for step in assessment.self_care[:MAX_STEPS]]
    if assessment.tests:
        to_do.append(f"{HEADINGS['tests']} " + ", ".join(t.detail for t in assessment.tests) + ".")
    sooner = []
    if assessment.unscreened_red_flags:
        unsure, advice = ", ".join(assessment.unscreened_labels), assessment.unscreened_advice
        sooner.append(
            f"{texts.reply('unsure_red_flags')} {unsure}. If you have any of them: {advice[:1].lower()}{advice[1:]}"
        )
    if assessment.more_urgent_if:
        sooner += [HEADINGS["sooner"]] + [f"- {sign}" for sign in assessment.more_urgent_if]
    sooner.append(assessment.disclaimer)
    return [message for part in (level, causes, to_do, sooner) for message in _screens(part)]


def _screens(lines: list[str]) -> list[str]:
    """Lines in as few messages as fit a phone screen each, in order."""
    messages: list[str] = []
    for line in lines:
        if messages and len(messages[-1]) + 1 + len(line) <= MAX_MESSAGE_CHARS:
            messages[-1] += "\n" + line
        else:
            messages.append(line)
    return messages


def _sign_label(sign: str, knowledge: Knowledge) -> str:
    kind = kind_of(sign, knowledge)
    label = knowledge.label(kind, sign)
    return label if kind == "symptom" else f"twitching of the {label}"


def emergency_text(reasons: Sequence[str], unconfirmed: Sequence[str], knowledge: Knowledge, texts: Texts) -> str:
    """Emergency advice and why; then the signs suspected but not confirmed."""
    text = texts.reply("emergency") + "\nWhy: " + "; ".join(reasons) + "."
    if unconfirmed:
        labels = ", ".join(_sign_label(s, knowledge) for s in unconfirmed)
        text += f"\n{texts.reply('emergency_unconfirmed')} {labels}."
    return text


def emergency_payload(assessment: Assessment, reasons: list[str], knowledge: Knowledge) -> dict[str, Any]:
    """The payload of emergency advice: the level and why, nothing else to read."""
    level = knowledge.levels["emergency"]
    payload = assessment.payload()
    payload["assessment"].update(
        triage_level=level.id,
        reasons=reasons,
        causes=[],
        tests=[],
        test_details=[],
        self_care=[],
        more_urgent_if=[],
        unscreened_red_flags=[],
        level={
            "id": level.id,
            "label": knowledge.label("triage_level", level.id),
            "colour": level.colour,
            "summary": level.summary,
            "advice": level.advice,
        },
    )
    return payload
