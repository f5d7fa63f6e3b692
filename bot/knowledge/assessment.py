"""`assess(findings)`: triage plus ranked causes, with what to do next.

Pure and deterministic: the same findings always give the same assessment.
Nothing here claims a diagnosis; every assessment carries the disclaimer
and the signs that would make it more urgent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .findings import Findings
from .loader import load_knowledge
from .model import FindingKey, Knowledge, MedicalTest
from .scoring import Evidence, rank_causes
from .triage import triage


@dataclass(frozen=True)
class CauseMatch:
    id: str
    name: str
    score: float  # share of the listed causes' scores, 0..1
    evidence: tuple[Evidence, ...]  # strongest first; empty when only common
    explanation: str


@dataclass(frozen=True)
class Assessment:
    triage_level: str
    level_label: str  # the vocabulary's words for the level
    colour: str  # the level's, #rrggbb
    summary: str
    advice: str
    reasons: tuple[str, ...]  # every matching rule's, most urgent first
    level_reasons: tuple[str, ...]  # the reasons for the level itself
    matched_rules: tuple[str, ...]  # triage rule ids, most urgent first
    causes: tuple[CauseMatch, ...]
    explained: int  # the top causes to explain (their self-care and tests are given)
    self_care: tuple[str, ...]
    tests: tuple[MedicalTest, ...]
    more_urgent_if: tuple[str, ...]
    open_questions: tuple[str, ...]  # ask these, then assess again
    unscreened_red_flags: tuple[str, ...]  # neither affirmed nor denied
    unscreened_labels: tuple[str, ...]  # their labels, in the same order
    unscreened_advice: str  # what to do if the person has one of them
    disclaimer: str

    @property
    def likely_causes(self) -> tuple[str, ...]:
        return tuple(cause.id for cause in self.causes)

    def payload(self, quotes: Mapping[FindingKey, str] | None = None) -> dict[str, Any]:
        """The `custom` payload of the assessment contract. Its string
        lists (`evidence`, `tests`) stay as the contract first gave them;
        the extensions carry the same items as records, with the
        vocabulary's labels and, from `quotes`, the person's own words."""
        return {
            "assessment": {
                "triage_level": self.triage_level,
                "level": {
                    "id": self.triage_level,
                    "label": self.level_label,
                    "colour": self.colour,
                    "summary": self.summary,
                    "advice": self.advice,
                },
                "reasons": list(self.reasons),
                "causes": [
                    {
                        "id": c.id,
                        "name": c.name,
                        "score": c.score,
                        "evidence": [e.code for e in c.evidence],
                        "evidence_details": [_evidence_record(e, quotes or {}) for e in c.evidence],
                    }
                    for c in self.causes
                ],
                "causes_explained": self.explained,
                "tests": [test.name for test in self.tests],
                "test_details": [{"id": t.id, "name": t.name, "detail": t.detail} for t in self.tests],
                "self_care": list(self.self_care),
                "more_urgent_if": list(self.more_urgent_if),
                "open_questions": list(self.open_questions),
                "unscreened_red_flags": [
                    {"id": id_, "label": label}
                    for id_, label in zip(self.unscreened_red_flags, self.unscreened_labels, strict=True)
                ],
                "unscreened_advice": self.unscreened_advice,
                "disclaimer": self.disclaimer,
            }
        }


def _evidence_record(evidence: Evidence, quotes: Mapping[FindingKey, str]) -> dict[str, Any]:
    record: dict[str, Any] = {
        "code": evidence.code,
        "kind": evidence.kind,
        "id": evidence.id,
        "label": evidence.label,
        "denied": evidence.denied,
    }
    if evidence.days is not None:
        record["days"] = evidence.days
    quote = quotes.get((evidence.kind, evidence.id or "")) if not evidence.denied else None
    if quote:
        record["quote"] = quote
    return record


def assess(slots: Mapping[str, Any], knowledge: Knowledge | None = None) -> Assessment:
    """Assess contract slots (any may be missing); raises FindingsError on
    ids or values outside the contract."""
    knowledge = knowledge or load_knowledge()
    findings = Findings.from_slots(slots, knowledge.vocabulary)
    result = triage(findings, knowledge)
    level = knowledge.levels[result.level]

    scoring = knowledge.scoring
    listed = [s for s in rank_causes(findings, knowledge) if s.score >= scoring.min_score][: scoring.max_listed]
    total = sum(s.score for s in listed)
    causes = tuple(
        CauseMatch(s.cause.id, s.cause.name, round(s.score / total, 2), s.evidence, s.cause.explanation) for s in listed
    )
    top = [s.cause for s in listed[: scoring.explained]]
    self_care = tuple(
        dict.fromkeys([step for cause in top for step in cause.self_care] + list(knowledge.general_self_care))
    )
    unscreened = tuple(
        s for s in knowledge.red_flag_symptoms if s not in findings.symptoms and s not in findings.denied_symptoms
    )
    test_ids = dict.fromkeys(list(level.tests) + [test for cause in top for test in cause.tests])
    return Assessment(
        triage_level=level.id,
        level_label=knowledge.label("triage_level", level.id),
        colour=level.colour,
        summary=level.summary,
        advice=level.advice,
        reasons=result.reasons,
        level_reasons=result.level_reasons,
        matched_rules=result.rules,
        causes=causes,
        explained=scoring.explained,
        self_care=self_care,
        tests=tuple(knowledge.tests[t] for t in test_ids),
        more_urgent_if=level.more_urgent_if,
        open_questions=result.open_questions,
        unscreened_red_flags=unscreened,
        unscreened_labels=tuple(knowledge.label("symptom", s) for s in unscreened),
        unscreened_advice=knowledge.levels[knowledge.unnamed_sign_level].summary,
        disclaimer=knowledge.disclaimer,
    )
