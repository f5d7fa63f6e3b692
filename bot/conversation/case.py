"""The case: what the person told us so far (the contract slots) and where
the intake stands. Built from tracker slots, updated from NLU entities,
written back as slots.

Safety is asymmetric here: an affirmed warning sign is removed only by an
explicit retraction of that same sign ("sorry, my arm isn't weak, I meant
tired"), never by a general "no" or a denial elsewhere in a message. A sign
that is only possible (hedged, or suspected by the safety net) is neither
affirmed nor denied: it waits in `suspected` until the person confirms it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from bot.knowledge import Knowledge
from bot.knowledge.findings import (
    FINDING_KINDS,
    FINDING_SLOTS,
    ID_SLOTS,
    ONSETS,
    OPEN_ONSETS,
    SIGN_KINDS,
    UNKNOWN_ONSET,
    UNNAMED_SIGN,
    WARNING_SIGN,
)

DENIED, POSSIBLE, HYPOTHETICAL = "denied", "possible", "hypothetical"
MAX_QUOTE = 120  # characters of the person's words quoted back
RECALL = "still_twitching"  # the question that opens a return visit
FORGET = "forget"  # slot set when the person confirmed "delete my data" (bot.storage deletes)
SENTENCE_END = re.compile(r"[.!?;]\s")
LOG = logging.getLogger(__name__)


def kind_of(sign: str, knowledge: Knowledge) -> str:
    """Whether a warning sign is a symptom or a place (the tongue)."""
    return "symptom" if sign in knowledge.vocabulary["symptom"] else "body_part"


def confirm_key(sign: str) -> str:
    """The `asked` key of the confirmation of one sign."""
    return f"confirm_sign:{sign}"


def _add(items: list[str], item: str) -> list[str]:
    return items if item in items else items + [item]


def _drop(items: list[str], item: str) -> list[str]:
    return [i for i in items if i != item]


def _known(entity: Mapping[str, Any], knowledge: Knowledge) -> Mapping[str, Any] | None:
    """The entity, when the knowledge knows its id. One it does not know
    comes from a model trained with other data than the action server's:
    it is logged, and a sign counts as a warning sign the person did not
    name (a red flag is never dropped); anything else is left out."""
    kind, value = entity.get("entity"), entity.get("value")
    kinds = SIGN_KINDS if kind == WARNING_SIGN else (kind,) if kind in FINDING_KINDS else ()
    if not kinds or any(value in knowledge.vocabulary[k] for k in kinds):
        return entity
    LOG.warning(
        "The NLU sent %s '%s', which the knowledge data does not know: retrain the model (make train) "
        "with the data the action server has.",
        kind,
        value,
    )
    if kind in ("symptom", WARNING_SIGN) and entity.get("role") in (None, POSSIBLE):
        return {**entity, "entity": "symptom", "value": UNNAMED_SIGN, "role": None}
    return None


def quote(message: str, start: int, end: int) -> str:
    """The person's words around a span: the whole message when short,
    else the sentence that holds the span."""
    if len(message) <= MAX_QUOTE:
        return message.strip()
    left = max(message.rfind(stop, 0, start) for stop in ".!?\n") + 1
    rights = [i for i in (message.find(stop, end) for stop in ".!?\n") if i != -1]
    sentence = message[left : min(rights) if rights else len(message)].strip()
    return sentence if len(sentence) <= MAX_QUOTE else message[start:end].strip()


@dataclass(frozen=True)
class Case:
    symptoms: list[str] = field(default_factory=list)
    denied_symptoms: list[str] = field(default_factory=list)
    body_parts: list[str] = field(default_factory=list)
    duration_days: float | None = None
    exposures: list[str] = field(default_factory=list)
    denied_exposures: list[str] = field(default_factory=list)
    onset: str | None = None  # an answer to "did it come on suddenly?"
    onsets: dict[str, str] = field(default_factory=dict)  # symptom -> how it began, when said of it
    triage_level: str | None = None
    likely_causes: list[str] = field(default_factory=list)
    requested_slot: str | None = None
    asked: dict[str, int] = field(default_factory=dict)  # question -> times asked
    answered: list[str] = field(default_factory=list)  # questions settled, even as "don't know"
    mentions: dict[str, str] = field(default_factory=dict)  # "exposure:caffeine" -> the person's words
    suspected: dict[str, str] = field(default_factory=dict)  # warning sign -> the words that suggest it
    unsure: list[str] = field(default_factory=list)  # warning signs the person could not confirm
    confirming: str | None = None  # the sign the pending confirmation is about
    apologised: bool = False  # the last reply was "I didn't understand"
    assessed: bool = False
    emergency: bool = False
    returning_days: float | None = None  # days since the last visit (a new session)
    days_since_duration: float = 0.0  # days passed since the duration was told
    stopped: bool = False  # on a return visit: "no, it stopped"
    closed: bool = False  # it stopped, no warning sign: nothing to recall
    forget: bool = False  # the person confirmed "delete my data"

    # The tracker keeps the intake state in one slot.
    @classmethod
    def from_slots(cls, slots: Mapping[str, Any]) -> Case:
        intake = slots.get("intake") or {}
        lists: dict[str, Any] = {name: list(slots.get(name) or []) for name in (*ID_SLOTS, "likely_causes")}
        return cls(
            **lists,
            duration_days=slots.get("duration_days"),
            onset=intake.get("onset", slots.get("onset")),
            onsets=dict(intake.get("onsets") or {}),
            triage_level=slots.get("triage_level"),
            requested_slot=slots.get("requested_slot"),
            asked=dict(intake.get("asked") or {}),
            answered=list(intake.get("answered") or []),
            mentions=dict(intake.get("mentions") or {}),
            suspected=dict(intake.get("suspected") or {}),
            unsure=list(intake.get("unsure") or []),
            confirming=intake.get("confirming"),
            apologised=bool(intake.get("apologised", False)),
            assessed=bool(intake.get("assessed", False)),
            emergency=bool(intake.get("emergency", False)),
            returning_days=intake.get("returning_days"),
            days_since_duration=float(intake.get("days_since_duration") or 0.0),
            stopped=bool(intake.get("stopped", False)),
            closed=bool(intake.get("closed", False)),
        )

    def to_slots(self) -> dict[str, Any]:
        return {
            **{slot: getattr(self, slot) for slot in ID_SLOTS},
            "duration_days": self.duration_days,
            "onset": self.worst_onset(),
            "triage_level": self.triage_level,
            "likely_causes": self.likely_causes,
            "requested_slot": self.requested_slot,
            "intake": {
                "asked": self.asked,
                "answered": self.answered,
                "mentions": self.mentions,
                "onset": self.onset,
                "onsets": self.onsets,
                "suspected": self.suspected,
                "unsure": self.unsure,
                "confirming": self.confirming,
                "apologised": self.apologised,
                "assessed": self.assessed,
                "emergency": self.emergency,
                "returning_days": self.returning_days,
                "days_since_duration": self.days_since_duration,
                "stopped": self.stopped,
                "closed": self.closed,
            },
        }

    def worst_onset(self) -> str | None:
        """The contract's `onset`: how the most worrying symptom began."""
        known = [self.onsets[s] for s in self.symptoms if self.onsets.get(s) in ONSETS] + (
            [self.onset] if self.onset else []
        )
        return "sudden" if "sudden" in known else (known[0] if known else None)

    def said(self, kind: str, id_: str, words: str) -> Case:
        """Keep the person's words for a finding they affirmed."""
        return replace(self, mentions={**self.mentions, f"{kind}:{id_}": words})

    def quotes(self) -> dict[tuple[str, str], str]:
        """(kind, id) -> the person's words for each finding they affirmed."""
        quotes = {}
        for key, words in self.mentions.items():
            kind, _, id_ = key.partition(":")
            quotes[(kind, id_)] = words
        return quotes

    def findings(self) -> dict[str, Any]:
        """The slots `bot.knowledge.assess` reads (with per-symptom onsets)."""
        return {
            **{slot: getattr(self, slot) for slot in ID_SLOTS},
            "duration_days": self.duration_days,
            # The answer to "did it come on suddenly?" was copied to the signs open then; a sign
            # named later has its own onset or none (and is asked about).
            "onsets": {s: o for s, o in self.onsets.items() if s in self.symptoms},
        }

    def open_onsets(self, knowledge: Knowledge) -> list[str]:
        """Affirmed signs whose level depends on an onset not yet known
        (never told, or asked and not told: a later answer still counts)."""
        return [s for s in self.symptoms if s in knowledge.onset_sensitive and self.onsets.get(s) in OPEN_ONSETS]

    def onsets_unknown(self, knowledge: Knowledge) -> Case:
        """Asked how it began and not told: the open signs' onset is unknown."""
        return replace(self, onsets={**self.onsets, **{s: UNKNOWN_ONSET for s in self.open_onsets(knowledge)}})

    def affirm(self, kind: str, id_: str) -> Case:
        return self._mark(kind, id_, affirmed=True)

    def deny(self, kind: str, id_: str) -> Case:
        return self._mark(kind, id_, affirmed=False)

    def _mark(self, kind: str, id_: str, affirmed: bool) -> Case:
        """A finding affirmed or denied: in its list, out of the other (a
        place has no denied list), and no longer suspected or unsure."""
        case = replace(
            self, suspected={k: v for k, v in self.suspected.items() if k != id_}, unsure=_drop(self.unsure, id_)
        )
        yes, no = FINDING_SLOTS[kind]
        into, out_of = (yes, no) if affirmed else (no, yes)
        lists: dict[str, Any] = {}
        if into:
            lists[into] = _add(getattr(case, into), id_)
        if out_of:
            lists[out_of] = _drop(getattr(case, out_of), id_)
        return replace(case, **lists)

    def has(self, kind: str, id_: str) -> bool:
        return id_ in getattr(self, FINDING_SLOTS[kind][0])

    def known(self, sign: str) -> bool:
        """Whether a warning sign is settled (affirmed, denied or unsure)."""
        return sign in self.symptoms or sign in self.denied_symptoms or sign in self.body_parts or sign in self.unsure

    def keep_unsure(self, sign: str) -> Case:
        """A suspected sign the person could not confirm: unknown, listed in
        the assessment, never denied."""
        return replace(
            self,
            suspected={k: v for k, v in self.suspected.items() if k != sign},
            unsure=_add(self.unsure, sign),
            confirming=None,
        )

    def suspect(self, sign: str, words: str) -> Case:
        """A sign to confirm. A denial does not stop it (it covered other
        words, perhaps of another clause); only the person's answer to
        this very confirmation does."""
        ruled_out = sign in self.denied_symptoms and confirm_key(sign) in self.asked
        if sign in self.symptoms or sign in self.body_parts or sign in self.unsure or ruled_out:
            return self
        return replace(self, suspected={**self.suspected, sign: words})

    def take_in(self, entities: Iterable[Mapping[str, Any]], message: str, knowledge: Knowledge) -> Case:
        """Take in what a message said. A later statement replaces an
        earlier one ("actually it's been three weeks", "I do smoke"), except
        that a warning sign stays until it is retracted."""
        sticky: dict[str, frozenset[str]] = {kind: knowledge.warning_signs(kind) for kind in SIGN_KINDS}
        case, durations, general_onset = self, [], None
        entities = [known for known in (_known(e, knowledge) for e in entities) if known is not None]
        # A sign the lexicon named (not denied, which covers only its own clause) needs no net flag.
        named = {
            e.get("value") for e in entities if e.get("entity") in SIGN_KINDS and e.get("role") in (None, POSSIBLE)
        }
        # A sign the safety net found began as the words of its clause say;
        # failing those, as the message says (sudden first), but not by an
        # onset said of another sign that depends on it or in another
        # sentence ("The twitching started out of the blue. My grip has been
        # fading for ages").
        onsets_said = [e for e in entities if e.get("entity") == "onset"]

        def of_another_sign(onset: Mapping[str, Any], flag: Mapping[str, Any]) -> bool:
            if not onset.get("sign"):
                return False
            first, last = sorted((onset.get("start", 0), flag.get("start", 0)))
            return onset["sign"] in knowledge.onset_sensitive or bool(SENTENCE_END.search(message, first, last))

        def onset_of_flag(flag: Mapping[str, Any]) -> str | None:
            inside = [e for e in onsets_said if flag.get("start", 0) <= e.get("start", -1) < flag.get("end", 0)]
            said = {e.get("value") for e in (inside or [e for e in onsets_said if not of_another_sign(e, flag)])}
            return "sudden" if "sudden" in said else next(iter(said), None)

        for entity in entities:
            kind, value, role = entity.get("entity"), entity.get("value"), entity.get("role")
            if value is None:
                continue  # an entity without a value tells nothing
            if kind in FINDING_KINDS:
                case = case._take_finding(kind, value, role, entity, message, sticky.get(kind, frozenset()))
            elif kind == "duration":
                durations.append(float(value))
            elif kind == "onset":
                sign = entity.get("sign")
                if sign:  # two onsets for one sign in a message: sudden is the safer reading
                    said_here = [e.get("value") for e in onsets_said if e.get("sign") == sign]
                    case = replace(case, onsets={**case.onsets, sign: "sudden" if "sudden" in said_here else value})
                elif not entity.get("recent"):  # a bare time dates only the safety net's signs
                    general_onset = value
            elif kind == WARNING_SIGN and value not in named:
                case = case.suspect(value, quote(message, entity.get("start", 0), entity.get("end", len(message))))
                began = onset_of_flag(entity)
                if began and case.onsets.get(value) in OPEN_ONSETS:
                    case = replace(case, onsets={**case.onsets, value: began})
        if general_onset:  # "it came on suddenly": every sign whose onset is still unknown
            case = replace(
                case,
                onsets={**case.onsets, **{s: general_onset for s in case.open_onsets(knowledge)}},
                onset=general_onset,
            )
        if durations:  # several in one message: the longest is the safer reading
            case = replace(case, duration_days=max(durations), days_since_duration=0.0)
        return case

    def _take_finding(
        self, kind: str, value: str, role: str | None, entity: Mapping[str, Any], message: str, sticky: frozenset[str]
    ) -> Case:
        if role == DENIED:
            if value in sticky and self.has(kind, value) and not entity.get("retracts"):
                return self  # a warning sign stays until that same sign is retracted
            return self.deny(kind, value)
        if role in (POSSIBLE, HYPOTHETICAL) and value in sticky:  # "what if I get weak?": when in doubt, ask
            start, end = entity.get("start", 0), entity.get("end", len(message))
            return self if self.has(kind, value) else self.suspect(value, quote(message, start, end))
        if role in (HYPOTHETICAL, "historical"):
            return self
        return self.affirm(kind, value).said(kind, value, entity.get("text") or str(value))

    def carry_over(self, days_away: float) -> Case | None:
        """The case a new session starts with; None when there is nothing to
        carry. After less than a day the intake goes on where it was (the
        pending question stays). After longer it is a return visit: the
        case is recalled and whether it still twitches is pending from the
        start, so a first message that tells ("it's still twitching")
        answers it before it is asked. A case that got emergency advice is
        always carried."""
        aged = replace(self, days_since_duration=self.days_since_duration + days_away)
        if days_away < 1:
            return aged if aged.findings() != Case().findings() or self.requested_slot else None
        if (self.closed and not self.emergency) or not (self.symptoms or self.body_parts or self.emergency):
            return None
        return replace(
            aged,
            returning_days=days_away,
            requested_slot=RECALL,
            confirming=None,
            apologised=False,
            stopped=False,
            answered=_drop(self.answered, RECALL),
            asked={k: v for k, v in self.asked.items() if k != RECALL},
        )

    def settle(self, question: str) -> Case:
        return replace(self, answered=_add(self.answered, question))

    def ask(self, question: str | None) -> Case:
        asked = dict(self.asked)
        if question:
            asked[question] = asked.get(question, 0) + 1
        return replace(self, requested_slot=question, asked=asked)
