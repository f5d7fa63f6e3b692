"""The case: what the person told us so far (the contract slots) and where
the intake stands. Built from tracker slots, updated from NLU entities,
written back as slots."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Dict, Iterable, List, Mapping, Optional

FINDING_LISTS = {"symptom": ("symptoms", "denied_symptoms"), "exposure": ("exposures", "denied_exposures")}
DENIED = "denied"


def _add(items: List[str], item: str) -> List[str]:
    return items if item in items else items + [item]


def _drop(items: List[str], item: str) -> List[str]:
    return [i for i in items if i != item]


@dataclass(frozen=True)
class Case:
    symptoms: List[str] = field(default_factory=list)
    denied_symptoms: List[str] = field(default_factory=list)
    body_parts: List[str] = field(default_factory=list)
    duration_days: Optional[float] = None
    exposures: List[str] = field(default_factory=list)
    denied_exposures: List[str] = field(default_factory=list)
    onset: Optional[str] = None
    triage_level: Optional[str] = None
    likely_causes: List[str] = field(default_factory=list)
    requested_slot: Optional[str] = None
    asked: Dict[str, int] = field(default_factory=dict)       # question -> times asked
    answered: List[str] = field(default_factory=list)        # questions settled, even as "don't know"
    mentions: Dict[str, str] = field(default_factory=dict)   # "exposure:caffeine" -> the person's words
    assessed: bool = False
    emergency: bool = False

    # The tracker keeps the intake state in one slot.
    @classmethod
    def from_slots(cls, slots: Mapping[str, Any]) -> "Case":
        intake = slots.get("intake") or {}
        return cls(
            **{name: list(slots.get(name) or []) for name in
               ("symptoms", "denied_symptoms", "body_parts", "exposures", "denied_exposures", "likely_causes")},
            duration_days=slots.get("duration_days"),
            onset=slots.get("onset"),
            triage_level=slots.get("triage_level"),
            requested_slot=slots.get("requested_slot"),
            asked=dict(intake.get("asked", {})),
            answered=list(intake.get("answered", [])),
            mentions=dict(intake.get("mentions", {})),
            assessed=bool(intake.get("assessed", False)),
            emergency=bool(intake.get("emergency", False)),
        )

    def to_slots(self) -> Dict[str, Any]:
        return {
            "symptoms": self.symptoms, "denied_symptoms": self.denied_symptoms, "body_parts": self.body_parts,
            "duration_days": self.duration_days, "exposures": self.exposures,
            "denied_exposures": self.denied_exposures, "onset": self.onset, "triage_level": self.triage_level,
            "likely_causes": self.likely_causes, "requested_slot": self.requested_slot,
            "intake": {"asked": self.asked, "answered": self.answered, "mentions": self.mentions,
                       "assessed": self.assessed, "emergency": self.emergency},
        }

    def findings(self) -> Dict[str, Any]:
        """The slots `bot.knowledge.assess` reads."""
        return {name: value for name, value in self.to_slots().items()
                if name in ("symptoms", "denied_symptoms", "body_parts", "duration_days", "exposures",
                            "denied_exposures", "onset")}

    def affirm(self, kind: str, id_: str) -> "Case":
        yes, no = FINDING_LISTS[kind]
        return replace(self, **{yes: _add(getattr(self, yes), id_), no: _drop(getattr(self, no), id_)})

    def deny(self, kind: str, id_: str) -> "Case":
        yes, no = FINDING_LISTS[kind]
        return replace(self, **{no: _add(getattr(self, no), id_), yes: _drop(getattr(self, yes), id_)})

    def with_entities(self, entities: Iterable[Mapping[str, Any]]) -> "Case":
        """Take in what a message said. A later statement replaces an
        earlier one ("actually it's been three weeks", "I do smoke")."""
        case, durations = self, []
        for entity in entities:
            kind, value, denied = entity.get("entity"), entity.get("value"), entity.get("role") == DENIED
            if kind in FINDING_LISTS:
                case = case.deny(kind, value) if denied else case.affirm(kind, value)
            elif kind == "body_part":
                parts = case.body_parts
                case = replace(case, body_parts=_drop(parts, value) if denied else _add(parts, value))
            elif kind == "duration":
                durations.append(float(value))
            elif kind == "onset":
                case = replace(case, onset=value)
            else:
                continue
            if not denied and kind != "duration":
                case = replace(case, mentions={**case.mentions, f"{kind}:{value}": entity.get("text") or str(value)})
        if durations:  # several in one message: the longest is the safer reading
            case = replace(case, duration_days=max(durations))
        return case

    def settle(self, question: str) -> "Case":
        return replace(self, answered=_add(self.answered, question))

    def ask(self, question: Optional[str]) -> "Case":
        asked = dict(self.asked)
        if question:
            asked[question] = asked.get(question, 0) + 1
        return replace(self, requested_slot=question, asked=asked)
