"""ConText over normalised tokens (rules in data/context.yml, in the shape
of medspaCy's ConText rules: category, direction, literals, allowed types).

A FORWARD trigger ("no", "not sure", "what if") modifies the findings after
it; its scope runs through a list of findings of one kind ("no weakness,
numbness or trouble swallowing") and ends at a TERMINATE phrase ("but",
"though"), at a new clause ("... and my eye ..."), at a comma before any
finding ("no headache, arms feel weak"), or after `max_gap` tokens without
a finding. A BACKWARD trigger ("is fine") modifies the findings just before
it. An ANAPHORIC trigger ("I don't have that", "none of those") that ends
its clause points back at the last list of findings named before it (in its
sentence, else in the one before); a finding right after it is its own
object. PSEUDO triggers ("not only", "never been this") modify nothing. At
each position the longest phrase wins.

medspaCy itself installs under rasa's pins, but its matching runs on the raw
text while ours runs on tokens normalised for typos and plurals, so the
rules are applied here, in the same shape.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import yaml

RULES_FILE = Path(__file__).parent / "data" / "context.yml"
CATEGORIES = ("NEGATED_EXISTENCE", "POSSIBLE_EXISTENCE", "HISTORICAL", "HYPOTHETICAL", "FAMILY")
DIRECTIONS = ("FORWARD", "BACKWARD", "ANAPHORIC", "PSEUDO", "TERMINATE")
FILLERS = frozenset({"any", "no", "a", "an", "the", "my"})  # may stand between list items
NEGATING = frozenset({"not", "no", "never"})  # plain negations ("without" after one is a double negative)
DOUBLE_NEGATION_REACH = 12  # tokens back, within the clause
CLAUSE_BREAKS = frozenset({",", ".", ";", "!", "?", ":"})
SENTENCE_BREAKS = frozenset({".", ";", "!", "?"})
Tokenise = Callable[[str], list[str]]


@dataclass(frozen=True)
class Target:
    """A finding as ConText sees it: token offsets and its kind."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Rule:
    category: str
    direction: str
    tokens: tuple[str, ...]
    allowed_types: Optional[frozenset[str]] = None

    def allows(self, kind: str) -> bool:
        return self.allowed_types is None or kind in self.allowed_types


@dataclass(frozen=True)
class ContextRules:
    by_first: Mapping[str, tuple[Rule, ...]]  # first token -> its rules, longest first
    clause_starters: frozenset[str]
    coordinators: frozenset[str]
    new_subjects: frozenset[str]
    prepositions: frozenset[str]
    max_gap: int
    max_back: int
    close_gap: int
    double_negation: frozenset[tuple[str, ...]]
    anaphor_ends: tuple[tuple[str, ...], ...]
    change_cues: tuple[tuple[str, ...], ...]
    retraction_cues: tuple[tuple[str, ...], ...]
    explained_by: Mapping[str, frozenset[str]]  # sign -> exposures that explain it in its clause
    explained_unless: frozenset[str]  # words of a change, which keep the sign


class ContextRulesError(ValueError):
    """A malformed entry of context.yml, named."""


def _strings(value, where: str) -> list[str]:
    if not isinstance(value, list) or not value:
        raise ContextRulesError(f"context.yml: {where}: expected a non-empty list of phrases")
    bad = [v for v in value if not isinstance(v, str)]
    if bad:  # YAML reads a bare no/yes/on/off as a boolean
        raise ContextRulesError(f"context.yml: {where}: {bad[0]!r} is not text (quote it)")
    return value


def load_rules(tokenise: Tokenise, path: Path = RULES_FILE) -> tuple[ContextRules, list]:
    """The ConText rules and the raw weak-mention table; `tokenise` maps a
    phrase to its normalised tokens (the same as for messages)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    rules: list[Rule] = []
    for n, entry in enumerate(raw["rules"]):
        where = f"rules[{n}]"
        if entry.get("category") not in CATEGORIES + ("PSEUDO", "TERMINATE"):
            raise ContextRulesError(f"context.yml: {where}: unknown category {entry.get('category')!r}")
        if entry.get("direction") not in DIRECTIONS:
            raise ContextRulesError(f"context.yml: {where}: unknown direction {entry.get('direction')!r}")
        allowed = entry.get("allowed_types")
        for literal in _strings(entry.get("literals"), f"{where}.literals"):
            rules.append(
                Rule(
                    entry["category"],
                    entry["direction"],
                    tuple(tokenise(literal)),
                    frozenset(allowed) if allowed else None,
                )
            )
    scope = raw["scope"]

    def words(name: str) -> frozenset[str]:
        phrases = _strings(scope[name], f"scope.{name}")
        return frozenset(w for p in phrases for w in tokenise(p)) | frozenset(phrases)

    def token_phrases(name: str) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(tokenise(p)) for p in _strings(scope[name], f"scope.{name}"))

    cues = tuple(tuple(tokenise(p)) for p in _strings(raw["retraction_cues"], "retraction_cues"))
    explaining = raw.get("explained_by")
    if not isinstance(explaining, dict) or not isinstance(explaining.get("signs"), dict):
        raise ContextRulesError("context.yml: explained_by.signs: expected a mapping of sign -> exposures")
    explained = {
        sign: frozenset(_strings(ids, f"explained_by.signs.{sign}")) for sign, ids in explaining["signs"].items()
    }
    ordered = tuple(sorted({r for r in rules if r.tokens}, key=lambda r: len(r.tokens), reverse=True))
    by_first: dict[str, tuple[Rule, ...]] = {}
    for rule in ordered:
        by_first[rule.tokens[0]] = by_first.get(rule.tokens[0], ()) + (rule,)
    return (
        ContextRules(
            by_first,
            words("clause_starters"),
            words("coordinators"),
            words("new_subjects"),
            words("prepositions"),
            int(scope["max_gap"]),
            int(scope["max_back"]),
            int(scope["close_gap"]),
            frozenset(token_phrases("double_negation")),
            token_phrases("anaphor_ends"),
            token_phrases("change_cues"),
            cues,
            explained,
            frozenset(_strings(explaining.get("unless"), "explained_by.unless")),
        ),
        raw["weak_mentions"],
    )


def _triggers(tokens: Sequence[str], rules: ContextRules, taken: set[int]) -> list[tuple[int, int, Rule]]:
    """Trigger phrases left to right; at each position the longest phrase,
    with every rule it has ("not sure" reaches both ways)."""
    found: list[tuple[int, int, Rule]] = []
    i = 0
    while i < len(tokens):
        candidates = rules.by_first.get(tokens[i], ())
        length = next(
            (
                len(r.tokens)
                for r in candidates
                if tuple(tokens[i : i + len(r.tokens)]) == r.tokens
                and not taken.intersection(range(i, i + len(r.tokens)))
            ),
            0,
        )
        if not length:
            i += 1
            continue
        phrase = tuple(tokens[i : i + length])
        found += [(i, i + length, r) for r in candidates if r.tokens == phrase]
        i += length
    return found


class _Scope:
    """Walks the scopes of the triggers over one message."""

    def __init__(self, tokens: Sequence[str], targets: Sequence[Target], rules: ContextRules, stops: set[int]) -> None:
        self.tokens, self.rules, self.stops = tokens, rules, stops
        self.starts = {t.start: t for t in targets}
        self.ends = {t.end: t for t in targets}

    def _next_item(self, i: int, kind: str, reach: int) -> bool:
        """Whether a finding of `kind` starts within `reach` tokens after i
        (fillers such as "any" do not count)."""
        j, steps = i + 1, 0
        while j < len(self.tokens) and steps < reach:
            if j in self.starts:
                return self.starts[j].kind == kind
            if self.tokens[j] not in FILLERS:
                steps += 1
            j += 1
        return False

    def forward(self, end: int, single: bool = False) -> dict[Target, int]:
        """The findings a trigger ending at `end` covers; `single`: only its
        own item (and the place after it), as for each "no" of "no X, no Y"."""
        hits: dict[Target, int] = {}
        i, gap, last = end, 0, None
        while i < len(self.tokens) and i not in self.stops:
            if i in self.starts:
                target = self.starts[i]
                # "no weakness in my arms": a place after a negated finding is part of it
                hits[target] = 0 if last is not None and target.kind == "body_part" else gap
                i, gap, last = target.end, 0, target.kind
                continue
            token = self.tokens[i]
            if single and last is not None and token in CLAUSE_BREAKS:
                break  # "no weakness, no trouble swallowing, twitching in my calf"
            if (
                last is not None
                and token in self.rules.new_subjects
                and self.tokens[i - 1] not in self.rules.prepositions
            ):
                break  # "... cans anymore my fingers are weak": a new subject after a finding
            if token in self.rules.coordinators:
                nxt = self.tokens[i + 1] if i + 1 < len(self.tokens) else ""
                if last is not None and nxt in NEGATING:
                    break  # "no X, no Y": the next item has a negation of its own
                if nxt in self.rules.clause_starters:
                    break  # "no weakness in my arms, my calf twitches": a new clause
                if last is None and token == ",":
                    break  # "no headache, arms feel weak": the trigger's object was no finding
                if last is not None and not self._next_item(i, last, 1 if token == "," else 2):
                    break  # a list goes on only with another finding of its kind
            if gap >= self.rules.max_gap:
                break
            gap, i = gap + 1, i + 1
        return hits

    def anaphoric(self, start: int, end: int) -> dict[Target, int]:
        """ "The leaflet said slurred speech is a warning sign. I don't have
        that": when the trigger ends its clause, the list of findings named
        last before it in its sentence (back to a terminator such as "but"),
        or, when it opens its sentence, the last list of the sentence before."""
        if end < len(self.tokens) and not (
            self.tokens[end] in CLAUSE_BREAKS
            or end in self.stops
            or _phrase_in(self.tokens, self.rules.anaphor_ends, end, end + 1)
        ):
            return {}  # "none of those happened before": the sentence goes on about them
        begin = self._clause_start(start)
        named = self._last_list(begin, start)
        if named or begin == 0 or self.tokens[begin - 1] not in SENTENCE_BREAKS:
            return named
        return self._last_list(self._clause_start(begin - 1), begin - 1)  # the trigger opens its sentence

    def _last_list(self, begin: int, stop: int) -> dict[Target, int]:
        """The last finding between two tokens, with those listed before it
        ("droop and slurred speech", "no X, no Y"), not others further back."""
        found = sorted(
            (t for t in self.starts.values() if begin <= t.start and t.end <= stop), key=lambda t: t.start, reverse=True
        )
        listed = found[:1]
        for target in found[1:]:
            between = self.tokens[target.end : listed[-1].start]
            if target.kind != listed[-1].kind or not all(
                w in self.rules.coordinators or w in FILLERS or w in NEGATING for w in between
            ):
                break
            listed.append(target)
        return {t: 0 for t in listed}

    def _clause_start(self, i: int) -> int:
        """Where the stretch of a sentence before token i begins: after a
        sentence break or a terminator."""
        while i > 0 and self.tokens[i - 1] not in SENTENCE_BREAKS and i - 1 not in self.stops:
            i -= 1
        return i

    def backward(self, start: int) -> dict[Target, int]:
        hits: dict[Target, int] = {}
        i, last = start, None
        while i > 0 and start - i < self.rules.max_back:
            if i in self.ends:
                target = self.ends[i]
                hits[target] = start - i if last is None else 0
                i, last = target.start, target.kind
                continue
            previous = self.tokens[i - 1]
            if i - 1 in self.stops:
                break
            if previous in self.rules.coordinators and not (
                last and i - 1 in self.ends and self.ends[i - 1].kind == last
            ):
                break
            i -= 1
        return hits


def _double_negations(
    tokens: Sequence[str], triggers: list[tuple[int, int, Rule]], rules: ContextRules, stops: set[int]
) -> dict[int, int]:
    """ "can't (even) count to ten without stopping for air": a
    `double_negation` trigger after a "not", "no" or "never" in its clause
    cancels itself (-1) and ends that negation's scope where it stands
    (trigger start -> cut)."""
    cut: dict[int, int] = {}
    for start, _, rule in triggers:
        if rule.category != "NEGATED_EXISTENCE" or rule.tokens not in rules.double_negation:
            continue
        earlier = [
            i
            for i in range(max(0, start - DOUBLE_NEGATION_REACH), start)
            if tokens[i] in NEGATING
            and not stops.intersection(range(i, start))
            and not CLAUSE_BREAKS.intersection(tokens[i:start])
        ]
        if earlier:
            cut[start] = -1
            for s, _, other in triggers:
                if s <= earlier[-1] < s + len(other.tokens):
                    cut[s] = start
    return cut


def apply_context(
    tokens: Sequence[str], targets: Sequence[Target], rules: ContextRules
) -> dict[Target, dict[str, int]]:
    """For each modified target: category -> the closest trigger's distance
    in tokens (0 next to it)."""
    taken: set[int] = set()
    for target in targets:  # a trigger word inside a finding ("no feeling") is part of it
        taken.update(range(target.start, target.end))
    triggers = _triggers(tokens, rules, taken)
    stops = {i for start, end, rule in triggers if rule.direction == "TERMINATE" for i in range(start, end)}
    scope = _Scope(tokens, targets, rules, stops)
    cut = _double_negations(tokens, triggers, rules, stops)
    found: dict[Target, dict[str, int]] = {}
    for start, end, rule in triggers:
        if cut.get(start) == -1:
            continue
        if rule.tokens == ("no",) and end < len(tokens) and tokens[end] in rules.clause_starters:
            continue  # "no my speech is slurred": an interjection, not a negation
        category = rule.category
        if rule.direction == "FORWARD":
            # A trigger that repeats a list's negation ("no X, no Y") covers its own item only.
            before = start
            while before > 0 and tokens[before - 1] in rules.coordinators:
                before -= 1
            repeated = before < start and before in scope.ends
            hits = {
                t: d for t, d in scope.forward(end, single=repeated).items() if start not in cut or t.start < cut[start]
            }
        elif rule.direction == "ANAPHORIC":
            # "I don't have that twitching": a finding after it is its own object, denied
            hits = {t: d for t, d in scope.forward(end).items() if d == 0}
            if hits:
                category = "NEGATED_EXISTENCE"
            else:  # what was already denied stays denied ("no slurred speech, none of that")
                hits = {
                    t: d for t, d in scope.anaphoric(start, end).items() if "NEGATED_EXISTENCE" not in found.get(t, {})
                }
        elif rule.direction == "BACKWARD":
            hits = scope.backward(start)
            if (
                rule.category == "NEGATED_EXISTENCE"
            ):  # "can't breathe good": a loss said with its own negation stays one
                hits = {t: d for t, d in hits.items() if not NEGATING.intersection(tokens[t.start : t.end])}
        else:
            continue
        if category == "NEGATED_EXISTENCE" and "never" in rule.tokens and _changed_later(tokens, end, rules):
            category = "POSSIBLE_EXISTENCE"  # "never had trouble talking in my life and now ...": unknown, asked
        for target, distance in hits.items():
            if rule.allows(target.kind):
                categories = found.setdefault(target, {})
                categories[category] = min(distance, categories.get(category, distance))
    return found


def _phrase_in(
    tokens: Sequence[str], phrases: Sequence[tuple[str, ...]], start: int = 0, stop: Optional[int] = None
) -> bool:
    """Whether one of the phrases begins at a token from start up to stop."""
    return any(
        tuple(tokens[i : i + len(p)]) == p for p in phrases for i in range(start, len(tokens) if stop is None else stop)
    )


def _changed_later(tokens: Sequence[str], end: int, rules: ContextRules) -> bool:
    """Whether the sentence after a "never" tells of a change ("and now",
    "until recently")."""
    stop = next((i for i in range(end, len(tokens)) if tokens[i] in SENTENCE_BREAKS), len(tokens))
    return _phrase_in(tokens, rules.change_cues, end, stop)


def has_retraction(tokens: Sequence[str], rules: ContextRules) -> bool:
    """Whether the message corrects something said before ("I meant ...")."""
    return _phrase_in(tokens, rules.retraction_cues)
