"""A trained model carries the NLU data it was trained with (the knowledge
data with the lexicon, the ConText rules) and extracts with that copy,
whatever the checkout's files say later; an edit of them retrains the
components that store or learn beside them. `checkout_data` (conftest)
stands for the checkout's files, so the tests edit a copy."""

from __future__ import annotations

import asyncio
import re
import tarfile

import pytest
import yaml
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.knowledge.loader import DATA_DIR
from bot.nlu.entity_extractor import FindingEntityExtractor
from bot.nlu.extractor import shared_extractor
from bot.nlu.finding_featurizer import FEATURES, FindingFeaturizer
from bot.nlu.input_guard import InputGuard
from bot.nlu.model_data import MissingModelData
from bot.nlu.warning_signs import WarningSignDetector
from tests.component_helpers import tokenized, trained
from tests.paths import ROOT

# Made-up words for twitching: lexicon A has the first, lexicon B the second.
A_WORD, B_WORD = "frobbling", "quazzling"
COMPONENTS = (FindingEntityExtractor, FindingFeaturizer, InputGuard)
STORING = COMPONENTS + (WarningSignDetector,)


def use_lexicon(checkout_data, word):
    """The checkout's lexicon as it was, with `word` one more way of saying twitching."""
    lexicon = yaml.safe_load((DATA_DIR / "lexicon.yml").read_text(encoding="utf-8"))
    lexicon["symptom"]["twitching"].append(word)
    (checkout_data.knowledge / "lexicon.yml").write_text(yaml.safe_dump(lexicon), encoding="utf-8")


def train(directory):
    """A model of the components in `directory`, trained with the checkout's data now."""
    directory.mkdir()
    storage = LocalModelStorage(directory)
    for component in COMPONENTS:
        trained(component, storage)
    return storage


def load(storage):
    context = ExecutionContext(node_name="test", graph_schema=GraphSchema({}))
    return [c.load(c.get_default_config(), storage, Resource(c.__name__), context) for c in COMPONENTS]


def takes_for_twitching(model, word):
    """Whether each component reads `word` as the lexicon's: the extractor
    finds twitching, the featurizer marks a symptom, the guard knows it."""
    extractor, featurizer, guard = model
    message = tokenized(f"my calf keeps {word}")
    featurizer.process(extractor.process([message]))
    _, sentence = message.get_sparse_features(TEXT)
    unknown = Message(data={TEXT: f"{word} qwrtzp xcvbnm", INTENT: {"name": "greet", "confidence": 0.9}})
    guard.process([unknown])
    return {
        "entity": ("symptom", "twitching") in {(e["entity"], e["value"]) for e in message.get(ENTITIES)},
        "feature": sentence.features.toarray()[0][FEATURES.index("symptom")] == 1.0,
        "known": not unknown.get(ENTITIES),
    }


ALL, NONE = dict.fromkeys(("entity", "feature", "known"), True), dict.fromkeys(("entity", "feature", "known"), False)


def test_a_model_extracts_with_the_lexicon_it_was_trained_with(checkout_data, tmp_path):
    use_lexicon(checkout_data, A_WORD)
    storage = train(tmp_path / "model_a")
    use_lexicon(checkout_data, B_WORD)  # edited after training, before the model loads
    model = load(storage)
    assert takes_for_twitching(model, A_WORD) == ALL
    assert takes_for_twitching(model, B_WORD) == NONE
    assert {m.value for m in shared_extractor().extract(f"my calf keeps {B_WORD}")} >= {"twitching"}  # B is on disk


def test_a_model_retrained_after_a_lexicon_edit_extracts_with_the_new_lexicon(checkout_data, tmp_path):
    use_lexicon(checkout_data, A_WORD)
    train(tmp_path / "model_a")
    use_lexicon(checkout_data, B_WORD)
    storage = train(tmp_path / "model_b")
    model = load(storage)
    assert takes_for_twitching(model, B_WORD) == ALL
    assert takes_for_twitching(model, A_WORD) == NONE


@pytest.mark.parametrize("stored", [True, False], ids=["resource without the data", "no resource"])
@pytest.mark.parametrize("component", STORING, ids=lambda c: c.__name__)
def test_a_model_without_its_nlu_data_will_not_load_with_the_checkouts(component, stored, tmp_path):
    """A model trained before models carried their data: its trained
    components have resources without it, the others none at all."""
    storage, resource = LocalModelStorage(tmp_path), Resource(f"train_{component.__name__}")
    if stored:
        with storage.write_to(resource):
            pass
    with pytest.raises(MissingModelData, match=rf"train_{component.__name__}: .*make train"):
        component.load(
            component.get_default_config(),
            storage,
            resource,
            ExecutionContext(node_name=resource.name, graph_schema=GraphSchema({})),
        )


PIPELINE = {
    "language": "en",
    "assistant_id": "test",
    "pipeline": [
        {"name": "WhitespaceTokenizer"},
        {"name": "bot.nlu.entity_extractor.FindingEntityExtractor"},
        {"name": "bot.nlu.finding_featurizer.FindingFeaturizer"},
        {"name": "CountVectorsFeaturizer"},
        {"name": "LogisticRegressionClassifier"},
        {"name": "bot.nlu.input_guard.InputGuard"},
    ],
}
NLU = """version: "3.1"
nlu:
- intent: describe_symptoms
  examples: |
    - my calf twitches
    - my eyelid has jumped for days
    - my thumb flickers
- intent: greet
  examples: |
    - hello
    - hi there
    - good morning
"""


def archive_copies(archive):
    """Component resource -> its copy's lexicon, from a packed model."""
    with tarfile.open(archive) as tar:
        return {
            match[1]: file.read()
            for member in tar.getmembers()
            if (
                match := re.fullmatch(
                    r"components/(train_bot\.nlu\.[\w.]+)/nlu_data/knowledge/lexicon\.yml", member.name
                )
            )
            and (file := tar.extractfile(member))
        }


def test_plain_rasa_train_retrains_after_an_edit_and_each_model_keeps_its_lexicon(checkout_data, tmp_path, monkeypatch):
    """Rasa's own training (its cache kept between the runs, no --force) and
    its own loading of the packed models."""
    from rasa.core.agent import Agent
    from rasa.model_training import train_nlu

    monkeypatch.setenv("RASA_CACHE_DIRECTORY", str(tmp_path / "cache"))
    config, nlu = tmp_path / "config.yml", tmp_path / "nlu.yml"
    config.write_text(yaml.safe_dump(PIPELINE))
    nlu.write_text(NLU)
    archives = {}
    for name, word in (("a", A_WORD), ("b", B_WORD)):
        use_lexicon(checkout_data, word)
        archive = train_nlu(str(config), str(nlu), str(tmp_path / "models"), fixed_model_name=name)
        assert archive, "train_nlu made no model"
        archives[name] = archive
    for name, word in (("a", A_WORD), ("b", B_WORD)):
        copies = archive_copies(archives[name])
        assert len(copies) == len(COMPONENTS) and all(word.encode() in c for c in copies.values()), copies.keys()
        agent = Agent.load(archives[name])
        for said, found in ((A_WORD, word == A_WORD), (B_WORD, word == B_WORD)):
            parse = asyncio.run(agent.parse_message(f"my calf keeps {said}"))
            assert (("symptom", "twitching") in {(e["entity"], e["value"]) for e in parse["entities"]}) == found, (
                name,
                said,
                parse["entities"],
            )


def test_the_trained_model_carries_its_nlu_data():
    """models/twitch.tar.gz (make train): each component that reads the
    data holds the same copy of it, the ConText rules beside the lexicon."""
    with tarfile.open(ROOT / "models" / "twitch.tar.gz") as tar:
        names = set(tar.getnames())
    copies = archive_copies(ROOT / "models" / "twitch.tar.gz")
    assert sorted(re.sub(r"^train_bot\.nlu\.\w+\.|\d+$", "", resource) for resource in copies) == sorted(
        c.__name__ for c in STORING
    )
    assert len(set(copies.values())) == 1
    for resource in copies:
        assert {
            f"components/{resource}/nlu_data/context.yml",
            f"components/{resource}/nlu_data/knowledge/vocabulary.yml",
            f"components/{resource}/nlu_data/knowledge/triage.yml",
        } <= names
