"""bot.rasa_speedups: Rasa's validation of action server responses, compiled
once, accepts and rejects exactly what Rasa's own does, with its message."""
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

import bot.rasa_speedups
from bot.rasa_speedups import _validate_action_result

RESPONSES = [
    {"events": [{"event": "slot", "name": "symptoms", "value": ["twitching"]}],
     "responses": [{"text": "Where?", "buttons": [{"title": "Calf", "payload": "Calf"}]}]},
    {"events": [], "responses": [{"custom": {"assessment": {"triage_level": "self_care"}}}]},
    {},
    {"events": "not a list"},
    {"events": [{"no_event_key": 1}]},
    {"events": [{"event": "slot", "name": "x", "value": 1}], "responses": "not a list"},
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
        return ("invalid", error.validator, list(error.path))


def test_importing_the_nlu_package_installs_it():
    import bot.nlu  # noqa: F401  (every trained model loads it)
    assert RemoteAction._validate_action_result is _validate_action_result


@pytest.mark.parametrize("response", RESPONSES)
def test_it_accepts_and_rejects_what_rasa_does(response):
    action = RemoteAction("action_intake_turn", None)
    assert outcome(lambda r: _validate_action_result(action, r), response) == outcome(rasas_own, response)


def test_a_rejection_keeps_rasas_pointer_to_the_docs():
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        _validate_action_result(RemoteAction("action_intake_turn", None), {"events": "not a list"})
    assert bot.rasa_speedups._action_response_validator() is bot.rasa_speedups._action_response_validator()
