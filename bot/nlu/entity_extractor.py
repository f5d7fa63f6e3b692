"""FindingEntityExtractor: the Rasa NLU component around `FindingExtractor`.

Adds the entities of the assessment contract: `symptom`, `body_part`,
`exposure` with canonical ids as values and role `denied` for negated
mentions (roles `possible`, `hypothetical` and `historical` extend it),
`duration` with the number of days, and `onset`. Rule-based (the lexicon
of bot.knowledge), so it learns nothing: "training" stores the lexicon and
the rest of the NLU data in the model (`bot.nlu.model_data`), and the
loaded model extracts with that copy, in well under a second.
"""

from __future__ import annotations

from typing import Any, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

import bot.rasa_speedups  # noqa: F401  (Rasa's server patched once, wherever our code loads)
from bot.nlu.extractor import AFFIRMED, FindingExtractor, Mention, mentions
from bot.nlu.input_check import MAX_CHARS
from bot.nlu.model_data import CarriesNluData, loaded, stored_extractor


def to_entity(mention: Mention, extractor: str) -> dict[str, Any]:
    """A Rasa entity. Role: the ConText status unless affirmed (`denied`,
    `possible`, `hypothetical`, `historical`); an onset names the symptom it
    describes (`sign`); a denial that corrects an earlier statement says so
    (`retracts`); a mention about someone else has `experiencer: other`; one
    in words that often mean something else is `ambiguous` (the safety net
    decides whether it stands); an onset from a time earlier today that no
    named sign claims is `recent` (it dates the safety net's signs only)."""
    entity = {
        "entity": mention.entity,
        "value": mention.value,
        "start": mention.start,
        "end": mention.end,
        "confidence_entity": 1.0,
        "extractor": extractor,
    }
    if mention.status != AFFIRMED:
        entity["role"] = mention.status
    if mention.sign:
        entity["sign"] = mention.sign
    if mention.retracts:
        entity["retracts"] = True
    if mention.other_person:
        entity["experiencer"] = "other"
    if mention.ambiguous:
        entity["ambiguous"] = True
    if mention.recent:
        entity["recent"] = True
    return entity


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class FindingEntityExtractor(CarriesNluData, GraphComponent):
    def __init__(
        self, model_storage: ModelStorage, resource: Resource, extractor: Optional[FindingExtractor] = None
    ) -> None:
        self._storage, self._resource, self._extractor = model_storage, resource, extractor

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> FindingEntityExtractor:
        return cls(model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> FindingEntityExtractor:
        return cls(model_storage, resource, stored_extractor(model_storage, resource))

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if len(text) > MAX_CHARS:  # InputGuard answers these
                continue
            found = [
                to_entity(m, self.__class__.__name__) for m in mentions(loaded(self._extractor, self._resource), text)
            ]
            message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
        return messages
