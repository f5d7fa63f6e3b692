"""One turn of the conversation, one decision: take in what the person said,
settle the pending question, assess once, then route: emergency first, then
the next question (confirmations of suspected warning signs before the
intake's), then the assessment. Answers to common questions take the same
path, with the answer first.

A `Conversation` holds what the turns read, the knowledge and the
conversation's texts, built once (`Conversation.load()`) or from other data
in tests."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from bot.knowledge import Assessment, Knowledge, assess, load_knowledge
from bot.knowledge.findings import AFFIRMED_SLOTS, ENTITY_KINDS, WARNING_SIGN

from .answers import asked_out, settle
from .case import RECALL, Case, confirm_key
from .render import assessment_messages, emergency_payload, emergency_text, recall
from .texts import QUESTIONS, Texts, load_texts

ANSWERS = ("affirm", "deny", "dont_know")
# The questions `answer_question` answers (data/rules.yml sends them to action_answer_question).
ANSWERED = (
    "ask_causes",
    "ask_serious",
    "ask_bfs",
    "ask_tests",
    "ask_cause_specific",
    "ask_duration",
    "request_human",
    "request_summary",
)
SUMMARY = "request_summary"
KINDS = ENTITY_KINDS + (WARNING_SIGN,)  # the entities a turn reads


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[str, ...] = ()
    custom: dict[str, Any] | None = None
    assessment: bool = False  # one of the assessment's messages (a channel may show its payload instead)
    # The text holds {link} (and {days}): the summary's address, which the
    # action fills in (bot.summary.links); the conversation does not know it.
    summary_link: bool = False


@dataclass(frozen=True)
class Turn:
    case: Case
    replies: tuple[Reply, ...]


class Conversation:
    """The turns of the conversation over one knowledge and one set of texts."""

    def __init__(self, knowledge: Knowledge, texts: Texts) -> None:
        self.knowledge, self.texts = knowledge, texts

    @classmethod
    def load(cls) -> Conversation:
        """The project's knowledge and texts, loaded and checked."""
        knowledge = load_knowledge()
        return cls(knowledge, load_texts(knowledge))

    def reply(self, key: str) -> str:
        return self.texts.reply(key)

    def _urgency(self, sign: str) -> int:
        """How urgent the most urgent rule naming a sign is: emergencies are
        confirmed first."""
        rank = self.knowledge.level_order()
        return max(
            (rank[r.level] for r in self.knowledge.rules if any(id_ == sign for _, id_ in r.when.named)), default=0
        )

    def _to_confirm(self, case: Case) -> str | None:
        pending = [s for s in case.suspected if s in self.texts.questions["confirm_sign"].signs]
        return max(pending, key=self._urgency, default=None)

    def _needed(self, question: str, case: Case, assessment: Assessment) -> bool:
        if question in case.answered:
            return False
        if question == RECALL:
            return case.returning_days is not None
        if question == "body_parts":
            return not case.body_parts
        if question == "duration_days":
            return case.duration_days is None
        if question == "red_flags":
            known = set(case.symptoms) | set(case.denied_symptoms) | set(case.unsure)
            return any(s not in known for s in self.texts.questions["red_flags"].denies)
        if question == "onset":
            return "onset" in assessment.open_questions
        return not case.exposures  # exposures

    def _next_question(self, case: Case, assessment: Assessment) -> tuple[Case, str | None]:
        """The next question, after letting go of any asked as often as allowed
        (a confirmation left unanswered keeps its sign unsure)."""
        sign = self._to_confirm(case)
        while sign and asked_out(case, self.texts.questions["confirm_sign"], confirm_key(sign)):
            case = case.keep_unsure(sign)
            sign = self._to_confirm(case)
        for question in QUESTIONS:
            if question == "confirm_sign":
                if sign:
                    return replace(case, confirming=sign), question
            elif self._needed(question, case, assessment) and not asked_out(case, self.texts.questions[question]):
                return case, question
        return replace(case, confirming=None), None

    def _ask(self, case: Case, question: str, replies: list[Reply], again: bool = False, resume: bool = False) -> Turn:
        spec = self.texts.questions[question]
        text = spec.again if again and spec.again else spec.text
        key = question
        if question == "confirm_sign":
            sign = case.confirming
            assert sign is not None, "confirm_sign asks about case.confirming (_next_question sets it)"
            text = spec.text.format(quote=case.suspected[sign], question=spec.signs[sign])
            key = confirm_key(sign)
        elif question == RECALL:
            text = spec.text.format(**recall(case, self.knowledge, self.texts))
        if resume:
            text = f"{self.reply('resume')} {text}"
        return Turn(
            replace(case.ask(key), requested_slot=question, apologised=False),
            tuple(replies) + (Reply(text, spec.buttons),),
        )

    def _summary_offer(self) -> Reply:
        return Reply(self.reply("summary_offer"), summary_link=True)

    def _emergency(self, case: Case, assessment: Assessment, after: tuple[Reply, ...] = ()) -> Turn:
        reasons = (
            list(assessment.level_reasons)
            if assessment.triage_level == "emergency"
            else [self.reply("emergency_reason")]
        )
        # No benign causes beside emergency advice: they would only distract. Signs
        # suspected but not yet confirmed stay unsure, and are named for whoever takes over.
        unsure = case.unsure + [s for s in case.suspected if s not in case.unsure]
        case = replace(
            case,
            emergency=True,
            requested_slot=None,
            confirming=None,
            triage_level="emergency",
            likely_causes=[],
            suspected={},
            unsure=unsure,
        )
        text = emergency_text(reasons, unsure, self.knowledge, self.texts)
        return Turn(case, (Reply(text, custom=emergency_payload(assessment, reasons, self.knowledge)), *after))

    def _assessment(self, case: Case, assessment: Assessment, replies: list[Reply], changed: bool) -> Turn:
        if case.assessed and not changed:
            return Turn(
                replace(case, requested_slot=None),
                tuple(replies) + (Reply(f"{self.reply('acknowledged')} {self.reply('after_assessment')}"),),
            )
        said = assessment_messages(assessment, case.quotes(), self.texts)
        # A message of its own: Slack, which shows the assessment from its payload, still says it was updated.
        note = (Reply(self.reply("updated")),) if case.assessed else ()
        rank = self.knowledge.level_order()
        offered_from = rank[self.knowledge.summary_offered_from]
        offered_before = case.assessed and rank.get(case.triage_level or "", 0) >= offered_from
        # Asked for, or due unasked: one link, after the advice.
        asked = any(r.summary_link for r in replies)
        replies = [r for r in replies if not r.summary_link]
        due = rank[assessment.triage_level] >= offered_from and not offered_before
        offer = (self._summary_offer(),) if asked or due else ()
        case = replace(
            case,
            requested_slot=None,
            assessed=True,
            triage_level=assessment.triage_level,
            likely_causes=list(assessment.likely_causes),
        )
        # The payload, whole, with the last message (the card then follows the words).
        messages = [Reply(text, assessment=True) for text in said[:-1]]
        messages.append(Reply(said[-1], custom=assessment.payload(case.quotes()), assessment=True))
        return Turn(case, tuple(replies) + note + tuple(messages) + offer)

    def _called_emergency(self, intent: str, confidence: float, entities: list[Mapping[str, Any]]) -> bool:
        """The intent alone decides an emergency only when sure, or when the
        message names nothing the assessment could judge."""
        affirmed = [e for e in entities if e.get("entity") == "symptom" and not e.get("role")]
        return intent == "emergency" and (confidence >= self.texts.emergency_intent_confidence or not affirmed)

    def _decide(
        self,
        case: Case,
        intent: str,
        entities: list[Mapping[str, Any]],
        message: str,
        input_problem: str | None,
        answer: Reply | None,
        confidence: float = 1.0,
    ) -> Turn:
        """One decision per turn: take in the message, settle the pending
        question, assess once, then route: emergency first, then the next
        question, then the assessment."""
        updated = case.take_in(entities, message, self.knowledge)
        pending, again = case.requested_slot, False
        if pending:
            updated, again = settle(
                case,
                updated,
                intent,
                entities,
                self.knowledge,
                self.texts,
                interruption=answer is not None,
                message=message,
            )
        if updated.forget:  # "delete my data", confirmed: the tracker store deletes the conversation
            return Turn(updated, (Reply(self.reply("forgotten")),))
        assessment = assess(updated.findings(), self.knowledge)
        # Once emergency advice was given it is repeated on every turn until "start over".
        if (
            case.emergency
            or self._called_emergency(intent, confidence, entities)
            or assessment.triage_level == "emergency"
        ):
            # A summary asked for in an emergency still comes, after the advice.
            return self._emergency(updated, assessment, (answer,) if answer and answer.summary_link else ())
        replies = [answer] if answer else [Reply(self.reply("not_forgotten"))] if pending == "forget_me" else []
        if updated.stopped and not case.stopped:
            # Closed kindly only when nothing in the case calls for a doctor; else the advice again.
            rank = self.knowledge.level_order()
            if rank[assessment.triage_level] == min(rank.values()) and updated.findings() == case.findings():
                return Turn(replace(updated, requested_slot=None, closed=True), (Reply(self.reply("stopped")),))
            replies.append(Reply(self.reply("stopped_but")))
            updated = replace(updated, assessed=False)
        if again and pending:  # settle() says "again" only of a pending question
            return self._ask(updated, pending, replies, again=True)
        usable = bool(entities) or intent in ANSWERS or updated.suspected != case.suspected
        if (
            not usable
            and self._needed(RECALL, updated, assessment)
            and not asked_out(updated, self.texts.questions[RECALL])
        ):
            # back after a while: where we left off, whatever was said
            return self._ask(updated, RECALL, replies, resume=bool(answer) and RECALL in case.asked)
        if not usable and not answer:
            return self._not_understood(updated, intent, input_problem, assessment)
        if answer and not pending and updated.findings() == case.findings() and updated.suspected == case.suspected:
            return Turn(updated, tuple(replies))  # a question, nothing new about the case
        if not usable and case.assessed and not pending:
            return Turn(updated, (Reply(f"{self.reply('acknowledged')} {self.reply('after_assessment')}"),))
        updated, question = self._next_question(updated, assessment)
        if question:
            # "Back to my question" only for a question asked before (a return visit's is pending unasked)
            resume = bool(answer) and question == pending and (question != RECALL or RECALL in case.asked)
            return self._ask(updated, question, replies, resume=resume)
        changed = updated.findings() != case.findings() or updated.unsure != case.unsure
        return self._assessment(updated, assessment, replies, changed)

    def _not_understood(self, case: Case, intent: str, input_problem: str | None, assessment: Assessment) -> Turn:
        """Never two bare apologies in a row: words we could not read start the
        intake with its first question; an unusable or out-of-scope message
        gets its explanation, and a second one in a row a question to answer
        too. A pending question is asked again (within its limit)."""
        bare = (
            self.texts.fallback(input_problem)
            if input_problem
            else self.reply("out_of_scope")
            if intent == "out_of_scope"
            else ""
        )
        explanation = Reply(bare or self.texts.fallback(None))
        if case.assessed and not case.requested_slot:
            return Turn(case, (explanation,))
        if not case.requested_slot and bare and not case.apologised:
            return Turn(replace(case, apologised=True), (explanation,))
        lead = explanation if bare or case.requested_slot else Reply(self.reply("not_sure_understood"))
        case, question = self._next_question(case, assessment)
        if question:
            return self._ask(case, question, [lead])
        return self._assessment(case, assessment, [lead], changed=True)

    def greet(self, case: Case) -> Turn:
        """A hello: the greeting; on a return visit, where we left off instead
        (and an emergency is never met with a relaxed greeting)."""
        assessment = assess(case.findings(), self.knowledge)
        if case.emergency:
            return self._emergency(case, assessment)
        if self._needed(RECALL, case, assessment) and not asked_out(case, self.texts.questions[RECALL]):
            return self._ask(case, RECALL, [])
        return Turn(case, (Reply(self.reply("greeting")),))

    def _ask_to_forget(self, case: Case, entities: list[Mapping[str, Any]], message: str) -> Turn:
        """ "Delete my data": confirm first. What else the message says is taken
        in, and an emergency is still said first."""
        updated = case.take_in(entities, message, self.knowledge)
        assessment = assess(updated.findings(), self.knowledge)
        replies: tuple[Reply, ...] = ()
        if updated.emergency or assessment.triage_level == "emergency":
            advice = self._emergency(updated, assessment)
            updated, replies = advice.case, advice.replies
        return self._ask(updated, "forget_me", list(replies))

    def wants_start_over(self, case: Case, confidence: float) -> bool:
        """ "Start over" wipes the case: with findings at stake, only when the
        NLU is sure ("apart from the buttons, no" once read as start_over)."""
        has_findings = any(case.findings()[name] for name in (*AFFIRMED_SLOTS, "duration_days"))
        return not has_findings or confidence >= self.texts.start_over_confidence

    def take_turn(
        self,
        case: Case,
        intent: str,
        entities: Iterable[Mapping[str, Any]],
        input_problem: str | None = None,
        message: str = "",
        confidence: float = 1.0,
    ) -> Turn:
        """A message that tells or answers something about the case."""
        entities = [e for e in entities if e.get("entity") in KINDS]
        sure = confidence >= self.texts.forget_confidence
        if intent == "forget_me" and not sure:  # "I forget things lately": not a request to delete
            intent = "describe_symptoms"
        if intent == "forget_me" and case.requested_slot != "forget_me":
            return self._ask_to_forget(case, entities, message)
        if case.requested_slot == "forget_me" and intent in ("affirm", "forget_me"):
            intent = "affirm" if sure else "dont_know"  # only a clear yes deletes
        return self._decide(case, intent, entities, message, input_problem, None, confidence)

    def _cause_answer(self, entities: list[Mapping[str, Any]]) -> str:
        """For each exposure or symptom asked about, the cause it points to most."""
        answers = []
        for entity in entities:
            key = (entity["entity"], entity["value"])
            weights = {c.id: c.evidence.get(key, 0.0) for c in self.knowledge.causes.values()}
            best = max(weights, key=weights.__getitem__)
            if weights[best] >= 1:  # direct evidence, not a mere fit
                answers.append(f"{self.reply('cause_yes')} {self.knowledge.causes[best].explanation}")
        return "\n".join(dict.fromkeys(answers)) or self.reply("cause_unknown")

    def _answer(self, intent: str, entities: list[Mapping[str, Any]], case: Case) -> Reply:
        if intent == SUMMARY:  # a summary once there is advice to summarise
            return self._summary_offer() if case.assessed or case.emergency else Reply(self.reply("summary_not_yet"))
        return Reply(self._answer_text(intent, entities, case))

    def _answer_text(self, intent: str, entities: list[Mapping[str, Any]], case: Case) -> str:
        faq = self.knowledge.faq
        if intent == "ask_serious":
            text = faq["serious"]
            if case.assessed and case.triage_level:
                text += f" From what you told me: {self.knowledge.levels[case.triage_level].summary}"
            return text
        if intent == "ask_tests" and case.assessed:
            tests = assess(case.findings(), self.knowledge).tests
            return "For what you described, a doctor may consider: " + ", ".join(t.detail for t in tests) + "."
        if intent == "ask_cause_specific":
            return self._cause_answer(entities)
        fixed = {
            "ask_causes": faq["causes_overview"],
            "ask_tests": faq["tests_overview"],
            "ask_duration": faq["duration"],
            "ask_bfs": self.knowledge.causes["benign_fasciculation_syndrome"].explanation,
            "request_human": self.reply("human"),
        }
        if intent not in fixed:
            raise ValueError(f"no answer for the intent '{intent}' (answered: {', '.join(ANSWERED)})")
        return fixed[intent]

    def answer_question(
        self, case: Case, intent: str, entities: Iterable[Mapping[str, Any]], message: str = ""
    ) -> Turn:
        """Answer a common question, taking in what it says about the case
        ("is it bad that my arm suddenly went limp?"): an emergency still comes
        first, and the intake goes on where it was."""
        entities = [e for e in entities if e.get("entity") in KINDS]
        answer = self._answer(intent, entities, case)
        if intent == "ask_cause_specific":  # "can coffee cause this?" asks about coffee; it does not say they drink it
            entities = [e for e in entities if e.get("entity") != "exposure"]
        return self._decide(case, intent, entities, message, None, answer)
