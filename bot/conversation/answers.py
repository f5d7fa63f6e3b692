"""How a message settles the question the assistant asked: one table
(`answered_by` and `on_affirm`/`on_deny`/`on_dont_know` in intake.yml)
read by `settle`, with the handlers below registered by name."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from bot.knowledge import Knowledge
from bot.knowledge.findings import UNNAMED_SIGN, WARNING_SIGN

from .case import RECALL, Case, kind_of
from .texts import Question, Texts

Entities = list[Mapping[str, Any]]
# A handler returns the updated case and whether to ask the question again.
Handler = Callable[[Case, Question, Knowledge], tuple[Case, bool]]
HANDLERS: dict[str, Handler] = {}
UNREAL = ("hypothetical", "historical")


def handler(name: str) -> Callable[[Handler], Handler]:
    def register(function: Handler) -> Handler:
        HANDLERS[name] = function
        return function

    return register


def asked_out(case: Case, question: Question, key: str | None = None) -> bool:
    """Whether a question (a confirmation: by the key of its sign) has been
    asked as often as allowed."""
    return case.asked.get(key or question.name, 0) >= question.max_asks


@handler("ask_which")
def _ask_which(case: Case, question: Question, knowledge: Knowledge) -> tuple[Case, bool]:
    """A bare "yes" to a list: which of them? Twice yes but never which, to
    the warning signs: when in doubt, escalate."""
    known = case.symptoms if question.name == "red_flags" else case.exposures
    if set(known) & set(question.denies):
        return case.settle(question.name), False  # "just that": the one already named
    if not asked_out(case, question):
        return case, True
    if question.name == "red_flags":
        case = case.affirm("symptom", UNNAMED_SIGN)
    return case.settle(question.name), False


@handler("deny_listed")
def _deny_listed(case: Case, question: Question, knowledge: Knowledge) -> tuple[Case, bool]:
    """A "no" to a list denies what is not affirmed, suspected or unsure."""
    kind = "symptom" if question.name == "red_flags" else "exposure"
    for id_ in question.denies:
        if not case.has(kind, id_) and id_ not in case.suspected and id_ not in case.unsure:
            case = case.deny(kind, id_)
    return case.settle(question.name), False


def _onset(value: str) -> Handler:
    def set_onset(case: Case, question: Question, knowledge: Knowledge) -> tuple[Case, bool]:
        open_signs = {s: value for s in case.open_onsets(knowledge)}
        return replace(case, onset=value, onsets={**case.onsets, **open_signs}).settle(question.name), False

    return set_onset


HANDLERS["sudden"] = _onset("sudden")
HANDLERS["gradual"] = _onset("gradual")


@handler("confirm")
def _confirm(case: Case, question: Question, knowledge: Knowledge) -> tuple[Case, bool]:
    sign = case.confirming
    if not sign:  # an older tracker, or a confirmation already settled
        return case, False
    kind, words = kind_of(sign, knowledge), case.suspected.get(sign, sign)  # affirming ends the suspicion
    case = case.affirm(kind, sign).said(kind, sign, words)
    return replace(case, confirming=None), False


@handler("rule_out")
def _rule_out(case: Case, question: Question, knowledge: Knowledge) -> tuple[Case, bool]:
    """A "no" to one named sign is a close, explicit denial of it; its
    milder sibling, if any, is asked about next with the same words."""
    sign = case.confirming
    if not sign:
        return case, False
    words = case.suspected.get(sign, "")
    case = replace(case.deny(kind_of(sign, knowledge), sign), confirming=None)
    milder = question.milder.get(sign)
    return (case.suspect(milder, words) if milder and words else case), False


@handler("keep_unsure")
def _keep_unsure(case: Case, question: Question, knowledge: Knowledge) -> tuple[Case, bool]:
    """Unknown stays unknown: listed in the assessment, never denied."""
    return (case.keep_unsure(case.confirming) if case.confirming else case), False


@handler("still")
def _still(case: Case, question: Question, knowledge: Knowledge) -> tuple[Case, bool]:
    """Still twitching on a return visit: it has lasted the days since the
    duration was told longer (a duration told just now counts as said); a
    duration never told is at least those days, once they make a day."""
    since = case.days_since_duration
    days = case.duration_days + since if case.duration_days is not None else since if since >= 1 else None
    return replace(
        case, duration_days=None if days is None else round(days, 1), days_since_duration=0.0, returning_days=None
    ).settle(question.name), False


@handler("stopped")
def _stopped(case: Case, question: Question, knowledge: Knowledge) -> tuple[Case, bool]:
    """It stopped. The turn closes the case only when nothing else in it
    calls for a doctor (bot.conversation.turns)."""
    return replace(case, stopped=True, returning_days=None).settle(question.name), False


@handler("forget")
def _forget(case: Case, question: Question, knowledge: Knowledge) -> tuple[Case, bool]:
    return replace(case, forget=True).settle(question.name), False


def _answers(question: Question, before: Case, case: Case, entities: Entities, knowledge: Knowledge) -> bool:
    """Whether the message itself (not a bare yes or no) answers the question."""
    real = [e for e in entities if e.get("role") not in UNREAL]
    kinds = {e.get("entity") for e in real if e.get("role") != "possible"}
    warning = knowledge.warning_signs("symptom") | knowledge.warning_signs("body_part")
    for answer_kind in question.answered_by:
        if answer_kind == WARNING_SIGN and (
            any(e.get("value") in warning and e.get("entity") != "exposure" for e in real) or WARNING_SIGN in kinds
        ):
            return True
        if answer_kind == "twitching" and any(
            e.get("entity") == "symptom" and e.get("value") == "twitching" and not e.get("role") for e in entities
        ):
            return True
        if answer_kind == "the_sign" and not before.known(case.confirming or "") and case.known(case.confirming or ""):
            return True
        if answer_kind in kinds and answer_kind not in (WARNING_SIGN, "the_sign"):
            return True
    return False


def _answered(question: Question, case: Case, entities: Entities, knowledge: Knowledge) -> tuple[Case, bool]:
    """Settle a question the message itself answered; some answers carry a value."""
    if question.name == "confirm_sign":  # the sign was taken in as said
        return replace(case, confirming=None), False
    said = [e.get("value") for e in entities if e.get("entity") == "onset"]
    if "onset" in question.answered_by and said:  # "out of nowhere": it tells of the signs asked about
        return HANDLERS["sudden" if "sudden" in said else "gradual"](case, question, knowledge)
    if "twitching" in question.answered_by:  # "it's still twitching", "now my calf twitches too"
        return HANDLERS[question.on["affirm"]](case, question, knowledge)
    return case.settle(question.name), False


def _insists(case: Case, entities: Entities) -> bool:
    """The person says again what made us ask ("my keys slip, I said"):
    when in doubt, the sign counts."""
    sign = case.confirming
    return any(e.get("value") == sign and e.get("role") not in UNREAL + ("denied",) for e in entities)


def settle(
    before: Case,
    case: Case,
    intent: str,
    entities: Entities,
    knowledge: Knowledge,
    texts: Texts,
    interruption: bool = False,
    message: str = "",
) -> tuple[Case, bool]:
    """Settle the pending question of `before` with this message (already
    taken into `case`); True when it must be asked again. A question the
    person asks (`interruption`) settles it only by answering it. Asked how
    it began and not told (or asked as often as allowed), the signs asked
    about have an unknown onset, which the triage table may escalate on:
    when in doubt, escalate."""
    pending = before.requested_slot
    if pending is None:
        return case, False  # nothing was asked
    question = texts.questions[pending]
    case, again = _settle(question, before, case, intent, entities, knowledge, interruption, message)
    if pending == "onset" and ("onset" in case.answered or asked_out(case, question)):
        case = case.onsets_unknown(knowledge)
    return case, again


def _said(question: Question, message: str) -> str | None:
    """A yes or no said in words ("the twitching has stopped", "it hasn't
    stopped"): a yes word wins (when in doubt, it goes on)."""
    words = f" {message.lower().replace(chr(0x2019), chr(39))} "  # hasn’t -> hasn't
    if any(w in words for w in question.yes_words):
        return "affirm"
    return "deny" if any(w in words for w in question.no_words) else None


def _settle(
    question: Question,
    before: Case,
    case: Case,
    intent: str,
    entities: Entities,
    knowledge: Knowledge,
    interruption: bool,
    message: str,
) -> tuple[Case, bool]:
    name = question.name
    said = None if interruption else _said(question, message)
    if said is not None and said in question.on:
        return HANDLERS[question.on[said]](case, question, knowledge)
    if interruption:  # "what causes twitching?" names twitching without saying it goes on
        if not _answers(question, before, case, entities, knowledge) or "twitching" in question.answered_by:
            return case, False
        return _answered(question, case, entities, knowledge)
    if name == "confirm_sign":
        if _answers(question, before, case, entities, knowledge):
            return _answered(question, case, entities, knowledge)
        if intent not in question.on and _insists(case, entities):
            return HANDLERS["confirm"](case, question, knowledge)
    elif _answers(question, before, case, entities, knowledge):
        return _answered(question, case, entities, knowledge)
    if intent in question.on:
        return HANDLERS[question.on[intent]](case, question, knowledge)
    # A bare answer, or other news: asking again would only repeat (but other
    # news does not tell whether a sign is there, or whether it still twitches).
    if intent in ("affirm", "deny", "dont_know") or (entities and name not in ("confirm_sign", "red_flags", RECALL)):
        return case.settle(name), False
    return case, False
