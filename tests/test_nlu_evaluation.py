"""The NLU of the trained model, through POST /model/parse of the real
server, on a held-out set: intent macro-F1 and entity F1 at least 0.95."""

from pathlib import Path

import pytest
import yaml

from tests.nlu.gold import load_testset, score

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
TARGET = 0.95


def training_texts():
    texts = set()
    for block in yaml.safe_load((ROOT / "data" / "nlu.yml").read_text())["nlu"]:
        for line in block.get("examples", "").splitlines():
            texts.add(line.strip()[2:].strip().lower())
    return texts


def test_the_evaluation_set_is_large_and_held_out():
    cases = load_testset()
    assert len(cases) >= 150
    leaked = [c["text"] for c in cases if c["text"].lower() in training_texts()]
    assert not leaked, leaked


@pytest.mark.servers
def test_nlu_meets_its_targets_on_the_held_out_set(assistant):
    cases = load_testset()
    result = score(cases, [assistant.parse(case["text"]) for case in cases])
    ARTIFACTS.mkdir(exist_ok=True)
    report = (
        f"intent macro-F1 {result['intent_macro_f1']:.3f}\n"
        f"entity F1 {result['entity_f1']:.3f} (precision {result['entity_precision']:.3f}, "
        f"recall {result['entity_recall']:.3f})\n\n" + "\n".join(result["errors"]) + "\n"
    )
    (ARTIFACTS / "nlu-evaluation.txt").write_text(report)
    assert result["intent_macro_f1"] >= TARGET and result["entity_f1"] >= TARGET, report
