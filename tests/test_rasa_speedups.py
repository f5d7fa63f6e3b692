"""bot.rasa_speedups: Rasa's validation of action server responses, compiled
once and dispatched by event name, accepts and rejects exactly what Rasa's
own does, with its message; event types resolve as Rasa resolves them."""

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

import bot.rasa_speedups
from bot.rasa_speedups import _validate_action_result

RESPONSES = [
    {
        "events": [{"event": "slot", "name": "symptoms", "value": ["twitching"]}],
        "responses": [{"text": "Where?", "buttons": [{"title": "Calf", "payload": "Calf"}]}],
    },
    {"events": [], "responses": [{"custom": {"assessment": {"triage_level": "self_care"}}}]},
    {},
    {"events": "not a list"},
    {"events": [{"no_event_key": 1}]},
    {"events": [{"event": "slot", "name": "x", "value": 1}], "responses": "not a list"},
    {"events": [{"event": "slot", "value": 1}]},  # a slot without its name
    {"events": [{"event": "slot", "name": "x", "value": 1, "timestamp": "noon"}]},
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"event": 7}]},
    {"events": ["slot"]},
    {
        "events": [
            {
                "event": "user",
                "text": "hi",
                "parse_data": {"intent": {"name": "greet", "confidence": 1.0}, "entities": [{"start": 0}]},
            }
        ]
    },
    {
        "events": [
            {
                "event": "user",
                "text": "hi",
                "parse_data": {"entities": [{"start": 0, "end": 2, "entity": "x", "value": "hi"}]},
            }
        ]
    },
    {
        "events": [
            {"event": "action", "name": "utter_x"},
            {"event": "bot", "text": "hey", "data": {}},
            {"event": "followup", "name": "action_x"},
            {"event": "reset_slots"},
            {"event": "active_loop", "name": None},
            {"event": "session_started", "metadata": None},
        ]
    },
    {"events": [{"event": "action", "name": "utter_x"}, {"event": "action", "metadata": "not an object"}]},
    "not an object",
]


def rasas_own(response):
    """Rasa 3.6's RemoteAction._validate_action_result, as shipped."""
    from jsonschema import validate

    validate(response, RemoteAction.action_response_format_spec())
    return True


def outcome(validate, response):
    try:
        return validate(response)
    except ValidationError as error:
        return ("invalid", error.validator, list(error.path), error.message.split(". Failed to validate")[0])


def test_loading_an_nlu_component_installs_it():
    import bot.nlu.entity_extractor  # noqa: F401  (every trained model loads it)

    assert RemoteAction._validate_action_result is _validate_action_result


def test_event_types_resolve_as_rasa_resolves_them():
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    def rasas_own(name, default=None):
        for cls in all_subclasses(Event):
            if cls.type_name == name:
                return cls
        if name == "topic":
            return None
        if default is not None:
            return default
        raise ValueError(name)

    for cls in all_subclasses(Event):
        assert Event.resolve_by_type(cls.type_name) is rasas_own(cls.type_name)
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no_such_event", Event) is Event
    with pytest.raises(ValueError, match="Unknown event name 'no_such_event'"):
        Event.resolve_by_type("no_such_event")


@pytest.mark.parametrize("response", RESPONSES)
def test_it_accepts_and_rejects_what_rasa_does(response):
    action = RemoteAction("action_intake_turn", None)
    assert outcome(lambda r: _validate_action_result(action, r), response) == outcome(rasas_own, response)


def test_a_rejection_keeps_rasas_pointer_to_the_docs():
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        _validate_action_result(RemoteAction("action_intake_turn", None), {"events": "not a list"})
    assert bot.rasa_speedups._action_response_validator() is bot.rasa_speedups._action_response_validator()


@pytest.fixture(scope="module")
def agent():
    from pathlib import Path

    from rasa.core.agent import Agent

    model = Path(__file__).resolve().parent.parent / "models" / "twitch.tar.gz"
    if not model.exists():
        pytest.fail(f"no trained model at {model}: run `make train` (make test does)")
    return Agent.load(str(model))


def with_dask(runner, inputs, targets):
    """Rasa 3.6's DaskGraphRunner.run, as shipped."""
    import dask

    graph = runner._build_dask_graph(runner._graph_schema.minimal_graph_schema(targets))
    runner._add_inputs_to_graph(inputs, graph)
    return dict(dask.get(graph, targets))


@pytest.mark.parametrize(
    "text",
    [
        "hi",
        "my eyelid has jumped for 3 days and I live on espresso",
        "no weakness, but my arm went numb suddenly",
        "",
        "qwertyuiop",
    ],
)
def test_the_graph_runs_as_dask_runs_it(agent, text):
    import asyncio

    from rasa.core.channels.channel import UserMessage
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.shared.core.trackers import DialogueStateTracker

    assert DaskGraphRunner.run is bot.rasa_speedups._run_graph
    processor, runner = agent.processor, agent.processor.graph_runner
    nlu = {"__message__": [UserMessage(text)]}, [processor.model_metadata.nlu_target]
    ours, dasks = runner.run(*nlu), with_dask(runner, *nlu)
    assert [m.as_dict() for m in ours[nlu[1][0]]] == [m.as_dict() for m in dasks[nlu[1][0]]]
    tracker = asyncio.run(processor.log_message(UserMessage(text, sender_id=f"runner-{text}")))
    core = {"__tracker__": tracker}, [processor.model_metadata.core_target]
    ours, dasks = runner.run(*core), with_dask(runner, *core)
    assert isinstance(tracker, DialogueStateTracker)
    assert (ours[core[1][0]].probabilities, ours[core[1][0]].policy_name) == (
        dasks[core[1][0]].probabilities,
        dasks[core[1][0]].policy_name,
    )


@pytest.mark.parametrize(
    "config",
    [
        {},
        {"analyzer": "char_wb", "min_ngram": 2, "max_ngram": 4},
        {"use_shared_vocab": False, "OOV_token": "oov", "binary": True},
    ],
)
def test_count_vector_features_are_scikit_learns(tmp_path, config):
    """The counts as Rasa 3.6 makes them (transform, sort_indices, tocoo):
    same values, same types, same order."""
    import numpy as np
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
    from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    texts = ["my eyelid twitches", "calf twitch for three days", "hello there", "twitch twitch twitch again"]
    data = TrainingData([Message(data={"text": t, "intent": "x"}) for t in texts])
    WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process_training_data(data)
    featurizer = CountVectorsFeaturizer.create(
        {**CountVectorsFeaturizer.get_default_config(), **config},
        LocalModelStorage(tmp_path),
        Resource("cvf"),
        ExecutionContext(node_name="cvf", graph_schema=GraphSchema({})),
    )
    featurizer.train(data)
    vectorizer = featurizer.vectorizers["text"]
    for tokens in (["my", "calf", "twitches", "twitches"], ["unseen", "words", "only"], ["a"]):
        sequence, sentence = featurizer._create_features("text", [tokens])
        for ours, docs in ((sequence[0], tokens), (sentence[0], [" ".join(tokens)])):
            assert ours is not None
            expected = vectorizer.transform(docs)
            expected.sort_indices()
            expected = expected.tocoo()
            assert ours.shape == expected.shape and ours.dtype == expected.dtype
            assert ours.row.dtype == expected.row.dtype and ours.col.dtype == expected.col.dtype
            assert np.array_equal(ours.row, expected.row) and np.array_equal(ours.col, expected.col)
            assert np.array_equal(ours.data, expected.data)
    assert featurizer._create_features("text", [[]]) == ([None], [None])


def test_domain_emptiness_is_rasas():
    from pathlib import Path

    from rasa.shared.core.domain import Domain

    assert Domain.empty().is_empty()
    assert not Domain.load(str(Path(__file__).resolve().parent.parent / "domain.yml")).is_empty()


def test_the_runner_fails_where_dask_fails(agent):
    from rasa.engine.exceptions import GraphRunError

    runner = agent.processor.graph_runner
    with pytest.raises(KeyError):
        runner.run(inputs={}, targets=["no_such_node"])
    with pytest.raises(GraphRunError, match="clashes with a node name"):
        runner.run(inputs={"__message__": "nlu_message_converter"}, targets=["nlu_message_converter"])


def test_an_endpoint_keeps_one_session_without_cookies():
    import asyncio

    import aiohttp
    from rasa.utils.endpoints import EndpointConfig

    endpoint = EndpointConfig("http://127.0.0.1:1/webhook", headers={"X-Test": "1"})

    async def sessions():
        async with endpoint.session() as first, endpoint.session() as second:
            return first, second, first.closed

    first, second, closed = asyncio.run(sessions())
    assert first is second and not closed  # left open for the next call
    assert isinstance(first.cookie_jar, aiohttp.DummyCookieJar)
    assert first.headers["X-Test"] == "1"
    assert first.connector.limit == 0
