"""Several servers sharing the conversations (scripts/cluster): the Redis
lock keeps two replicas from losing turns of one conversation, and 200
simulated people complete their intakes through nginx while one Rasa server
is killed with SIGKILL halfway and started again: every turn is in
PostgreSQL once, in order, and no reply is lost or duplicated."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa

from benchmarks.load import SCRIPT, crowd
from tests.cluster import Cluster, start_cluster
from tests.servers import http_json

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = 200
pytestmark = pytest.mark.servers


@pytest.fixture(scope="module")
def cluster():
    # PostgreSQL runs as its own user, which cannot enter pytest's private
    # temporary folders: a folder of our own under /tmp, open to it.
    directory = Path(tempfile.mkdtemp(prefix="twitch-cluster-"))
    directory.chmod(0o755)
    try:
        with start_cluster(ROOT, directory) as running:
            yield running
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def events_by_sender(cluster: Cluster, prefix: str) -> dict[str, list[dict]]:
    engine = sa.create_engine(cluster.database_url)
    with engine.connect() as connection:
        found = connection.execute(
            sa.text("SELECT sender_id, data FROM events WHERE sender_id LIKE :p ORDER BY id"), {"p": f"{prefix}%"}
        ).fetchall()
    engine.dispose()
    events = defaultdict(list)
    for sender, data in found:
        events[sender].append(json.loads(data))
    return events


def turns(events: list[dict]) -> list[list[dict]]:
    """The conversation cut at each user message: [user, its events...]."""
    cut: list[list[dict]] = []
    for event in events:
        if event["event"] == "user":
            cut.append([event])
        elif cut:
            cut[-1].append(event)
    return cut


def test_the_redis_lock_keeps_one_conversation_whole_across_two_servers(cluster):
    locks = redis.Redis(port=cluster.redis_port, db=1)
    before = locks.info("commandstats").get("cmdstat_set", {}).get("calls", 0)  # a lock is taken with SET NX
    messages = [f"my calf twitched {n} times today" for n in range(12)]

    async def all_at_once() -> None:
        loop = asyncio.get_running_loop()
        await asyncio.gather(
            *(
                loop.run_in_executor(
                    None,
                    http_json,
                    "POST",
                    f"{cluster.url}/webhooks/rest/webhook",
                    {"sender": "locked", "message": m, "message_id": f"locked-{i}"},
                )
                for i, m in enumerate(messages)
            )
        )

    asyncio.run(all_at_once())
    said = turns(events_by_sender(cluster, "locked")["locked"])
    assert sorted(t[0]["text"] for t in said) == sorted(messages)  # no turn lost
    for turn in said:  # each turn whole: its actions end in action_listen before the next message
        assert turn[-1]["event"] == "action" and turn[-1]["name"] == "action_listen", turn
        assert sum(e["event"] == "bot" for e in turn) >= 1
    assert locks.info("commandstats").get("cmdstat_set", {}).get("calls", 0) > before  # the locks are in Redis


def test_two_hundred_people_complete_while_a_server_is_killed_and_restarted(cluster):
    victim = Cluster.pid_on(5101)
    total = PEOPLE * len(SCRIPT)
    killed_at: list[int] = []

    def kill_halfway(answered: int) -> None:
        if answered >= total // 2 and not killed_at:
            os.kill(victim, signal.SIGKILL)
            killed_at.append(answered)

    run = asyncio.run(crowd(cluster.url, PEOPLE, "crowd", on_turn=kill_halfway))
    assert killed_at, "the server was never killed"
    wrong = [w for p in run.people for w in p.wrong]
    assert not wrong, wrong[:5]  # every reply the one its turn calls for: none lost, none repeated
    assert all(p.done for p in run.people) and run.turns == total

    stored = events_by_sender(cluster, "crowd-")
    assert len(stored) == PEOPLE
    expected = [text for text, _ in SCRIPT]
    for sender, events in stored.items():
        said = turns(events)
        assert [t[0]["text"] for t in said] == expected, sender  # each turn once, in order
        assert [t[0]["message_id"] for t in said] == [f"{sender}-{i}" for i in range(len(SCRIPT))], sender
        bots = [[e.get("text") for e in t if e["event"] == "bot"] for t in said]
        assert all(b and len(set(b)) == len(b) for b in bots), sender  # answered, no message twice

    deadline = time.monotonic() + 180  # the script starts the killed server again
    while time.monotonic() < deadline:
        try:
            if Cluster.pid_on(5101) != victim:
                break
        except AssertionError:
            pass
        time.sleep(1)
    assert Cluster.pid_on(5101) != victim, "the killed Rasa server was not started again"
    assert "restart" in cluster.log.read_text(errors="replace").lower()


def test_purge_works_on_postgresql_too(cluster):
    engine = sa.create_engine(cluster.database_url)
    for sender, days_ago in (("purge-idle", 120), ("purge-recent", 2)):
        http_json("POST", f"{cluster.url}/webhooks/rest/webhook", {"sender": sender, "message": "my calf twitches"})
        with engine.begin() as connection:  # as if it had happened days_ago
            connection.execute(
                sa.text("UPDATE events SET timestamp = timestamp - :shift WHERE sender_id = :sender"),
                {"shift": days_ago * 86400, "sender": sender},
            )
    engine.dispose()
    result = subprocess.run(
        [str(ROOT / "scripts" / "purge"), "--days", "90"],
        capture_output=True,
        text=True,
        env={**os.environ, "TWITCH_DB_URL": cluster.database_url},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    left = events_by_sender(cluster, "purge-")
    assert "purge-idle" not in left and left["purge-recent"]
