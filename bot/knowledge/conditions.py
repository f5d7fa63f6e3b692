"""Conditions over findings, written as data (triage rules, cause requirements).

A condition is a mapping of named tests that must all hold, for example
``{symptoms_any: [weakness], onset: sudden}``. It is compiled once, at load
time, into a `Condition`; `Condition.match` returns the (kind, id) findings that
made it true (for reasons such as "trouble swallowing that came on suddenly"), or
None when it does not hold.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .findings import ONSETS, SIGN_ONSETS, Findings

# The (kind, id) findings that made a condition true; None when it is false.
Found = tuple[tuple[str, str], ...]
Matched = Found | None
Test = Callable[[Findings], Matched]
Vocabulary = Mapping[str, Mapping[str, str]]


class ConditionError(ValueError):
    """A condition that cannot be compiled, with the field at fault."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


NAMING = {
    "symptoms_any": "symptom",
    "symptoms_all": "symptom",
    "body_parts_any": "body_part",
    "exposures_any": "exposure",
}


@dataclass(frozen=True)
class Condition:
    tests: tuple[Test, ...]
    named: tuple[tuple[str, str], ...] = ()  # the (kind, id) findings it names (not under `unless`)

    def match(self, findings: Findings) -> Matched:
        matched: Found = ()
        for test in self.tests:
            found = test(findings)
            if found is None:
                return None
            matched += found
        return matched


def compile_condition(spec: Any, vocabulary: Vocabulary, field: str) -> Condition:
    """Compile a condition mapping found at `field` (named in errors)."""
    if not isinstance(spec, Mapping) or not spec:
        raise ConditionError(field, f"expected a non-empty mapping of tests, got {spec!r}")
    tests = []
    for name, arg in spec.items():
        if name not in _BUILDERS:
            raise ConditionError(f"{field}.{name}", f"unknown test (known: {', '.join(sorted(_BUILDERS))})")
        if name == "onset" and "symptoms_any" in spec:
            continue  # with symptoms_any, the onset is that of the matching symptom (below)
        if name == "symptoms_any" and "onset" in spec:
            tests.append(_symptoms_with_onset(arg, spec["onset"], vocabulary, field))
            continue
        tests.append(_BUILDERS[name](arg, vocabulary, f"{field}.{name}"))
    named = tuple((NAMING[name], id_) for name, arg in spec.items() if name in NAMING for id_ in arg)
    return Condition(tuple(tests), named)


def _id_list(arg: Any, kind: str, vocabulary: Vocabulary, field: str) -> tuple[str, ...]:
    if not isinstance(arg, list) or not arg:
        raise ConditionError(field, f"expected a non-empty list of {kind} ids, got {arg!r}")
    for value in arg:
        if value not in vocabulary[kind]:
            raise ConditionError(field, f"unknown {kind} id '{value}'")
    return tuple(arg)


def _number(arg: Any, field: str) -> float:
    if isinstance(arg, bool) or not isinstance(arg, (int, float)) or arg < 0:
        raise ConditionError(field, f"expected a non-negative number, got {arg!r}")
    return float(arg)


def _any_of(kind: str) -> Callable[[Any, Vocabulary, str], Test]:
    def build(arg: Any, vocabulary: Vocabulary, field: str) -> Test:
        ids = _id_list(arg, kind, vocabulary, field)
        return lambda f: tuple((kind, i) for i in ids if i in f.affirmed(kind)) or None

    return build


def _all_symptoms(arg: Any, vocabulary: Vocabulary, field: str) -> Test:
    ids = _id_list(arg, "symptom", vocabulary, field)
    return lambda f: tuple(("symptom", i) for i in ids) if f.symptoms.issuperset(ids) else None


def _onset_value(arg: Any, field: str, allowed: tuple[str, ...] = ONSETS) -> str:
    if arg not in allowed:
        raise ConditionError(field, f"expected one of {', '.join(allowed)}, got {arg!r}")
    return arg


def _onset(arg: Any, vocabulary: Vocabulary, field: str) -> Test:
    onset = _onset_value(arg, field)
    return lambda f: () if f.onset == onset else None


def _symptoms_with_onset(arg: Any, onset: Any, vocabulary: Vocabulary, field: str) -> Test:
    """Symptoms that began this way: "sudden weakness" is not weakness that
    crept up beside a sudden change in speech."""
    ids = _id_list(arg, "symptom", vocabulary, f"{field}.symptoms_any")
    onset = _onset_value(onset, f"{field}.onset", SIGN_ONSETS)  # a sign's own onset may be unknown
    return lambda f: tuple(("symptom", i) for i in ids if i in f.symptoms and f.onset_of(i) == onset) or None


def _duration_over(arg: Any, vocabulary: Vocabulary, field: str) -> Test:
    limit = _number(arg, field)
    return lambda f: () if f.duration_days is not None and f.duration_days > limit else None


def _body_part_count_over(arg: Any, vocabulary: Vocabulary, field: str) -> Test:
    """More places than `arg`: parts in one place (a finger and its hand)
    count once; whole_body is no place to count (rules name it on their own)."""
    limit = _number(arg, field)
    place_of = vocabulary.get("place_of", {})

    def test(f: Findings) -> Matched:
        parts = sorted(f.body_parts - {"whole_body"})
        places = {place_of.get(p, p) for p in parts}
        return tuple(("body_part", p) for p in parts) if len(places) > limit else None

    return test


def _unless(arg: Any, vocabulary: Vocabulary, field: str) -> Test:
    inner = compile_condition(arg, vocabulary, field)
    return lambda f: () if inner.match(f) is None else None


_BUILDERS = {
    "symptoms_any": _any_of("symptom"),
    "body_parts_any": _any_of("body_part"),
    "exposures_any": _any_of("exposure"),
    "symptoms_all": _all_symptoms,
    "onset": _onset,
    "duration_days_over": _duration_over,
    "body_part_count_over": _body_part_count_over,
    "unless": _unless,
}
