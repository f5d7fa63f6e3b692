"""One turn of the conversation: take in what the person said, screen for
an emergency, settle the pending question, then ask the next question or
give the assessment. Also answers to common questions."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple

from bot.knowledge import Assessment, assess, load_knowledge

from .case import Case
from .render import assessment_text, emergency_payload, emergency_text
from .texts import QUESTIONS, fallback_reply, reply, texts

ANSWERS = ("affirm", "deny", "dont_know")
KINDS = ("symptom", "body_part", "exposure", "duration", "onset")


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: Tuple[str, ...] = ()
    custom: Optional[Dict[str, Any]] = None


@dataclass(frozen=True)
class Turn:
    case: Case
    replies: Tuple[Reply, ...]


def _kinds(entities: Iterable[Mapping[str, Any]]) -> Dict[str, List[Mapping[str, Any]]]:
    found: Dict[str, List[Mapping[str, Any]]] = {}
    for entity in entities:
        found.setdefault(entity["entity"], []).append(entity)
    return found


def _needed(question: str, case: Case, assessment: Assessment) -> bool:
    if question in case.answered:
        return False
    if question == "body_parts":
        return not case.body_parts
    if question == "duration_days":
        return case.duration_days is None
    if question == "red_flags":
        known = set(case.symptoms) | set(case.denied_symptoms)
        return any(s not in known for s in texts().questions["red_flags"].denies)
    if question == "onset":
        return "onset" in assessment.open_questions
    return not case.exposures  # exposures


def next_question(case: Case, assessment: Assessment) -> Optional[str]:
    limit = texts().max_asks
    return next((q for q in QUESTIONS if _needed(q, case, assessment) and case.asked.get(q, 0) < limit), None)


def _deny_screen(case: Case, question: str) -> Case:
    kind = "symptom" if question == "red_flags" else "exposure"
    affirmed = case.symptoms if kind == "symptom" else case.exposures
    for id_ in texts().questions[question].denies:
        if id_ not in affirmed:
            case = case.deny(kind, id_)
    return case


def _settle(case: Case, question: str, intent: str, entities: List[Mapping[str, Any]]) -> Tuple[Case, bool]:
    """Settle the pending question from this message; True when a bare
    "yes" to a list question needs a "which of them?"."""
    said = _kinds(entities)
    knowledge = load_knowledge()
    answered = {
        "body_parts": "body_part" in said,
        "duration_days": "duration" in said,
        "red_flags": any(e["value"] in knowledge.red_flag_symptoms for e in said.get("symptom", []))
                     or any(e["value"] in knowledge.red_flag_body_parts for e in said.get("body_part", [])),
        "onset": "onset" in said,
        "exposures": "exposure" in said,
    }[question]
    if answered or intent == "dont_know":
        return case.settle(question), False
    if intent == "deny":
        if question in ("red_flags", "exposures"):
            case = _deny_screen(case, question)
        elif question == "onset":
            case = replace(case, onset="gradual")
        return case.settle(question), False
    if intent == "affirm":
        if question == "onset":
            return replace(case, onset="sudden").settle(question), False
        if question in ("red_flags", "exposures"):
            known = case.symptoms if question == "red_flags" else case.exposures
            if set(known) & set(texts().questions[question].denies):
                return case.settle(question), False  # "just that": the one already named
            if case.asked.get(question, 0) < texts().max_asks:
                return case, True
            if question == "red_flags":  # yes, twice, but never which: when in doubt, escalate
                case = case.affirm("symptom", "unspecified_red_flag")
            return case.settle(question), False
    return case, False


def _ask(case: Case, question: str, replies: List[Reply], again: bool = False, resume: bool = False) -> Turn:
    if case.asked.get(question, 0) >= texts().max_asks:  # never a third time
        return _proceed(case.settle(question), replies)
    spec = texts().questions[question]
    text = spec.again if again and spec.again else spec.text
    if resume:
        text = f"{reply('resume')} {text}"
    return Turn(case.ask(question), tuple(replies) + (Reply(text, spec.buttons),))


def _emergency(case: Case, assessment: Assessment) -> Turn:
    reasons = list(assessment.level_reasons) if assessment.triage_level == "emergency" else [reply("emergency_reason")]
    # No benign causes beside emergency advice: they would only distract.
    case = replace(case, emergency=True, requested_slot=None, triage_level="emergency", likely_causes=[])
    return Turn(case, (Reply(emergency_text(reasons), custom=emergency_payload(assessment, reasons)),))


def _proceed(case: Case, replies: List[Reply], changed: bool = True) -> Turn:
    assessment = assess(case.findings())
    question = next_question(case, assessment)
    if question:
        return _ask(case, question, replies)
    if case.assessed and not changed:
        return Turn(replace(case, requested_slot=None),
                    tuple(replies) + (Reply(f"{reply('acknowledged')} {reply('after_assessment')}"),))
    text = assessment_text(assessment, case.mentions, updated=case.assessed)
    case = replace(case, requested_slot=None, assessed=True, triage_level=assessment.triage_level,
                   likely_causes=list(assessment.likely_causes))
    return Turn(case, tuple(replies) + (Reply(text, custom=assessment.payload()),))


def take_turn(case: Case, intent: str, entities: Iterable[Mapping[str, Any]],
              input_problem: Optional[str] = None) -> Turn:
    """A message that tells or answers something about the case."""
    entities = [e for e in entities if e.get("entity") in KINDS]
    updated = case.with_entities(entities)
    assessment = assess(updated.findings())
    if intent == "emergency" or assessment.triage_level == "emergency":
        return _emergency(updated, assessment)
    pending = updated.requested_slot
    if pending:
        updated, ask_which = _settle(updated, pending, intent, entities)
        if ask_which:
            return _ask(updated, pending, [], again=True)
    replies: List[Reply] = []
    if not entities and not pending:
        if intent in ANSWERS and updated.assessed:
            return Turn(updated, (Reply(f"{reply('acknowledged')} {reply('after_assessment')}"),))
        if intent not in ANSWERS:  # nothing usable and nothing asked: just say why
            return Turn(updated, (Reply(fallback_reply(input_problem)),))
    elif not entities and intent not in ANSWERS:
        return _ask(updated, pending, [Reply(fallback_reply(input_problem))])
    return _proceed(updated, replies, changed=updated.findings() != case.findings())


def _cause_answer(entities: List[Mapping[str, Any]]) -> str:
    """For each exposure or symptom asked about, the cause it points to most."""
    knowledge = load_knowledge()
    answers = []
    for entity in entities:
        key = (entity["entity"], entity["value"])
        weights = {c.id: c.evidence.get(key, 0.0) for c in knowledge.causes.values()}
        best = max(weights, key=weights.get)
        if weights[best] >= 1:  # direct evidence, not a mere fit
            answers.append(f"{reply('cause_yes')} {knowledge.causes[best].explanation}")
    return "\n".join(dict.fromkeys(answers)) or reply("cause_unknown")


def _answer_text(intent: str, entities: List[Mapping[str, Any]], case: Case) -> str:
    knowledge = load_knowledge()
    if intent == "ask_causes":
        return knowledge.faq["causes_overview"]
    if intent == "ask_serious":
        text = knowledge.faq["serious"]
        if case.assessed and case.triage_level:
            text += f" From what you told me: {knowledge.levels[case.triage_level].summary}"
        return text
    if intent == "ask_bfs":
        return knowledge.causes["benign_fasciculation_syndrome"].explanation
    if intent == "ask_tests":
        if case.assessed:
            tests = assess(case.findings()).tests
            return "For what you described, a doctor may consider: " + ", ".join(t.detail for t in tests) + "."
        return knowledge.faq["tests_overview"]
    if intent == "ask_cause_specific":
        return _cause_answer(entities)
    return knowledge.faq["duration"]  # ask_duration


def answer_question(case: Case, intent: str, entities: Iterable[Mapping[str, Any]]) -> Turn:
    """Answer a common question, then go back to the intake if it was
    under way. An emergency sign in the question still comes first."""
    entities = [e for e in entities if e.get("entity") in KINDS]
    signs = [e for e in entities if e["entity"] == "symptom" and e.get("role") != "denied"]
    if signs:
        with_signs = case.with_entities(signs)
        emergency = assess(with_signs.findings())
        if emergency.triage_level == "emergency":
            return _emergency(with_signs, emergency)
    replies = [Reply(_answer_text(intent, entities, case))]
    pending = case.requested_slot
    if pending and not case.assessed:
        return _ask(case, pending, replies, resume=True)
    return Turn(case, tuple(replies))
