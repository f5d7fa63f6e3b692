"""At least 100 simulated people (30 with warning signs in everyday words,
10 about someone else), each a whole conversation through the REST channel
of the real servers: no red-flag case may be under-triaged, at least 90%
must get the expected level (and their expected causes), and every
assessment must come within eight turns, not counting confirmations of
signs the person does not have (the safety net's false alarms: counted,
reported and bounded on their own)."""

from pathlib import Path

import pytest

from tests.simulation import MAX_TURNS, load_people, simulate

# People asked to confirm a sign they do not have (measured 2026-11-27: 25 of
# 110, then 27 once the net also reads past a denial, then 12 with the net
# trained on 2,639 messages). A floor against slipping back, not a target.
MAX_FALSE_ALARMED = 0.15

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
pytestmark = pytest.mark.servers


def test_simulated_people_get_safe_sensible_assessments(assistant):
    people = load_people()
    assert len(people) >= 100
    outcomes = [simulate(assistant, person) for person in people]
    lines = []
    for o in outcomes:
        ok = o.level == o.expected and o.causes_ok and o.intake_turns <= MAX_TURNS
        lines.append(
            f"{'ok  ' if ok else 'MISS'} {o.id}: expected {o.expected}, got {o.level}; causes {o.causes[:3]} "
            f"(expected {o.expected_causes}); {o.turns} turns, {o.needless} needless confirmations"
        )
        if not ok:
            lines += [f"      {line[:200]!r}" for line in o.transcript]
    ARTIFACTS.mkdir(exist_ok=True)
    report = "\n".join(lines)
    (ARTIFACTS / "simulated-people.txt").write_text(report + "\n")
    under = [o.id for o in outcomes if o.red_flag and o.under_triaged]
    assert not under, f"red-flag cases under-triaged: {under}\n{report}"
    right = sum(o.level == o.expected for o in outcomes) / len(outcomes)
    assert right >= 0.9, f"{right:.0%} got the expected level\n{report}"
    causes_right = sum(o.causes_ok for o in outcomes) / len(outcomes)
    assert causes_right >= 0.9, f"{causes_right:.0%} got the expected causes\n{report}"
    slow = [o.id for o in outcomes if o.intake_turns > MAX_TURNS]
    assert not slow, f"more than {MAX_TURNS} turns: {slow}\n{report}"
    false_alarmed = [o.id for o in outcomes if o.needless]
    assert len(false_alarmed) <= MAX_FALSE_ALARMED * len(outcomes), f"asked about signs they lack: {false_alarmed}"
