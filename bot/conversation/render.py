"""Words for the person: the assessment as a message, with the evidence
from this conversation, and the emergency advice."""
from __future__ import annotations

from typing import Any, Dict, List, Mapping, Sequence

from bot.knowledge import Assessment, Evidence, describe_days, load_knowledge

from .case import Case, kind_of
from .texts import reply

MAX_STEPS = 4


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _evidence(evidence: Evidence, mentions: Mapping[str, str]) -> str:
    knowledge = load_knowledge()
    if evidence.days is not None:  # a duration
        return f"it has lasted {describe_days(evidence.days)}"
    assert evidence.id is not None, "every finding but a duration has an id"
    label = knowledge.label(evidence.kind, evidence.id)
    if evidence.denied:
        return f"you said no {label}"
    if evidence.kind == "body_part":
        return f"it fits twitching in the {label}"
    said = mentions.get(f"{evidence.kind}:{evidence.id}")
    return f'{reply("you_mentioned")} "{said}"' if said else f"{reply('you_mentioned')} {label}"


def recall(case: Case) -> Dict[str, str]:
    """The words that open a return visit: when the person was last here and
    what they told then ("9 days ago", "twitching in the eyelid, for 3 days")."""
    days = case.returning_days or 0.0
    when = reply("yesterday") if days < 2 else reply("days_ago").format(days=describe_days(days))
    knowledge = load_knowledge()
    what = "twitching"
    if case.body_parts:
        places = [knowledge.label("body_part", p) for p in case.body_parts]
        what += " in the " + (" and the ".join(places))
    if case.duration_days is not None:
        what += f", for {describe_days(case.duration_days)}"
    return {"when": when, "what": what}


def assessment_text(assessment: Assessment, mentions: Mapping[str, str], updated: bool = False) -> str:
    knowledge = load_knowledge()
    level = knowledge.label("triage_level", assessment.triage_level)
    lines: List[str] = [reply("updated")] if updated else []
    lines += [f"My advice: {assessment.summary} ({level})",
              "Why: " + "; ".join(assessment.reasons) + ".",
              assessment.advice]
    if assessment.causes:
        lines.append("What may be behind it (a possibility, not a diagnosis):")
        for cause in assessment.causes[:3]:
            why = ", ".join(_evidence(e, mentions) for e in cause.evidence[:3]) or reply("common_trigger")
            lines.append(f"- {_capital(cause.name)}: {why}.")
        lines.append(assessment.causes[0].explanation)
    else:
        lines.append(reply("no_causes"))
    lines.append("What you can do:")
    lines += [f"- {step}" for step in assessment.self_care[:MAX_STEPS]]
    if assessment.tests:
        lines.append("Tests you could ask a doctor about: " + ", ".join(t.detail for t in assessment.tests) + ".")
    if assessment.unscreened_red_flags:
        unsure = ", ".join(knowledge.label("symptom", s) for s in assessment.unscreened_red_flags)
        lines.append(f"{reply('unsure_red_flags')} {unsure}. If you have any of them, see a doctor within days.")
    if assessment.more_urgent_if:
        lines.append("Get help sooner if: " + "; ".join(assessment.more_urgent_if) + ".")
    lines.append(assessment.disclaimer)
    return "\n".join(lines)


def _sign_label(sign: str) -> str:
    knowledge = load_knowledge()
    kind = kind_of(sign, knowledge)
    label = knowledge.label(kind, sign)
    return label if kind == "symptom" else f"twitching of the {label}"


def emergency_text(reasons: List[str], unconfirmed: Sequence[str] = ()) -> str:
    """Emergency advice and why; then the signs suspected but not confirmed."""
    text = reply("emergency") + "\nWhy: " + "; ".join(reasons) + "."
    if unconfirmed:
        labels = ", ".join(_sign_label(s) for s in unconfirmed)
        text += f"\n{reply('emergency_unconfirmed')} {labels}."
    return text


def emergency_payload(assessment: Assessment, reasons: List[str]) -> Dict[str, Any]:
    payload = assessment.payload()
    payload["assessment"].update(triage_level="emergency", reasons=reasons, causes=[], tests=[], self_care=[],
                                 more_urgent_if=[])
    return payload
