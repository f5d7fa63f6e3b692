"""FindingFeaturizer: sentence features saying which kinds of findings a
message holds (affirmed symptom, body part, exposure; a denial; a
duration), so the intent classifier learns that "strength is fine, no
falls" describes symptoms even when its words are new to it.

Its "training" stores the NLU data in the model (`bot.nlu.model_data`): the
classifier learned from features of that lexicon, so the loaded model
computes them with the same copy.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Optional

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

import bot.rasa_speedups  # noqa: F401  (Rasa's server patched once, wherever our code loads)
from bot.nlu.extractor import FindingExtractor, Mention, mentions
from bot.nlu.input_check import MAX_CHARS
from bot.nlu.model_data import CarriesNluData, loaded, stored_extractor

# The columns of the features a trained classifier learned from, in their
# order: written out, so that reordering bot.knowledge.findings cannot
# silently shift a model's columns (tests check that every finding kind has one).
FEATURES = ("symptom", "body_part", "exposure", "denied", "duration")


def finding_vector(found: Iterable[Mention]) -> np.ndarray:
    present = {"denied" if m.denied else m.entity for m in found}
    return np.array([[1.0 if name in present else 0.0 for name in FEATURES]])


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=True)
class FindingFeaturizer(CarriesNluData, SparseFeaturizer, GraphComponent):
    def __init__(
        self,
        name: str,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        extractor: Optional[FindingExtractor] = None,
    ) -> None:
        super().__init__(name, config)
        self._storage, self._resource, self._extractor = model_storage, resource, extractor

    @classmethod
    def required_components(cls) -> list[type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return SparseFeaturizer.get_default_config()

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Nothing to configure."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> FindingFeaturizer:
        # Rasa's graph names each node's context (node_name is None only outside a graph).
        return cls(execution_context.node_name, config, model_storage, resource)  # type: ignore[arg-type]

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> FindingFeaturizer:
        return cls(
            execution_context.node_name,  # type: ignore[arg-type]
            config,
            model_storage,
            resource,
            stored_extractor(model_storage, resource),
        )

    def _featurize(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        tokens = message.get(TOKENS_NAMES[TEXT]) or []
        found = mentions(loaded(self._extractor, self._resource), text) if len(text) <= MAX_CHARS else ()
        sentence = scipy.sparse.coo_matrix(finding_vector(found))
        sequence = scipy.sparse.coo_matrix((max(len(tokens), 1), len(FEATURES)))
        self.add_features_to_message(sequence, sentence, TEXT, message)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for example in training_data.training_examples:
            if example.get(TEXT):
                self._featurize(example)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._featurize(message)
        return messages
