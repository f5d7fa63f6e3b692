"""Benchmark of the validation of one action server response (an
assessment turn's, the largest): Rasa 3.6's `RemoteAction._validate_action_result`
beside bot.rasa_speedups' (the schema compiled once). Run with `make bench`;
reports, never fails."""

import statistics
import time

from rasa.core.actions.action import RemoteAction

RASAS_OWN = RemoteAction._validate_action_result  # before bot.rasa_speedups replaces it

from rasa_sdk import Tracker  # noqa: E402
from rasa_sdk.executor import CollectingDispatcher  # noqa: E402

import bot.rasa_speedups  # noqa: E402,F401
from actions.actions import _dispatch  # noqa: E402
from tests.conversation_helpers import run  # noqa: E402

CALLS = 300


def per_call_ms(validate, action, response) -> float:
    times = []
    for _ in range(CALLS):
        started = time.perf_counter()
        validate(action, response)
        times.append((time.perf_counter() - started) * 1e3)
    return statistics.median(times)


def main() -> None:
    turn, _ = run(
        [("describe_symptoms", "my eyelid has jumped for 3 days and I live on espresso"), ("deny", "none of these")]
    )
    dispatcher = CollectingDispatcher()
    empty = Tracker("bench", {}, {}, [], False, None, {}, "action_listen")  # every slot sent, payload included
    response = {"events": _dispatch(dispatcher, turn, empty), "responses": dispatcher.messages}
    action = RemoteAction("action_intake_turn", None)
    rasa_ms = per_call_ms(RASAS_OWN, action, response)
    ours_ms = per_call_ms(RemoteAction._validate_action_result, action, response)
    print(
        f"validate one action response (median of {CALLS}): Rasa 3.6 {rasa_ms:.2f} ms, "
        f"compiled once {ours_ms:.2f} ms ({rasa_ms / ours_ms:.1f}x faster)"
    )


if __name__ == "__main__":
    main()
