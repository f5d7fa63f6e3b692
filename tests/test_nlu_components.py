"""The small NLU components on Rasa's own Message objects."""

from rasa.shared.nlu.training_data.message import Message

from bot.nlu.finding_intent import FindingIntentOverride


def message(intent, entities, confidence=0.95):
    return Message(
        data={
            "text": "...",
            "intent": {"name": intent, "confidence": confidence},
            "intent_ranking": [{"name": intent, "confidence": confidence}],
            "entities": entities,
        }
    )


def test_small_talk_with_a_finding_becomes_a_description():
    override = FindingIntentOverride(FindingIntentOverride.get_default_config())
    [changed] = override.process([message("goodbye", [{"entity": "duration", "value": 14}])])
    assert changed.get("intent")["name"] == "describe_symptoms"
    assert [r["name"] for r in changed.get("intent_ranking")] == ["describe_symptoms", "goodbye"]


def test_an_answer_the_classifier_was_unsure_of_becomes_a_description():
    """ "gradually", the answer to "did it come on suddenly?", fell back (0.3) with its onset found."""
    override = FindingIntentOverride(FindingIntentOverride.get_default_config())
    answer, unread = override.process(
        [message("nlu_fallback", [{"entity": "onset", "value": "gradual"}], 0.3), message("nlu_fallback", [], 0.3)]
    )
    assert answer.get("intent")["name"] == "describe_symptoms"
    assert unread.get("intent")["name"] == "nlu_fallback"


def test_other_intents_and_small_talk_without_findings_are_left_alone():
    override = FindingIntentOverride(FindingIntentOverride.get_default_config())
    kept = override.process(
        [
            message("goodbye", []),
            message("ask_serious", [{"entity": "symptom", "value": "weakness"}]),
            message("thank", [{"entity": "input_problem", "value": "empty"}]),
        ]
    )
    assert [m.get("intent")["name"] for m in kept] == ["goodbye", "ask_serious", "thank"]


def test_an_unsure_pleasantry_goes_to_the_intake():
    """ "only my head being heavy" read as a greeting at 0.53 must not restart the welcome."""
    override = FindingIntentOverride(FindingIntentOverride.get_default_config())
    unsure, sure, scope = override.process(
        [message("greet", [], 0.53), message("greet", [], 0.97), message("out_of_scope", [], 0.5)]
    )
    assert unsure.get("intent") == {"name": "describe_symptoms", "confidence": 0.53}
    assert sure.get("intent")["name"] == "greet" and scope.get("intent")["name"] == "out_of_scope"


def test_the_linear_intent_classifier_scores_as_rasas_does(tmp_path):
    """Same training, same probabilities and ranking as Rasa's
    LogisticRegressionClassifier, on real messages through a tokenizer and
    count-vector features."""
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
    from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
    from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
    from rasa.shared.nlu.training_data.training_data import TrainingData

    from bot.nlu.intent_classifier import LinearIntentClassifier

    examples = {
        "greet": ["hi there", "hello", "good morning", "hey you"],
        "describe_symptoms": ["my eye twitches", "calf twitch for days", "my thumb jumps", "eyelid flutter"],
        "goodbye": ["bye", "see you later", "goodbye now", "cheerio"],
    }
    data = TrainingData([Message(data={"text": t, "intent": i}) for i, ts in examples.items() for t in ts])
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(node_name="test", graph_schema=GraphSchema({}))
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    tokenizer.process_training_data(data)
    featurizer = CountVectorsFeaturizer.create(
        {**CountVectorsFeaturizer.get_default_config(), "analyzer": "char_wb", "min_ngram": 2, "max_ngram": 4},
        storage,
        Resource("cvf"),
        context,
    )
    featurizer.train(data)
    featurizer.process_training_data(data)
    ours = LinearIntentClassifier.create({}, storage, Resource("ours"), context)
    rasas = LogisticRegressionClassifier.create({}, storage, Resource("rasas"), context)
    ours.train(data)
    rasas.train(data)

    def parse(classifier, text):
        msg = Message(data={"text": text})
        tokenizer.process([msg])
        featurizer.process([msg])
        classifier.process([msg])
        return msg.get("intent"), msg.get("intent_ranking")

    ours.persist()  # stored as arrays and loaded back, as a trained model is
    ours = LinearIntentClassifier.load({}, storage, Resource("ours"), context)
    for text in ["hello there", "my calf twitches", "bye bye", "something else entirely"]:
        (ours_intent, ours_ranking), (rasa_intent, rasa_ranking) = parse(ours, text), parse(rasas, text)
        assert ours_intent["name"] == rasa_intent["name"]
        assert [r["name"] for r in ours_ranking] == [r["name"] for r in rasa_ranking]
        for a, b in zip(ours_ranking, rasa_ranking, strict=True):
            assert abs(a["confidence"] - b["confidence"]) < 1e-9


def test_a_classifier_never_stored_loads_untrained_as_rasas_does(tmp_path):
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource

    from bot.nlu.intent_classifier import LinearIntentClassifier

    loaded = LinearIntentClassifier.load(
        {},
        LocalModelStorage(tmp_path),
        Resource("never_stored"),
        ExecutionContext(node_name="test", graph_schema=GraphSchema({})),
    )
    assert not hasattr(loaded.clf, "coef_")


def test_an_edit_of_the_lexicon_or_rules_changes_what_rasa_retrains_by(checkout_data):
    """Rasa reuses a cached component (and its output) while its fingerprint
    holds; the components that store the knowledge data and the ConText
    rules in the model, or learn beside them, put those files in it, so
    plain `rasa train` retrains them."""
    from rasa.engine.training.fingerprinting import calculate_fingerprint_key

    from bot.nlu.entity_extractor import FindingEntityExtractor
    from bot.nlu.finding_featurizer import FindingFeaturizer
    from bot.nlu.input_guard import InputGuard
    from bot.nlu.warning_signs import WarningSignDetector

    components = (FindingEntityExtractor, FindingFeaturizer, WarningSignDetector, InputGuard)

    def keys():
        return [calculate_fingerprint_key(c, {}, {}) for c in components]

    before = keys()
    assert keys() == before
    for edited in (checkout_data.knowledge / "lexicon.yml", checkout_data.rules):
        edited.write_text(edited.read_text() + "\n# an edit\n")
        after = keys()
        assert all(a != b for a, b in zip(before, after, strict=True)), edited.name
        before = after
