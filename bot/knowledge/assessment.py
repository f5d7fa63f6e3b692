"""`assess(findings)`: triage plus ranked causes, with what to do next.

Pure and deterministic: the same findings always give the same assessment.
Nothing here claims a diagnosis; every assessment carries the disclaimer
and the signs that would make it more urgent.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional, Tuple

from .findings import Findings
from .loader import load_knowledge
from .model import Knowledge, MedicalTest
from .scoring import Evidence, rank_causes
from .triage import triage

CAUSES_FOR_ADVICE = 3  # self-care and tests come from the top causes only


@dataclass(frozen=True)
class CauseMatch:
    id: str
    name: str
    score: float                    # share of the listed causes' scores, 0..1
    evidence: Tuple[Evidence, ...]  # strongest first; empty when only common
    explanation: str


@dataclass(frozen=True)
class Assessment:
    triage_level: str
    summary: str
    advice: str
    reasons: Tuple[str, ...]                # every matching rule's, most urgent first
    level_reasons: Tuple[str, ...]          # the reasons for the level itself
    matched_rules: Tuple[str, ...]          # triage rule ids, most urgent first
    causes: Tuple[CauseMatch, ...]
    self_care: Tuple[str, ...]
    tests: Tuple[MedicalTest, ...]
    more_urgent_if: Tuple[str, ...]
    open_questions: Tuple[str, ...]         # ask these, then assess again
    unscreened_red_flags: Tuple[str, ...]   # neither affirmed nor denied
    disclaimer: str

    @property
    def likely_causes(self) -> Tuple[str, ...]:
        return tuple(cause.id for cause in self.causes)

    def payload(self) -> Dict[str, Any]:
        """The `custom` payload of the assessment contract (plus extras)."""
        return {"assessment": {
            "triage_level": self.triage_level,
            "reasons": list(self.reasons),
            "causes": [{"id": c.id, "name": c.name, "score": c.score, "evidence": [str(e) for e in c.evidence]}
                       for c in self.causes],
            "tests": [str(test) for test in self.tests],
            "self_care": list(self.self_care),
            "more_urgent_if": list(self.more_urgent_if),
            "open_questions": list(self.open_questions),
            "disclaimer": self.disclaimer,
        }}


def assess(slots: Mapping[str, Any], knowledge: Optional[Knowledge] = None) -> Assessment:
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
        CauseMatch(s.cause.id, s.cause.name, round(s.score / total, 2), s.evidence, s.cause.explanation)
        for s in listed
    )
    top = [s.cause for s in listed[:CAUSES_FOR_ADVICE]]
    self_care = tuple(dict.fromkeys([step for cause in top for step in cause.self_care] + list(knowledge.general_self_care)))
    test_ids = dict.fromkeys(list(level.tests) + [test for cause in top for test in cause.tests])
    return Assessment(
        triage_level=level.id,
        summary=level.summary,
        advice=level.advice,
        reasons=result.reasons,
        level_reasons=result.level_reasons,
        matched_rules=result.rules,
        causes=causes,
        self_care=self_care,
        tests=tuple(knowledge.tests[t] for t in test_ids),
        more_urgent_if=level.more_urgent_if,
        open_questions=result.open_questions,
        unscreened_red_flags=tuple(s for s in knowledge.red_flag_symptoms
                                   if s not in findings.symptoms and s not in findings.denied_symptoms),
        disclaimer=knowledge.disclaimer,
    )
