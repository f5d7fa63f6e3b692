"""Rank the causes of twitching by the evidence in the findings.

Additive and transparent: each cause's score is its prior plus the weights
of the data (causes.yml) that the findings touch, and every positive
contribution is kept as `Evidence` so the assistant can say why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .findings import DENIABLE_KINDS, FINDING_KINDS, Findings, describe_days
from .model import Cause, Knowledge


@dataclass(frozen=True)
class Evidence:
    """One finding that points to a cause, with what it added to the
    cause's score. `code` is its form in the payload's `evidence` list
    ('exposure caffeine', 'denied symptom weakness', 'duration 21 days')."""

    kind: str  # exposure, symptom, body_part, duration
    id: str | None  # the finding's id; None for a duration
    label: str  # the vocabulary's words for it; for a duration, the days in words
    denied: bool
    weight: float
    days: float | None = None

    @property
    def code(self) -> str:
        if self.kind == "duration":
            return f"duration {self.label}"
        return f"{'denied ' if self.denied else ''}{self.kind} {self.id}"

    def __str__(self) -> str:
        return self.code


@dataclass(frozen=True)
class CauseScore:
    cause: Cause
    score: float
    evidence: tuple[Evidence, ...]  # strongest first


def score_cause(cause: Cause, findings: Findings, knowledge: Knowledge) -> CauseScore | None:
    """Score one cause; None when its `requires` condition does not hold."""
    if cause.requires is not None and cause.requires.match(findings) is None:
        return None
    terms = [cause.prior]  # summed with math.fsum: exact, so no order of the findings breaks a tie
    evidence: list[Evidence] = []
    for kind in FINDING_KINDS:
        for id_ in findings.affirmed(kind):
            key = (kind, id_)
            if key in cause.evidence:
                terms.append(cause.evidence[key])
                evidence.append(Evidence(kind, id_, knowledge.label(kind, id_), False, cause.evidence[key]))
            terms.append(-cause.against.get(key, 0.0))
    for kind in DENIABLE_KINDS:
        for id_ in findings.denied(kind):
            key = (kind, id_)
            if key in cause.denied_evidence:
                terms.append(cause.denied_evidence[key])
                evidence.append(Evidence(kind, id_, knowledge.label(kind, id_), True, cause.denied_evidence[key]))
            else:
                terms.append(-knowledge.scoring.denial_factor * cause.evidence.get(key, 0.0))
    days = findings.duration_days
    if days is not None:
        gained = math.fsum(band.weight for band in cause.duration_evidence if band.contains(days))
        if gained:
            evidence.append(Evidence("duration", None, describe_days(days), False, gained, days))
        terms += [gained] + [-band.weight for band in cause.duration_against if band.contains(days)]
    score = math.fsum(terms)
    evidence.sort(key=lambda e: (-e.weight, e.kind, e.id or ""))
    return CauseScore(cause, score, tuple(evidence))


def rank_causes(findings: Findings, knowledge: Knowledge) -> list[CauseScore]:
    """Every considered cause, best first; ties keep the data's order."""
    scores = [score_cause(cause, findings, knowledge) for cause in knowledge.causes.values()]
    ranked = [s for s in scores if s is not None]
    ranked.sort(key=lambda s: -s.score)  # stable: ties keep data order
    return ranked
