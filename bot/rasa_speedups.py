"""Rasa 3.6 behaviour kept, work done once. Installed on import of
`bot.nlu`, whose components every trained model loads, so plain `rasa run`,
`rasa shell` and `make run` all get it.

- Action server responses: `RemoteAction` validates every response with
  `jsonschema.validate()`, which in jsonschema 4.17 first checks the schema
  itself against its metaschema: about 16 ms per custom action turn here,
  most of a turn's server time. The schema never changes, so it is checked
  and compiled once; each response is then validated against it as before,
  with the same error.
"""
from __future__ import annotations

import functools
from typing import Any, Dict

from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@functools.lru_cache(maxsize=1)
def _action_response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    validator = validator_for(schema)
    validator.check_schema(schema)
    return validator(schema)


def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    """RemoteAction._validate_action_result, with the validator compiled once."""
    try:
        _action_response_validator().validate(result)
        return True
    except ValidationError as e:
        e.message += (f". Failed to validate Action server response from API, make sure your response from the "
                      f"Action endpoint is valid. For more information about the format visit "
                      f"{DOCS_BASE_URL}/custom-actions")
        raise e


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
