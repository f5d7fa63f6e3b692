"""The NLU evaluation set and its scoring (intent macro-F1, entity F1)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from sklearn.metrics import f1_score

TESTSET = Path(__file__).with_name("testset.yml")
Entity = tuple[str, str | float, str]  # (entity, value, role)


def parse_gold(item: str) -> Entity:
    kind, _, rest = item.partition("=")
    value, _, role = rest.partition("/")
    return (kind, float(value) if kind == "duration" else value, role)


def load_testset() -> list[dict]:
    return [
        {"text": case["text"], "intent": case["intent"], "entities": [parse_gold(e) for e in case["entities"]]}
        for case in yaml.safe_load(TESTSET.read_text(encoding="utf-8"))
    ]


def predicted_entities(parse: dict) -> list[Entity]:
    return [
        (e["entity"], e["value"], e.get("role") or "")
        for e in parse.get("entities", [])
        if e["entity"] in ("symptom", "body_part", "exposure", "duration")
    ]


def _same(a: Entity, b: Entity) -> bool:
    if a[0] != b[0] or a[2] != b[2]:
        return False
    if a[0] == "duration":
        return abs(float(a[1]) - float(b[1])) <= 0.02 * max(abs(float(b[1])), 0.001)
    return a[1] == b[1]


def entity_counts(gold: Sequence[Entity], predicted: Sequence[Entity]) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) for one message."""
    unmatched = list(predicted)
    true_positives = 0
    for entity in gold:
        match = next((p for p in unmatched if _same(entity, p)), None)
        if match is not None:
            unmatched.remove(match)
            true_positives += 1
    return true_positives, len(unmatched), len(gold) - true_positives


def score(cases: list[dict], parses: list[dict]) -> dict[str, Any]:
    gold_intents = [c["intent"] for c in cases]
    predicted_intents = [p["intent"]["name"] for p in parses]
    totals: Counter[str] = Counter()
    errors = []
    for case, parse in zip(cases, parses, strict=True):
        predicted = predicted_entities(parse)
        tp, fp, fn = entity_counts(case["entities"], predicted)
        totals.update(tp=tp, fp=fp, fn=fn)
        if fp or fn or case["intent"] != parse["intent"]["name"]:
            errors.append(
                f"{case['text']!r}: intent {parse['intent']['name']} (gold {case['intent']}); "
                f"entities {sorted(map(str, predicted))} (gold {sorted(map(str, case['entities']))})"
            )
    precision = totals["tp"] / max(totals["tp"] + totals["fp"], 1)
    recall = totals["tp"] / max(totals["tp"] + totals["fn"], 1)
    return {
        "intent_macro_f1": f1_score(gold_intents, predicted_intents, labels=sorted(set(gold_intents)), average="macro"),
        "entity_f1": 2 * precision * recall / max(precision + recall, 1e-9),
        "entity_precision": precision,
        "entity_recall": recall,
        "errors": errors,
    }
