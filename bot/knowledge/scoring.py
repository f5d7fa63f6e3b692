"""Rank the causes of twitching by the evidence in the findings.

Additive and transparent: each cause's score is its prior plus the weights
of the data (causes.yml) that the findings touch, and every positive
contribution is kept as `Evidence` so the assistant can say why.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Tuple

from .findings import Findings, describe_days
from .model import Cause, Knowledge

AFFIRMED_KINDS = ("exposure", "symptom", "body_part")
DENIABLE_KINDS = ("exposure", "symptom")


class Evidence(str):
    """One finding that points to a cause. It is its payload string
    ('exposure caffeine', 'body_part eyelid', 'denied symptom weakness',
    'duration 21 days'), so it compares and serialises as the contract
    says, and keeps its parts as attributes."""
    kind: str            # exposure, symptom, body_part, duration
    id: Optional[str]    # the finding's id; None for a duration
    denied: bool
    weight: float        # what it added to the cause's score
    days: Optional[float]

    def __new__(cls, kind: str, id_: Optional[str], denied: bool, weight: float,
                days: Optional[float] = None) -> "Evidence":
        text = f"duration {describe_days(days)}" if days is not None else \
            f"{'denied ' if denied else ''}{kind} {id_}"
        evidence = super().__new__(cls, text)
        evidence.kind, evidence.id, evidence.denied, evidence.weight, evidence.days = kind, id_, denied, weight, days
        return evidence


@dataclass(frozen=True)
class CauseScore:
    cause: Cause
    score: float
    evidence: Tuple[Evidence, ...]   # strongest first


def score_cause(cause: Cause, findings: Findings, denial_factor: float) -> Optional[CauseScore]:
    """Score one cause; None when its `requires` condition does not hold."""
    if cause.requires is not None and cause.requires.match(findings) is None:
        return None
    score = cause.prior
    evidence: List[Evidence] = []
    # In a fixed order: float sums taken in set order (which changes between
    # processes) broke exact ties between causes differently from run to run.
    for kind in AFFIRMED_KINDS:
        for id_ in sorted(findings.affirmed(kind)):
            key = (kind, id_)
            if key in cause.evidence:
                score += cause.evidence[key]
                evidence.append(Evidence(kind, id_, False, cause.evidence[key]))
            score -= cause.against.get(key, 0.0)
    for kind in DENIABLE_KINDS:
        for id_ in sorted(findings.denied(kind)):
            key = (kind, id_)
            if key in cause.denied_evidence:
                score += cause.denied_evidence[key]
                evidence.append(Evidence(kind, id_, True, cause.denied_evidence[key]))
            else:
                score -= denial_factor * cause.evidence.get(key, 0.0)
    days = findings.duration_days
    if days is not None:
        gained = sum(band.weight for band in cause.duration_evidence if band.contains(days))
        if gained:
            evidence.append(Evidence("duration", None, False, gained, days))
        score += gained - sum(band.weight for band in cause.duration_against if band.contains(days))
    evidence.sort(key=lambda e: (-e.weight, e.kind, e.id or ""))
    return CauseScore(cause, score, tuple(evidence))


def rank_causes(findings: Findings, knowledge: Knowledge) -> List[CauseScore]:
    """Every considered cause, best first; ties keep the data's order."""
    scores = [score_cause(cause, findings, knowledge.scoring.denial_factor) for cause in knowledge.causes.values()]
    ranked = [s for s in scores if s is not None]
    ranked.sort(key=lambda s: -s.score)  # stable: ties keep data order
    return ranked
