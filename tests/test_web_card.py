"""The widget's assessment card (web/card.js) rendered outside the browser
on the payloads it may meet: today's, one stored before the payload's
extensions (the widget shows stored messages again), emergency advice, and
ones missing what a card needs. The whole widget runs in
tests/test_web_widget.py."""

from __future__ import annotations

import json
import re
import subprocess
from typing import Any

import pytest

from bot.conversation import Case
from bot.knowledge import assess, load_knowledge
from tests.conversation_helpers import CONVERSATION, run
from tests.paths import ROOT

K = load_knowledge()
SCRIPT = ROOT / "web" / "tests" / "card-text.mjs"


def cards(*payloads: Any) -> list[Any]:
    """What each payload's card says (None: no card)."""
    result = subprocess.run(
        ["node", str(SCRIPT)], input=json.dumps(payloads), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def case_payload():
    result, _ = run(
        [("describe_symptoms", "my eyelid has jumped for 3 days and I live on espresso"), ("deny", "none of these")]
    )
    return result.replies[-1].custom


def test_todays_payload_shows_labels_advice_and_the_persons_words(case_payload):
    (card,) = cards(case_payload)
    body = case_payload["assessment"]
    level = K.levels[body["triage_level"]]
    assert card["level"] == body["triage_level"] and card["className"].endswith("level-self-care")
    assert card["colours"] == [K.levels["self_care"].colour] * 2  # the border and the level's badge
    assert card["text"].startswith("Self-care\n" + level.summary + "\n" + level.advice)
    assert "you said \u201cespresso\u201d" in card["text"] and "twitching in the eyelid" in card["text"]
    assert card["causes"] == [c["id"] for c in body["causes"][: body["causes_explained"]]]
    assert "_" not in card["text"]


def test_a_payload_stored_before_the_extensions_still_reads_in_words():
    old = assess(
        {"symptoms": ["twitching"], "denied_symptoms": ["weakness"], "duration_days": 21, "exposures": ["caffeine"]}
    ).payload()
    for name in ("level", "causes_explained", "test_details"):
        del old["assessment"][name]
    for cause in old["assessment"]["causes"]:
        del cause["evidence_details"]
    (card,) = cards(old)
    assert card["colours"] == [None, None]  # card.css's grey
    assert card["text"].startswith("Gp routine\n") and "caffeine" in card["text"] and "21 days" in card["text"]
    assert len(card["causes"]) == min(len(old["assessment"]["causes"]), K.scoring.explained)
    assert "exposure caffeine" not in card["text"] and "_" not in card["text"]


def test_emergency_advice_shows_the_numbers_to_call():
    turn = CONVERSATION.take_turn(Case(), "emergency", [], message="I can't breathe", confidence=0.99)
    (card,) = cards(turn.replies[0].custom)
    assert card["level"] == "emergency" and K.emergency_numbers in card["text"] and card["causes"] == []
    assert card["colours"] == [K.levels["emergency"].colour] * 2


def test_a_payload_without_a_level_renders_nothing_and_one_without_words_uses_the_id():
    nothing, bare = cards({"assessment": {}}, {"assessment": {"level": {"id": "gp_urgent"}}})
    assert nothing is None
    assert bare["text"].startswith("Gp urgent") and bare["causes"] == []


def test_the_cards_default_for_explained_causes_is_the_datas():
    card = (ROOT / "web" / "card.js").read_text()
    default = re.search(r"var EXPLAINED = (\d+);", card)
    assert default and default[1] == str(K.scoring.explained)
