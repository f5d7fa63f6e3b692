"""Apply the triage table (triage.yml): the most urgent matching rule wins."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .conditions import Found
from .findings import OPEN_ONSETS, Findings, describe_days
from .model import Knowledge, Rule


@dataclass(frozen=True)
class Triage:
    level: str
    reasons: tuple[str, ...]  # most urgent first
    level_reasons: tuple[str, ...]  # those of the rules at the winning level
    rules: tuple[str, ...]  # ids of the rules that matched
    open_questions: tuple[str, ...]  # slots to ask before relying on the level


def _reason(rule: Rule, matched: Found, findings: Findings, knowledge: Knowledge) -> str:
    labels = [knowledge.label(kind, id_) for kind, id_ in dict.fromkeys(matched)]  # ordered, no repeats
    days = describe_days(findings.duration_days) if findings.duration_days is not None else "a while"
    return rule.reason.format(matched=_join(labels), days=days)


def _join(words: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return " and ".join([", ".join(words[:-1]), words[-1]]) if len(words) > 1 else "".join(words)


def _recent_signs_sudden(findings: Findings, knowledge: Knowledge) -> Findings:
    """A sign of unknown onset in a case only hours old began within
    minutes or hours: it is read as sudden."""
    if findings.duration_days is None or findings.duration_days > knowledge.sudden_within_days:
        return findings
    recent = {
        s: "sudden" for s in knowledge.onset_sensitive if s in findings.symptoms and findings.onset_of(s) in OPEN_ONSETS
    }
    return replace(findings, onsets={**findings.onsets, **recent}) if recent else findings


def triage(findings: Findings, knowledge: Knowledge) -> Triage:
    rank = knowledge.level_order()
    findings = _recent_signs_sudden(findings, knowledge)
    hits = []
    for rule in knowledge.rules:
        matched = rule.when.match(findings)
        if matched is not None:
            hits.append((rule, matched))
    hits.sort(key=lambda hit: -rank[hit[0].level])  # stable: table order within a level
    level = hits[0][0].level if hits else next(iter(knowledge.levels))
    reasons = [(rule.level, _reason(rule, m, findings, knowledge)) for rule, m in hits]
    all_reasons = tuple(dict.fromkeys(r for _, r in reasons)) or (knowledge.no_rule_reason,)
    level_reasons = tuple(dict.fromkeys(r for lvl, r in reasons if lvl == level)) or all_reasons
    needs_onset = any(s in findings.symptoms and findings.onset_of(s) is None for s in knowledge.onset_sensitive)
    return Triage(
        level, all_reasons, level_reasons, tuple(rule.id for rule, _ in hits), ("onset",) if needs_onset else ()
    )
