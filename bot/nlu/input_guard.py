"""InputGuard: a Rasa NLU component that turns unusable messages into the
`nlu_fallback` intent with an `input_problem` entity (see input_check), so
the assistant answers with what went wrong. It runs last in the pipeline
and leaves every usable message untouched.

A word the lexicon knows is no gibberish: its "training" stores the NLU
data in the model (`bot.nlu.model_data`), and the loaded guard knows the
words of that copy, as the model's entity extractor does.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any, Optional

import spacy
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

import bot.rasa_speedups  # noqa: F401  (Rasa's server patched once, wherever our code loads)
from bot.knowledge.findings import INPUT_PROBLEM
from bot.nlu.english import is_common_english, is_english_word
from bot.nlu.extractor import FindingExtractor
from bot.nlu.input_check import LanguageHints, check_input
from bot.nlu.model_data import CarriesNluData, loaded, stored_extractor

ENTITY = INPUT_PROBLEM


def spacy_language_hints(languages: list[str], extractor: FindingExtractor) -> LanguageHints:
    """Stop word lists shipped with spaCy (no model download needed); a
    foreign stop word that is everyday English too ("hi", "come") is left
    out, so it cannot make English look foreign. Known words: English or
    the lexicon of `extractor`."""

    def stops(code: str) -> frozenset:
        # The list's own file, without its language package, whose import
        # compiles the language's tokenizer exceptions (French: 2 s).
        path = Path(spacy.__file__).parent / "lang" / code / "stop_words.py"
        spec = importlib.util.spec_from_file_location(f"_stop_words_{code}", path)
        if spec is None or spec.loader is None:
            raise ImportError(f"spaCy has no stop word list at {path}")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return frozenset(module.STOP_WORDS)

    english = stops("en")
    return LanguageHints(
        english,
        {code: frozenset(w for w in stops(code) - english if not is_common_english(w)) for code in languages},
        lambda word: is_english_word(word) or extractor.knows(word),
    )


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class InputGuard(CarriesNluData, GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"languages": ["es", "fr", "de", "pt", "it", "nl"]}

    def __init__(self, model_storage: ModelStorage, resource: Resource, hints: Optional[LanguageHints] = None) -> None:
        self._storage, self._resource, self._hints = model_storage, resource, hints

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> InputGuard:
        return cls(model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> InputGuard:
        extractor = stored_extractor(model_storage, resource)
        return cls(model_storage, resource, spacy_language_hints(config["languages"], extractor))

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            problem = check_input(message.get(TEXT), loaded(self._hints, self._resource))
            if problem is None:
                continue
            intent = {"name": "nlu_fallback", "confidence": 1.0}
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [intent], add_to_output=True)
            message.set(
                ENTITIES,
                [{"entity": ENTITY, "value": problem, "start": 0, "end": 0, "extractor": self.__class__.__name__}],
                add_to_output=True,
            )
        return messages
