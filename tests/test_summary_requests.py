"""How well the trained model, through POST /model/parse of the real
server, tells a request for the summary for the doctor from messages that
only share its words, on held-out sets in other voices (tests/nlu/
summary-requests*.yml; each file says how it was made). Each set and kind
is reported with its misses in tests/artifacts/summary-requests.txt. The
floors guard against regression, a little under what was measured:

    set 1: asks 24/30 when written; 27/30 after training examples its misses prompted; not_asks 30/30
    set 2, written after those examples: asks 25/30 (18/30 before them), not_asks 27/29 (the same two
    misses before: "what should I say to the GP...?" and "I need to see a doctor for this?")"""

from pathlib import Path

import pytest
import yaml

from tests.test_nlu_evaluation import training_texts

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
INTENT = "request_summary"
# Per set, the share of each kind read right: asks as the request, not_asks as anything else.
FLOORS = {
    "summary-requests.yml": {"asks": 0.85, "not_asks": 0.95},
    "summary-requests-2.yml": {"asks": 0.8, "not_asks": 0.9},
}
SETS = {name: yaml.safe_load((ROOT / "tests" / "nlu" / name).read_text()) for name in FLOORS}


def test_the_sets_are_held_out_and_have_both_kinds():
    for name, held_out in SETS.items():
        assert set(held_out) == {"asks", "not_asks"} and all(len(texts) >= 25 for texts in held_out.values()), name
        leaked = [text for texts in held_out.values() for text in texts if text.lower() in training_texts()]
        assert not leaked, (name, leaked)


@pytest.mark.servers
def test_requests_for_a_summary_are_told_from_messages_that_share_their_words(assistant):
    lines, low = [], []
    for name, held_out in SETS.items():
        for kind, floor in FLOORS[name].items():
            misses = []
            for text in held_out[kind]:
                intent = assistant.parse(text)["intent"]
                if (intent["name"] == INTENT) != (kind == "asks"):
                    misses.append(f"  {text!r}: {intent['name']} ({intent['confidence']:.2f})")
            rate = 1 - len(misses) / len(held_out[kind])
            lines += [f"{name} {kind}: {rate:.2f} read right (floor {floor:.2f}), {len(misses)} missed", *misses]
            low += [f"{name} {kind}"] if rate < floor else []
    ARTIFACTS.mkdir(exist_ok=True)
    report = "\n".join(lines) + "\n"
    (ARTIFACTS / "summary-requests.txt").write_text(report)
    assert not low, report
