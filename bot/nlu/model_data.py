"""The NLU data in a trained model. Every graph component that runs the
finding extractor (FindingEntityExtractor, WarningSignDetector,
FindingFeaturizer, InputGuard) copies the data (`bot.nlu.nlu_data`: the
knowledge data with the lexicon, the ConText rules) into its own resource
when it trains, and builds its extractor from that copy when it loads,
never from the checkout's files. So a model served after the lexicon was
edited, shipped alone to another machine, or compared with a newer
checkout extracts as it did when it was trained, and its safety net and
intent classifier see the findings they learned beside.

Why a copy in each component (about 80 kB each) rather than one owner:
Rasa hands a component its own resource only, and loads the graph's nodes
in an order of its own, so a component that took another's copy would
hang on node names and load order. Whole copies keep each component
self-contained; being equal, they are one key of `extractor_for`, which
builds one extractor (0.5 s) for all of them, as before.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Any, Optional, TypeVar

from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.training_data import TrainingData

import bot.rasa_speedups  # noqa: F401  (Rasa's server patched once, wherever our code loads)
from bot.nlu.extractor import FindingExtractor, extractor_for
from bot.nlu.nlu_data import RULES, data_fingerprint, sources, stored_in

COPY = "nlu_data"  # the copy's directory in a component's resource
Loaded = TypeVar("Loaded")


class MissingModelData(ValueError):
    """A model trained before models carried their NLU data."""


def loaded(value: Optional[Loaded], resource: Resource) -> Loaded:
    """What a component builds from its copy at load. A component Rasa
    only created (to train it) has none, and must not process messages."""
    if value is None:
        raise MissingModelData(f"{resource.name}: used before it was trained or loaded")
    return value


def store_data(model_storage: ModelStorage, resource: Resource) -> FindingExtractor:
    """At training: copy the checkout's data into the component's resource;
    the extractor of that copy (what the component learns beside)."""
    with model_storage.write_to(resource) as directory:
        return extractor_for(sources().copy_to(directory / COPY))


def stored_extractor(model_storage: ModelStorage, resource: Resource) -> FindingExtractor:
    """At load: the extractor of the data the component was trained with."""
    with ExitStack() as reading:
        try:
            directory: Optional[Path] = reading.enter_context(model_storage.read_from(resource))
        except ValueError:  # Rasa's answer for a resource never stored
            directory = None
        if directory is None or not (directory / COPY / RULES).is_file():
            raise MissingModelData(
                f"{resource.name}: the model carries no NLU data (it was trained before "
                f"models did); train it again (make train)"
            )
        return extractor_for(stored_in(directory / COPY))


class CarriesNluData:
    """What the components that run the finding extractor share: their
    training stores the NLU data in their resource, and that data decides
    retraining too (it is read from disk, not from the graph). Each
    component's `load` builds what it needs with `stored_extractor`."""

    _storage: ModelStorage
    _resource: Resource

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> Optional[str]:
        return data_fingerprint()

    def train(self, training_data: TrainingData) -> Resource:
        store_data(self._storage, self._resource)
        return self._resource
