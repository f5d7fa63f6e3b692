"""Rasa 3.6 behaviour kept, work done once. Installed on import by our NLU
components (every trained model loads them) and our tracker store, so
plain `rasa run`, `rasa shell` and `make run` all get it; the action server
never imports it (nor Rasa).

- Action server responses: `RemoteAction` validates every response with
  `jsonschema.validate()`, which in jsonschema 4.17 first checks the schema
  itself against its metaschema: about 16 ms per custom action turn here.
  The schema is checked and compiled once. Each event is then checked
  against the one branch of the schema's `oneOf` its `event` name selects
  (the others all fail on that name), so a response is not tried against
  23 branches per event. Anything that fails the quick check goes through
  the full validator, so the same responses pass and fail, with the same
  error.
- Event types: `Event.resolve_by_type` walks every subclass of `Event`, and
  asks `inspect.isabstract` of each, for every event read from the store or
  an action response. The name -> class table is built once and again
  only when a name is missing (a subclass defined later). One difference:
  a subclass defined later that reuses a known name is not seen (Rasa's
  walk would return it); no code of Rasa's or ours does that.
- The graph runner: Rasa runs the NLU and the policies through dask, which
  builds, orders and schedules a task graph for every message and every
  prediction (a tenth of a turn). Our runner calls the same nodes with the
  same inputs, each once, parents first, in the calling thread, as
  `dask.get` does with its synchronous scheduler; the sub-graph a set of
  targets needs is worked out once. `rasa train` runs its graph through it
  too, once our components are imported.
- Count-vector features: for every message Rasa's CountVectorsFeaturizer
  asks scikit-learn to transform the tokens and the sentence, which
  builds, sorts and converts sparse matrices around a short loop. The same
  counts are made here straight into the sorted COO matrices Rasa keeps.
- `Domain.is_empty()`, asked once per parsed message, builds an empty
  domain and compares both as dictionaries; a loaded domain never changes,
  so the answer is kept.
- Calls to the action server (and any other endpoint): Rasa makes a new
  HTTP client session, with a new connection and a name look-up in a
  thread, for every call. Each endpoint keeps one session instead, whose
  idle connections close after 2 s, before the server's own keep-alive
  (Sanic's default: 5 s) can close one under a request.
"""

from __future__ import annotations

import asyncio
import copy
import functools
import logging
from typing import Any

import aiohttp
import numpy as np
import scipy.sparse
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses
from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

IDLE_CONNECTION_S = 2.0
logger = logging.getLogger("rasa.engine.runner.dask")  # where Rasa's runner logs


def _compiled(schema: dict[str, Any]) -> Any:
    validator = validator_for(schema)
    validator.check_schema(schema)
    return validator(schema)


@functools.lru_cache(maxsize=1)
def _action_response_validator() -> Any:
    return _compiled(RemoteAction.action_response_format_spec())


@functools.lru_cache(maxsize=1)
def _quick_validators() -> tuple[Any, dict[str, Any]]:
    """The response schema with its events left unchecked, and one schema
    per event name: the event schema with only that name's `oneOf` branch."""
    response = copy.deepcopy(RemoteAction.action_response_format_spec())
    event = response["properties"]["events"]["items"]
    response["properties"]["events"]["items"] = {}
    branches = event.pop("oneOf")
    by_name: dict[str, Any] = {}
    for branch in branches:
        name = branch["properties"]["event"]["const"]  # every branch names its event
        if name in by_name:
            raise ValueError(f"Rasa's event schema has two oneOf branches for event {name!r}")
        by_name[name] = _compiled({**event, "allOf": [branch]})
    return _compiled(response), by_name


def _quickly_valid(result: Any) -> bool:
    """True only where the full schema holds too; False means "check fully"."""
    response, by_name = _quick_validators()
    if not response.is_valid(result):
        return False
    for event in (result.get("events") or []) if isinstance(result, dict) else []:
        name = event.get("event") if isinstance(event, dict) else None
        if not isinstance(name, str) or name not in by_name or not by_name[name].is_valid(event):
            return False
    return True


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """RemoteAction._validate_action_result: same outcome and error."""
    if _quickly_valid(result):
        return True
    error = best_match(_action_response_validator().iter_errors(result))  # as jsonschema.validate picks it
    if error is None:
        return True
    error.message += (
        f". Failed to validate Action server response from API, make sure your response from the "
        f"Action endpoint is valid. For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


_EVENT_TYPES: dict[str, type[Event]] = {}


def _event_types() -> dict[str, type[Event]]:
    """Type name -> class, the first of Rasa's subclass walk winning, as in
    Rasa's own loop."""
    table: dict[str, type[Event]] = {}
    for cls in all_subclasses(Event):
        table.setdefault(cls.type_name, cls)
    return table


def _resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    """Event.resolve_by_type, from a table built once."""
    cls = _EVENT_TYPES.get(type_name)
    if cls is None:
        _EVENT_TYPES.update(_event_types())
        cls = _EVENT_TYPES.get(type_name)
    if cls is not None:
        return cls
    if type_name == "topic":
        return None  # Rasa's backwards compatibility for old TopicSet events
    if default is not None:
        return default
    raise ValueError(f"Unknown event name '{type_name}'.")


def _run_graph(
    self: DaskGraphRunner, inputs: dict[str, Any] | None = None, targets: list[str] | None = None
) -> dict[str, Any]:
    """DaskGraphRunner.run without dask: each node of the targets' minimal
    graph called once, after its parents. As with dask, an input is passed
    to a node as `(name, value)`, and a name that neither a node nor an
    input provides is passed as the bare name (the node then says so).
    Unlike dask, an input named like a node does not run that node's
    parents (Rasa never names an input like a node)."""
    run_targets = targets if targets else self._graph_schema.target_names
    minimal = self.__dict__.setdefault("_minimal_schemas", {})
    schema = minimal.get(tuple(run_targets))
    if schema is None:
        schema = minimal[tuple(run_targets)] = self._graph_schema.minimal_graph_schema(run_targets)
    done: dict[str, Any] = {}
    for name, value in (inputs or {}).items():
        if isinstance(value, str) and (value in schema.nodes or value in done):
            raise GraphRunError(
                f"Input value '{value}' clashes with a node name. Make sure that none of the input "
                f"names passed to the `run` method are the same as node names in the graph schema."
            )
        done[name] = (name, value)
    unknown = [t for t in run_targets if t not in schema.nodes and t not in done]
    if unknown:
        raise KeyError(unknown[0])  # as dask does
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(f"Running graph with inputs: {inputs}, targets: {targets} and {self._execution_context}.")

    def output(name: str) -> Any:
        if name not in done:
            if name not in schema.nodes:
                return name
            needs = [output(parent) for parent in schema.nodes[name].needs.values()]
            done[name] = self._instantiated_nodes[name](*needs)
        return done[name]

    try:
        return dict(output(target) for target in run_targets)
    except RuntimeError as e:
        raise GraphRunError("Error running runner.") from e


def _counts(vectorizer: Any, docs: list[str]) -> scipy.sparse.coo_matrix:
    """`vectorizer.transform(docs)`, indices sorted, as COO: scikit-learn's
    counting loop (CountVectorizer._count_vocab) without the round trips."""
    analyze = vectorizer.__dict__.get("_kept_analyzer")
    if analyze is None:
        vectorizer._check_vocabulary()  # NotFittedError, as transform() raises it
        analyze = vectorizer.__dict__["_kept_analyzer"] = vectorizer.build_analyzer()
    vocabulary = vectorizer.vocabulary_
    rows: list[int] = []
    cols: list[int] = []
    values: list[int] = []
    for row, doc in enumerate(docs):
        counts: dict[int, int] = {}
        for feature in analyze(doc):
            index = vocabulary.get(feature)
            if index is not None:
                counts[index] = counts.get(index, 0) + 1
        for index in sorted(counts):
            rows.append(row)
            cols.append(index)
            values.append(1 if vectorizer.binary else counts[index])
    return scipy.sparse.coo_matrix(
        (np.array(values, dtype=vectorizer.dtype), (np.array(rows, dtype=np.int32), np.array(cols, dtype=np.int32))),
        shape=(len(docs), len(vocabulary)),
    )


def _create_features(self: CountVectorsFeaturizer, attribute: str, all_tokens: list[list[str]]) -> tuple[list, list]:
    """CountVectorsFeaturizer._create_features: per message, the tokens'
    counts (sequence) and the joined sentence's (sentence), or None."""
    vectorizer = self.vectorizers.get(attribute)
    if not vectorizer:
        return [None], [None]
    sequence, sentence = [], []
    for tokens in all_tokens:
        sequence.append(_counts(vectorizer, tokens) if tokens else None)
        sentence.append(
            _counts(vectorizer, [" ".join(tokens)]) if tokens and attribute in DENSE_FEATURIZABLE_ATTRIBUTES else None
        )
    return sequence, sentence


_RASAS_IS_EMPTY = Domain.is_empty


def _domain_is_empty(self: Domain) -> bool:
    kept = self.__dict__.get("_kept_is_empty")
    if kept is None:
        kept = self.__dict__["_kept_is_empty"] = _RASAS_IS_EMPTY(self)
    return kept


class _Kept:
    """What `async with endpoint.session()` enters: the endpoint's kept
    session, left open on exit."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self._session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self._session

    async def __aexit__(self, *exc_info: Any) -> None:
        return None


_RASAS_SESSION = EndpointConfig.session


def _session(self: EndpointConfig) -> Any:
    """EndpointConfig.session: the same headers, authentication and timeout,
    one session per endpoint and event loop. It keeps no cookies (one
    person's must not reach another's calls) and sets no cap on calls in
    flight, as Rasa's fresh sessions did not. Outside an event loop: Rasa's
    own fresh session."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return _RASAS_SESSION(self)
    kept = self.__dict__.get("_kept_session")
    if kept is None or kept.closed or kept._loop is not loop:
        auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) if self.basic_auth else None
        kept = aiohttp.ClientSession(
            headers=self.headers,
            auth=auth,
            cookie_jar=aiohttp.DummyCookieJar(),
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            connector=aiohttp.TCPConnector(limit=0, keepalive_timeout=IDLE_CONNECTION_S),
        )
        self.__dict__["_kept_session"] = kept
    return _Kept(kept)


def install() -> None:
    CountVectorsFeaturizer._create_features = _create_features  # type: ignore[method-assign]
    Domain.is_empty = _domain_is_empty  # type: ignore[method-assign]
    DaskGraphRunner.run = _run_graph  # type: ignore[method-assign]
    EndpointConfig.session = _session  # type: ignore[method-assign]
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    Event.resolve_by_type = staticmethod(_resolve_by_type)  # type: ignore[method-assign]


install()
