"""How well the trained model, through POST /model/parse of the real
server, tells a request for the summary for the doctor from messages that
only share its words, on a held-out set in other voices
(tests/nlu/summary-requests.yml). Each kind is reported with its misses in
tests/artifacts/summary-requests.txt. The floors guard against regression,
a little under the figures measured when the set was written (asks 24 of
30, not_asks 30 of 30); the model was never tuned on it."""

from pathlib import Path

import pytest
import yaml

from tests.test_nlu_evaluation import training_texts

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
HELD_OUT = yaml.safe_load((ROOT / "tests" / "nlu" / "summary-requests.yml").read_text())
INTENT = "request_summary"
# Share of each kind read right: asks as the request, not_asks as anything else.
FLOORS = {"asks": 0.75, "not_asks": 0.95}


def test_the_set_is_held_out_and_has_both_kinds():
    assert set(HELD_OUT) == set(FLOORS) and all(len(HELD_OUT[kind]) >= 25 for kind in FLOORS)
    leaked = [text for kind in FLOORS for text in HELD_OUT[kind] if text.lower() in training_texts()]
    assert not leaked, leaked


@pytest.mark.servers
def test_requests_for_a_summary_are_told_from_messages_that_share_their_words(assistant):
    lines, rates = [], {}
    for kind, floor in FLOORS.items():
        misses = []
        for text in HELD_OUT[kind]:
            intent = assistant.parse(text)["intent"]
            if (intent["name"] == INTENT) != (kind == "asks"):
                misses.append(f"  {text!r}: {intent['name']} ({intent['confidence']:.2f})")
        rates[kind] = 1 - len(misses) / len(HELD_OUT[kind])
        lines += [f"{kind}: {rates[kind]:.2f} read right (floor {floor:.2f}), {len(misses)} missed", *misses]
    ARTIFACTS.mkdir(exist_ok=True)
    report = "\n".join(lines) + "\n"
    (ARTIFACTS / "summary-requests.txt").write_text(report)
    assert all(rates[kind] >= floor for kind, floor in FLOORS.items()), report
