"""Benchmark `bot.knowledge.assess` (target: well under 1 ms a call).
Run with `make bench`; reports, never fails."""

import random
import statistics
import time

from bot.knowledge import assess, load_knowledge

CALLS = 5000


def random_findings(rng, vocabulary):
    def some(kind, k):
        return rng.sample(sorted(vocabulary[kind]), rng.randint(0, k))

    return {
        "symptoms": some("symptom", 4),
        "denied_symptoms": some("symptom", 3),
        "body_parts": some("body_part", 3),
        "exposures": some("exposure", 4),
        "denied_exposures": some("exposure", 3),
        "onset": rng.choice([None, "sudden", "gradual"]),
        "duration_days": rng.choice([None, 0.5, 3, 21, 90]),
    }


def main():
    started = time.perf_counter()
    knowledge = load_knowledge()
    load_ms = (time.perf_counter() - started) * 1e3
    rng = random.Random(7)
    cases = [random_findings(rng, knowledge.vocabulary) for _ in range(CALLS)]
    times = []
    for findings in cases:
        t0 = time.perf_counter()
        assess(findings, knowledge)
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    print(f"knowledge load: {load_ms:.1f} ms (once per process)")
    print(
        f"assess over {CALLS} random findings: mean {statistics.mean(times):.3f} ms, "
        f"p50 {times[CALLS // 2]:.3f} ms, p95 {times[int(CALLS * 0.95)]:.3f} ms, max {times[-1]:.3f} ms"
    )


if __name__ == "__main__":
    main()
