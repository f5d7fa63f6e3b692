"""Words for the person: the assessment as a message, with the evidence
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


def _capital(text: str) -> str:
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


def assessment_text(
    assessment: Assessment, quotes: Mapping[FindingKey, str], knowledge: Knowledge, texts: Texts, updated: bool = False
) -> str:
    lines: list[str] = [texts.reply("updated")] if updated else []
    lines += [
        f"My advice: {assessment.summary} ({assessment.level_label})",
        "Why: " + "; ".join(assessment.reasons) + ".",
        assessment.advice,
    ]
    if assessment.causes:
        lines.append("What may be behind it (a possibility, not a diagnosis):")
        for cause in assessment.causes[: assessment.explained]:
            why = ", ".join(_evidence(e, quotes, texts) for e in cause.evidence[:MAX_EVIDENCE])
            lines.append(f"- {_capital(cause.name)}: {why or texts.reply('common_trigger')}.")
        lines.append(assessment.causes[0].explanation)
    else:
        lines.append(texts.reply("no_causes"))
    lines.append("What you can do:")
    lines += [f"- {step}" for step in assessment.self_care[:MAX_STEPS]]
    if assessment.tests:
        lines.append("Tests you could ask a doctor about: " + ", ".join(t.detail for t in assessment.tests) + ".")
    if assessment.unscreened_red_flags:
        unsure = ", ".join(knowledge.label("symptom", s) for s in assessment.unscreened_red_flags)
        advice = knowledge.levels[knowledge.unnamed_sign_level].summary
        lines.append(
            f"{texts.reply('unsure_red_flags')} {unsure}. If you have any of them: {advice[:1].lower()}{advice[1:]}"
        )
    if assessment.more_urgent_if:
        lines.append("Get help sooner if: " + "; ".join(assessment.more_urgent_if) + ".")
    lines.append(assessment.disclaimer)
    return "\n".join(lines)


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
        level={
            "id": level.id,
            "label": knowledge.label("triage_level", level.id),
            "summary": level.summary,
            "advice": level.advice,
        },
    )
    return payload
