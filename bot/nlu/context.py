"""ConText-style negation over normalised tokens (rules in data/context.yml).

A forward trigger ("no", "never", "quit") denies the findings after it; its
scope runs through a list of findings ("no weakness, numbness or trouble
swallowing") and ends at a terminator ("but"), at a new clause ("... and my
eye ..."), or after `max_gap` tokens without a finding. A backward trigger
("is fine") denies the findings just before it. Pseudo-triggers ("won't
stop", "not sure") deny nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import FrozenSet, List, Sequence, Set, Tuple

import yaml

RULES_FILE = Path(__file__).parent / "data" / "context.yml"
Span = Tuple[int, int]  # token start (inclusive), end (exclusive)


@dataclass(frozen=True)
class NegationRules:
    forward: Tuple[Tuple[str, ...], ...]
    backward: Tuple[Tuple[str, ...], ...]
    pseudo: Tuple[Tuple[str, ...], ...]
    terminators: FrozenSet[str]
    clause_starters: FrozenSet[str]
    coordinators: FrozenSet[str]
    max_gap: int
    max_back: int


def load_rules(tokenise, path: Path = RULES_FILE) -> Tuple[NegationRules, dict]:
    """Negation rules and the raw weak-mention table; `tokenise` maps a
    phrase to its normalised tokens (the same as for messages)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    neg = raw["negation"]
    for name, value in neg.items():
        bad = [v for v in value if not isinstance(v, str)] if isinstance(value, list) else []
        if bad:  # YAML reads a bare no/yes/on/off as a boolean
            raise ValueError(f"{path.name}: negation.{name}: {bad[0]!r} is not text (quote it)")

    def phrases(name: str) -> Tuple[Tuple[str, ...], ...]:
        # longest first, so "no longer" wins over "no"
        return tuple(sorted({tuple(tokenise(p)) for p in neg[name]}, key=len, reverse=True))

    def words(name: str) -> FrozenSet[str]:
        return frozenset(w for p in neg[name] for w in tokenise(p)) | frozenset(neg[name])

    rules = NegationRules(phrases("forward"), phrases("backward"), phrases("pseudo"), words("terminators"),
                          words("clause_starters"), words("coordinators"), int(neg["max_gap"]), int(neg["max_back"]))
    return rules, raw["weak_mentions"]


def _find(tokens: Sequence[str], patterns: Tuple[Tuple[str, ...], ...], taken: Set[int]) -> List[Span]:
    found = []
    for i in range(len(tokens)):
        for pattern in patterns:
            end = i + len(pattern)
            if tuple(tokens[i:end]) == pattern and not taken.intersection(range(i, end)):
                found.append((i, end))
                taken.update(range(i, end))
                break
    return found


def _ends_scope(tokens: Sequence[str], i: int, rules: NegationRules) -> bool:
    token = tokens[i]
    if token in rules.terminators:
        return True
    return token in rules.coordinators and i + 1 < len(tokens) and tokens[i + 1] in rules.clause_starters


def denied_spans(tokens: Sequence[str], findings: Sequence[Span], rules: NegationRules) -> Set[Span]:
    """Which finding spans (token offsets) are denied."""
    taken: Set[int] = set()
    for span in findings:  # a trigger word inside a finding ("no feeling") is part of it
        taken.update(range(*span))
    _find(tokens, rules.pseudo, taken)
    forward = _find(tokens, rules.forward, taken)
    backward = _find(tokens, rules.backward, taken)
    starts = {start: span for span in findings for start in [span[0]]}
    denied: Set[Span] = set()
    for _, end in forward:
        gap, i = 0, end
        while i < len(tokens) and gap <= rules.max_gap and not _ends_scope(tokens, i, rules):
            if i in starts:
                denied.add(starts[i])
                i, gap = starts[i][1], 0
                continue
            gap, i = gap + 1, i + 1
    ends = {span[1]: span for span in findings}
    for start, _ in backward:
        i = start
        while i > 0 and start - i < rules.max_back:
            if i in ends:
                denied.add(ends[i])
                i = ends[i][0]
                continue
            if tokens[i - 1] in rules.terminators or tokens[i - 1] in rules.coordinators:
                break
            i -= 1
    return denied
