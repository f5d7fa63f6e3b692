"""The loaded, validated knowledge: plain frozen records, no behaviour
beyond small lookups. Built by `loader.load_knowledge`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .conditions import Condition

# (kind, id), for example ("exposure", "caffeine")
FindingKey = tuple[str, str]


@dataclass(frozen=True)
class DurationBand:
    """Days in (over, up_to]; a missing bound is open."""

    over: float | None
    up_to: float | None
    weight: float

    def contains(self, days: float) -> bool:
        return (self.over is None or days > self.over) and (self.up_to is None or days <= self.up_to)


@dataclass(frozen=True)
class Cause:
    id: str
    name: str
    prior: float
    explanation: str
    evidence: Mapping[FindingKey, float]
    denied_evidence: Mapping[FindingKey, float]
    duration_evidence: tuple[DurationBand, ...]
    against: Mapping[FindingKey, float]
    duration_against: tuple[DurationBand, ...]
    requires: Condition | None
    self_care: tuple[str, ...]
    tests: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class MedicalTest:
    """A test a physician may order: its short name ("B12") is what the
    payload's `tests` list gives, `detail` the words for the person."""

    id: str
    name: str
    detail: str
    sources: tuple[str, ...]

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Level:
    id: str
    rank: int
    colour: str  # #rrggbb
    summary: str
    advice: str
    more_urgent_if: tuple[str, ...]
    tests: tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    id: str
    level: str
    when: Condition
    reason: str


@dataclass(frozen=True)
class Scoring:
    denial_factor: float
    min_score: float
    max_listed: int
    explained: int  # the top causes the assistant explains, and whose self-care and tests it gives


@dataclass(frozen=True)
class Knowledge:
    vocabulary: Mapping[str, Mapping[str, str]]
    sources: Mapping[str, str]
    tests: Mapping[str, MedicalTest]
    causes: Mapping[str, Cause]
    levels: Mapping[str, Level]
    rules: tuple[Rule, ...]
    red_flag_symptoms: tuple[str, ...]
    red_flag_body_parts: tuple[str, ...]
    unnamed_sign_level: str  # how urgent a warning sign is that the person will not name
    summary_offered_from: str  # the level from which the advice offers a summary for the doctor
    onset_sensitive: tuple[str, ...]
    sudden_within_days: float  # an onset-sensitive sign this recent counts as sudden
    no_rule_reason: str
    facts: Mapping[str, str]  # texts say {name}: emergency_numbers, disclaimer (bot.knowledge.facts)
    disclaimer: str
    scoring: Scoring
    general_self_care: tuple[str, ...]
    faq: Mapping[str, str]  # answer id -> text
    lexicon: Mapping[str, Mapping[str, tuple[str, ...]]]  # kind -> id -> phrases
    lexicon_onset: Mapping[str, tuple[str, ...]]  # onset value -> phrases
    lexicon_denials: Mapping[str, Mapping[str, tuple[str, ...]]]  # phrases that deny a finding
    lexicon_ignore: tuple[str, ...]  # phrases that are never findings
    lexicon_ambiguous: Mapping[str, Mapping[str, tuple[str, ...]]]  # phrases that need the safety net's support

    @property
    def emergency_numbers(self) -> str:
        return self.facts["emergency_numbers"]

    def label(self, kind: str, id_: str) -> str:
        return self.vocabulary[kind][id_]

    def level_order(self) -> dict[str, int]:
        return {level.id: level.rank for level in self.levels.values()}

    def warning_signs(self, kind: str) -> frozenset[str]:
        """The ids of `kind` that a rule at gp_urgent or above names: once
        affirmed, only an explicit retraction removes them."""
        urgent = self.level_order()["gp_urgent"]
        return frozenset(
            id_
            for rule in self.rules
            if self.levels[rule.level].rank >= urgent
            for named_kind, id_ in rule.when.named
            if named_kind == kind
        )
