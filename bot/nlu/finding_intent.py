"""FindingIntentOverride: a message that states findings is about the case.

Short answers such as "a fortnight" or "all over, for ages" are easily
taken for small talk by the intent classifier, or leave it unsure
(`nlu_fallback`: "gradually", "my thumb"); when the message holds a
finding (symptom, body part, exposure, duration, onset or a warning sign
the safety net found), such an intent is replaced by `describe_symptoms`,
so the answer reaches the intake as one instead of as a goodbye. So does
a pleasantry (greet, goodbye, thank) the classifier is unsure of: "only my head being heavy" once read as a
greeting at 0.53 and restarted the welcome in the middle of the intake;
the intake answers an unreadable message better than a greeting does.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

import bot.rasa_speedups  # noqa: F401  (Rasa's server patched once, wherever our code loads)
from bot.knowledge.findings import ENTITY_KINDS, WARNING_SIGN

FINDINGS = set(ENTITY_KINDS) | {WARNING_SIGN}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class FindingIntentOverride(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "small_talk": ["greet", "goodbye", "thank", "out_of_scope", "request_human", "nlu_fallback"],
            "pleasantries": ["greet", "goodbye", "thank"],
            "sure": 0.8,
            "to": "describe_symptoms",
        }

    def __init__(self, config: dict[str, Any]) -> None:
        self._small_talk = set(config["small_talk"])
        self._pleasantries = set(config["pleasantries"])
        self._sure = float(config["sure"])
        self._to = config["to"]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> FindingIntentOverride:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            states = intent.get("name") in self._small_talk and any(
                e.get("entity") in FINDINGS for e in message.get(ENTITIES) or []
            )
            unsure = intent.get("name") in self._pleasantries and (intent.get("confidence") or 0) < self._sure
            if states or unsure:
                override = {"name": self._to, "confidence": 1.0 if states else intent.get("confidence")}
                ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != self._to]
                message.set(INTENT, override, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [override] + ranking, add_to_output=True)
        return messages
