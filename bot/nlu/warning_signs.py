"""WarningSignDetector: the Rasa NLU component around the safety net
(`bot.nlu.safety_net`).

Adds a `warning_sign` entity (an extension of the contract) for each
warning sign the net finds and the lexicon's extractor did not name in the
same message: the value is the sign's id (a symptom id, or `tongue`),
`confidence_entity` the net's probability, and start/end the clause that
suggests it, which the assistant quotes when it asks the person to confirm.

It also judges the lexicon's doubtful findings ("weak tea", "the market
fell"): those marked `ambiguous` in the lexicon, and the phrases the
training corpus shows to mislead (learned at training). One the net does
not find too becomes `possible`, so the assistant asks instead of deciding.

Trained at `rasa train` and stored in the model with the NLU data it
learned beside (`bot.nlu.model_data`: the lexicon, the knowledge data, the
ConText rules), so the loaded net judges the findings of the lexicon it
was trained with, whatever the checkout's files say now. The corpus and
that data are part of its fingerprint, so editing either retrains it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Optional

import yaml
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

import bot.rasa_speedups  # noqa: F401  (Rasa's server patched once, wherever our code loads)
from bot.knowledge.findings import SIGN_KINDS, WARNING_SIGN
from bot.nlu.extractor import AFFIRMED, DENIED, POSSIBLE, FindingExtractor
from bot.nlu.input_check import MAX_CHARS
from bot.nlu.model_data import loaded, store_data, stored_extractor
from bot.nlu.nlu_data import data_fingerprint
from bot.nlu.safety_net import CORPUS, Flag, Phrase, SafetyNet, blanked, doubtful_phrases, training_set
from bot.nlu.sentence_embedding import shared_encoder

ENTITY = WARNING_SIGN
MIN_POSITIVES = 5  # a sign needs this many examples to be learned


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class WarningSignDetector(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"corpus": str(CORPUS), "first_recall": 0.95, "second_recall": 0.9, "c_first": 4.0, "c_second": 1.0}

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> Optional[str]:
        """The corpus and the NLU data (lexicon, triage, ConText rules) are
        read from disk, not from the graph: their contents decide retraining."""
        corpus = config.get("corpus", WarningSignDetector.get_default_config()["corpus"])  # Rasa may pass it bare
        return data_fingerprint(Path(corpus))

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        net: Optional[SafetyNet] = None,
        doubtful: Iterable[Phrase] = (),
        extractor: Optional[FindingExtractor] = None,
    ) -> None:
        self._config, self._storage, self._resource, self._net = config, model_storage, resource, net
        self._doubtful, self._extractor = set(doubtful), extractor

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> WarningSignDetector:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        corpus = yaml.safe_load(Path(self._config["corpus"]).read_text(encoding="utf-8"))
        extractor = store_data(self._storage, self._resource)
        knowledge = extractor.knowledge
        examples = [
            (
                m.get(TEXT),
                [
                    str(x.value)
                    for x in extractor.extract(m.get(TEXT))
                    if x.entity in SIGN_KINDS and x.status in (AFFIRMED, POSSIBLE)
                ],
            )
            for m in training_data.training_examples
            if m.get(TEXT)
        ]
        warning = sorted(knowledge.warning_signs("symptom") | knowledge.warning_signs("body_part"))
        texts, labels = training_set(corpus, knowledge.lexicon, examples, warning, knowledge.lexicon_ambiguous)
        signs = [s for s in warning if sum(s in label for label in labels) >= MIN_POSITIVES]
        encoder = shared_encoder()
        net = SafetyNet.train(
            texts,
            labels,
            signs,
            encoder.encode,
            self._config["first_recall"],
            self._config["second_recall"],
            self._config["c_first"],
            self._config["c_second"],
        )
        matches = [
            ((m.entity, m.value, extractor.phrase(m.text)), m.value in item["signs"])
            for item in corpus
            for m in extractor.extract(item["text"])
            if m.value in warning and m.entity in SIGN_KINDS and m.status == AFFIRMED
        ]
        with self._storage.write_to(self._resource) as directory:
            net.save(directory)
            (directory / "doubtful.json").write_text(json.dumps(doubtful_phrases(matches)))
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> WarningSignDetector:
        extractor = stored_extractor(model_storage, resource)
        with model_storage.read_from(resource) as directory:
            net = SafetyNet.load(directory, shared_encoder().encode)
            doubtful = [
                (kind, id_, tuple(tokens))
                for kind, id_, tokens in json.loads((directory / "doubtful.json").read_text())
            ]
        return cls(config, model_storage, resource, net, doubtful, extractor)

    def _doubted(self, net: SafetyNet, entity: dict[str, Any], text: str) -> bool:
        """An affirmed lexicon finding in words that often mean something else."""
        if entity.get("role") or entity.get("value") not in net.signs:
            return False
        if entity.get("ambiguous"):
            return True
        phrase = loaded(self._extractor, self._resource).phrase(text[entity["start"] : entity["end"]])
        return (entity.get("entity"), entity.get("value"), phrase) in self._doubtful

    def _despite_denial(
        self, net: SafetyNet, text: str, mentioned: list[dict[str, Any]], named: set[str], flags: list[Flag]
    ) -> list[Flag]:
        """ "nah no weakness mate, just can't get the lid off": a sign the
        message denies in so many words may still be said in others. The
        net reads the message without the denied words (the rest of their
        clause stays, for the sign may be said there too); what it still
        finds is asked about, not taken as denied."""
        denied = [
            e
            for e in mentioned
            if e.get("role") == DENIED
            and e.get("value") in net.signs
            and e.get("value") not in named
            and not any(f.sign == e.get("value") for f in flags)
        ]
        if not denied:
            return []
        masked = blanked(text, [(e["start"], e["end"]) for e in denied])
        signs = {e.get("value") for e in denied}
        return [flag for flag in net.flags(masked, named) if flag.sign in signs]

    def process(self, messages: list[Message]) -> list[Message]:
        net = self._net
        for message in messages:
            text = message.get(TEXT) or ""
            if net is None or not text.strip() or len(text) > MAX_CHARS:
                continue
            entities = message.get(ENTITIES, [])
            mentioned = [e for e in entities if e.get("entity") in SIGN_KINDS]
            # "My breathing is ok in the day. Lying flat, I can't get air": a
            # denial stands for its own clause only.
            doubtful = [e for e in mentioned if self._doubted(net, e, text)]
            named = {e.get("value") for e in mentioned if e.get("role") != DENIED and e not in doubtful}
            doubted = {e.get("value") for e in doubtful} - named
            places = [
                (e["start"], e["end"])
                for e in mentioned
                if e.get("entity") == "body_part" and e.get("value") not in net.signs
            ]
            flags = net.flags(text, named, places)
            supported = {flag.sign for flag in flags}
            # "the market fell": a sign said only in words that often mean
            # something else stands when the net agrees; otherwise it is asked.
            entities = [
                {**e, "role": POSSIBLE} if e in doubtful and e.get("value") in doubted - supported else e
                for e in entities
            ]
            flags = [
                flag
                for flag in flags
                if flag.sign not in doubted
                and not any(
                    e.get("value") == flag.sign and flag.start < e["end"] and e["start"] < flag.end for e in mentioned
                )
            ]
            found = [
                {
                    "entity": ENTITY,
                    "value": flag.sign,
                    "start": flag.start,
                    "end": flag.end,
                    "confidence_entity": flag.score,
                    "extractor": self.__class__.__name__,
                }
                for flag in flags + self._despite_denial(net, text, mentioned, named, flags)
            ]
            message.set(ENTITIES, entities + found, add_to_output=True)
        return messages
