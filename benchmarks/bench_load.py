"""Load benchmark: throughput and p50/p95 per turn for 1, 10, 50 and 200
simulated people at once (each a whole intake, no pause), on one server
with SQLite and on the cluster (scripts/cluster: nginx, two Rasa servers,
two action servers, PostgreSQL, Redis). Run with `make bench-load` (~5
minutes; loopback only). Figures are reported, never asserted.
"""

from __future__ import annotations

import asyncio
import os
import platform
import tempfile
from pathlib import Path

from benchmarks.load import SCRIPT, crowd
from tests.cluster import start_cluster
from tests.paths import ROOT
from tests.servers import start_assistant

CROWDS = (1, 10, 50, 200)


def measure(label: str, url: str) -> None:
    for count in CROWDS:
        run = asyncio.run(crowd(url, count, f"bench-{label}-{count}"))
        s = run.summary()
        print(
            f"| {label} | {count} | {s['turns/s']:.1f} | {s['p50 ms']:.0f} | {s['p95 ms']:.0f} | "
            f"{s['completed']}/{count} | {s['retries']} |",
            flush=True,
        )


def main() -> None:
    print(
        f"Load benchmark on {os.cpu_count()} cores ({platform.processor() or platform.machine()}), "
        f"{len(SCRIPT)} turns per person, no pause between turns.\n"
    )
    print("| setup | people | turns/s | p50 ms | p95 ms | completed | retries |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as scratch:
        Path(scratch).chmod(0o755)  # PostgreSQL runs as its own user
        with start_assistant(ROOT, Path(scratch) / "single") as single:
            measure("one server, SQLite", single.url)
        with start_cluster(ROOT, Path(scratch) / "cluster") as cluster:
            measure("cluster (2+2, PostgreSQL, Redis)", cluster.url)


if __name__ == "__main__":
    main()
