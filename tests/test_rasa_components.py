"""Our Rasa graph components as Rasa runs them: created through their
`create` with a LocalModelStorage, trained (they store the NLU data in
their resource) and loaded back as a served model loads them, fed real
Messages after Rasa's WhitespaceTokenizer (the shape of RasaHQ's own
component tests)."""

from __future__ import annotations

import numpy as np
import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.entity_extractor import FindingEntityExtractor
from bot.nlu.finding_featurizer import FEATURES, FindingFeaturizer
from bot.nlu.input_guard import InputGuard
from tests.component_helpers import tokenized, trained


@pytest.fixture()
def make(tmp_path):
    storage = LocalModelStorage(tmp_path)
    return lambda component, config=None: trained(component, storage, config)


def test_the_extractor_adds_the_contracts_entities_with_the_persons_words(make):
    text = "my eyelid has jumped for 3 days, no weakness, and I live on espresso"
    message = make(FindingEntityExtractor).process([tokenized(text)])[0]
    found = {(e["entity"], e["value"], e.get("role")) for e in message.get(ENTITIES)}
    assert {
        ("body_part", "eyelid", None),
        ("symptom", "twitching", None),
        ("duration", 3.0, None),
        ("symptom", "weakness", "denied"),
        ("exposure", "caffeine", None),
    } <= found
    espresso = next(e for e in message.get(ENTITIES) if e["entity"] == "exposure")
    assert text[espresso["start"] : espresso["end"]] == "espresso"
    assert all(e["extractor"] == "FindingEntityExtractor" for e in message.get(ENTITIES))
    assert message.as_dict(only_output_properties=True)[ENTITIES]  # reaches the parse output


def test_the_featurizer_marks_what_a_message_tells(make):
    featurizer = make(FindingFeaturizer)
    told, small_talk = featurizer.process(
        [tokenized("no weakness, my calf twitches for a week"), tokenized("thanks, bye")]
    )
    (_, told_sentence), (_, small_sentence) = (m.get_sparse_features(TEXT) for m in (told, small_talk))
    row = dict(zip(FEATURES, told_sentence.features.toarray()[0], strict=True))
    assert row == {"symptom": 1.0, "body_part": 1.0, "exposure": 0.0, "denied": 1.0, "duration": 1.0}
    assert not np.any(small_sentence.features.toarray())
    sequence, _ = told.get_sparse_features(TEXT)
    assert sequence.features.shape == (len(told.get("text_tokens")), len(FEATURES))


@pytest.mark.parametrize(
    "text, problem",
    [
        ("", "empty"),
        ("x" * 6000, "too_long"),
        ("😀😀😀", "no_words"),
        ("asdfgh qwrtzp xcvbnm", "gibberish"),
        ("Hola, me tiembla el ojo desde hace tres días", "other_language"),
    ],
)
def test_the_guard_turns_unusable_messages_into_a_fallback_that_says_why(make, text, problem):
    message = Message(data={TEXT: text, INTENT: {"name": "greet", "confidence": 0.9}})
    make(InputGuard).process([message])
    assert message.get(INTENT) == {"name": "nlu_fallback", "confidence": 1.0}
    assert [(e["entity"], e["value"]) for e in message.get(ENTITIES)] == [("input_problem", problem)]


def test_the_guard_leaves_a_usable_message_alone(make):
    message = Message(data={TEXT: "my calf twitches", INTENT: {"name": "describe_symptoms", "confidence": 0.9}})
    make(InputGuard).process([message])
    assert message.get(INTENT)["name"] == "describe_symptoms" and not message.get(ENTITIES)
