"""Serve a model that uses no TensorFlow without loading TensorFlow.

Rasa 3.6 imports TensorFlow on its serving path even when no component of
the model uses it: `rasa.core.agent` -> the policies' tracker featurizers ->
`rasa.utils.train_utils` -> `rasa.utils.tensorflow.callback` (a Keras
callback class), and the model loader imports DIET's module. That import
costs 0.4 GB of memory and seconds of start-up, for nothing here: our model
(config.yml) has no DIET, no TED, no response selector.

`python -m bot.channels.serve` (make run, make web) therefore checks the
model it is about to serve: when every component is on the list below,
imports of TensorFlow and Keras *from Rasa's modules* get a stand-in whose
attributes are inert classes, enough for those modules to define their
classes. Imports from anywhere else fail as if it were not installed
(ModuleNotFoundError; spaCy's thinc probes `tensorflow.experimental.dlpack`
and finds no TensorFlow). Two things can still be fooled: a module Rasa's
have already imported is shared, as Python shares every imported module,
and `importlib.util.find_spec("tensorflow")` finds a spec.

TensorFlow stays (the real one) for:
- a model with any other component (a retrained config with DIET, say);
- Rasa's TensorFlow settings in the environment (TF_GPU_MEMORY_ALLOC and
  the thread counts), which Rasa applies at start;
- everything started with plain `rasa run`, which this module never touches.
A model loaded later (PUT /model, a model server, remote storage) that
needs TensorFlow is refused with a message saying to restart the server.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import json
import sys
import tarfile
import types
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

# Rasa's components that never call TensorFlow when they train or predict.
TENSORFLOW_FREE = frozenset(
    {
        "rasa.core.policies.ensemble.DefaultPolicyPredictionEnsemble",
        "rasa.core.policies.memoization.MemoizationPolicy",
        "rasa.core.policies.memoization.AugmentedMemoizationPolicy",
        "rasa.core.policies.rule_policy.RulePolicy",
        "rasa.graph_components.converters.nlu_message_converter.NLUMessageConverter",
        "rasa.graph_components.providers.domain_provider.DomainProvider",
        "rasa.graph_components.providers.rule_only_provider.RuleOnlyDataProvider",
        "rasa.nlu.classifiers.fallback_classifier.FallbackClassifier",
        "rasa.nlu.classifiers.regex_message_handler.RegexMessageHandler",
        "rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer.CountVectorsFeaturizer",
        "rasa.nlu.tokenizers.whitespace_tokenizer.WhitespaceTokenizer",
    }
)
OURS = "bot."
STOOD_IN = ("tensorflow", "tensorflow_hub", "tensorflow_text", "tensorflow_addons", "keras")
# Rasa applies these to TensorFlow at start (rasa.constants, ENV_*_CONFIG).
TENSORFLOW_SETTINGS = ("TF_GPU_MEMORY_ALLOC", "TF_INTER_OP_PARALLELISM_THREADS", "TF_INTRA_OP_PARALLELISM_THREADS")


def model_components(model: Path) -> list[str]:
    """The classes a trained model's prediction graph uses."""
    with tarfile.open(model) as archive:
        member = archive.extractfile("metadata.json")
        if member is None:
            raise ValueError(f"{model} has no metadata.json")
        metadata = json.load(member)
    return sorted({node["uses"] for node in metadata["predict_schema"]["nodes"].values()})


def tensorflow_components(components: Iterable[str]) -> list[str]:
    """Those of `components` that may use TensorFlow: any not ours nor on
    the list of Rasa's TensorFlow-free ones."""
    return [c for c in components if not (c.startswith(OURS) or c in TENSORFLOW_FREE)]


def served_model(args: Sequence[str], cwd: Path) -> Path | None:
    """The model `rasa run` will load: `-m/--model`, a file or the newest
    archive of a folder (default `models/`), as Rasa picks it."""
    path = Path("models")
    for i, arg in enumerate(args):
        if arg in ("-m", "--model") and i + 1 < len(args):
            path = Path(args[i + 1])
        elif arg.startswith("--model="):
            path = Path(arg.split("=", 1)[1])
    path = path if path.is_absolute() else cwd / path
    if path.is_dir():
        archives = sorted(path.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
        return archives[-1] if archives else None
    return path if path.is_file() else None


class _Inert(type):
    """Any attribute of the stand-in: a class (so Rasa's modules can subclass
    it), whose attributes are classes again; called as a decorator it hands
    back what it decorates."""

    def __getattr__(cls, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return _Inert(f"{cls.__name__}.{name}", (), {})

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        if len(args) == 1 and callable(args[0]) and not kwargs:
            return args[0]
        return _Inert(f"{cls.__name__}()", (), {})


class _StandIn(types.ModuleType):
    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return _Inert(f"{self.__name__}.{name}", (), {})


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname: str, path: Any, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if fullname.split(".")[0] not in STOOD_IN:
            return None
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        if not _imported_by_rasa():
            raise ModuleNotFoundError(
                f"{spec.name} is kept out of this server (bot.channels.without_tensorflow)", name=spec.name
            )
        module = _StandIn(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        pass


def _imported_by_rasa() -> bool:
    """Whether the module doing the import (the first frame outside the
    import machinery and the stand-in's own packages) is one of Rasa's."""
    frame: types.FrameType | None = sys._getframe(2)
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if not (name.startswith(("importlib", "_frozen_importlib", __name__)) or name.split(".")[0] in STOOD_IN):
            return name == "rasa" or name.startswith("rasa.")
        frame = frame.f_back
    return False


def keep_out(args: Sequence[str], cwd: Path, env: Mapping[str, str]) -> str | None:
    """Install the stand-in when the model to serve allows it; a note on
    what was done, or None when TensorFlow stays."""
    if any(name in sys.modules for name in STOOD_IN) or any(env.get(v) for v in TENSORFLOW_SETTINGS):
        return None
    model = served_model(args, cwd)
    if model is None:
        return None
    try:
        components = model_components(model)
    except (OSError, ValueError, KeyError, tarfile.TarError):
        return None  # Rasa will say what is wrong with the model
    if tensorflow_components(components):
        return None
    sys.meta_path.insert(0, _Finder())
    _refuse_tensorflow_models()
    return f"{model.name} uses no TensorFlow component: serving it without loading TensorFlow."


def _refuse_tensorflow_models() -> None:
    """Every model Rasa loads from now on (at start, PUT /model, a model
    server) is checked first."""
    from rasa.core.agent import Agent

    load_model = Agent.load_model

    def checked(self: Any, model_path: Any, fingerprint: str | None = None) -> None:
        needing = tensorflow_components(model_components(Path(model_path)))
        if needing:
            raise RuntimeError(
                f"{Path(model_path).name} needs TensorFlow ({', '.join(needing)}), but this server "
                f"was started without it for a model that needed none. Start it again to serve "
                f"this model."
            )
        load_model(self, model_path, fingerprint)

    Agent.load_model = checked  # type: ignore[method-assign]
