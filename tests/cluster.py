"""scripts/cluster as a real process (nginx, two Rasa servers, two action
servers, PostgreSQL, Redis on loopback) for the cluster test and
`make bench-load`."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

READY = "Cluster ready:"
READY_TIMEOUT_S = 420
PORTS = (5005, 5055, 5101, 5102, 5151, 5152, 5432, 6379)


@dataclass
class Cluster:
    url: str
    database_url: str
    redis_port: int
    directory: Path
    log: Path

    @staticmethod
    def pid_on(port: int) -> int:
        """The process listening on a loopback port."""
        listing = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True).stdout
        found = re.search(r"pid=(\d+)", listing)
        if not found:
            raise AssertionError(f"nothing listens on port {port}")
        return int(found.group(1))


def ports_taken() -> list:
    listing = subprocess.run(["ss", "-ltnH"], capture_output=True, text=True).stdout
    return [p for p in PORTS if re.search(rf":{p}\s", listing)]


@contextlib.contextmanager
def start_cluster(root: Path, directory: Path) -> Iterator[Cluster]:
    taken = ports_taken()
    if taken:
        pytest.skip(f"the cluster's ports are taken: {taken}")
    directory.mkdir(parents=True, exist_ok=True)
    log = directory / "cluster.log"
    # A server killed mid-turn holds its conversations' locks until their
    # lease ends (Rasa's TICKET_LOCK_LIFETIME, 60 s): shorter here.
    env = {
        **os.environ,
        "TWITCH_CLUSTER_DIR": str(directory),
        "TWITCH_API_TOKEN": "cluster-token",
        "TICKET_LOCK_LIFETIME": "15",
    }
    process = subprocess.Popen(
        [str(root / "scripts" / "cluster")],
        cwd=root,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while READY not in log.read_text(errors="replace"):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"scripts/cluster did not get ready:\n{log.read_text(errors='replace')[-4000:]}")
            time.sleep(1)
        password = (directory / "pg-password").read_text().strip()
        yield Cluster(
            "http://127.0.0.1:5005", f"postgresql://twitch:{password}@127.0.0.1:5432/twitch", 6379, directory, log
        )
    finally:
        process.send_signal(signal.SIGTERM)  # the script stops all it started
        try:
            process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
