"""The conversation store (bot.storage) and the API switch of
bot.channels.serve, without servers: retention through scripts/purge, a
deletion, and the HTTP API never open without a token."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.channels.serve import api_options
from bot.storage import ConversationStore

ROOT = Path(__file__).resolve().parent.parent
DAY_S = 86400


@pytest.fixture()
def store(tmp_path, monkeypatch):
    database = tmp_path / "store" / "conversations.db"  # its folder is created on first use
    monkeypatch.setenv("TWITCH_TRACKER_DB", str(database))
    monkeypatch.delenv("TWITCH_DB_URL", raising=False)
    return ConversationStore(Domain.load(str(ROOT / "domain.yml"))), database


def save(store: ConversationStore, sender: str, days_ago: float, text: str = "my calf twitches") -> None:
    """A turn `days_ago`, after whatever the conversation already holds."""
    when = time.time() - days_ago * DAY_S
    tracker = asyncio.run(store.retrieve(sender)) or DialogueStateTracker(sender, store.domain.slots)
    for event in (
        ActionExecuted("action_listen", timestamp=when),
        UserUttered(text, timestamp=when + 1),
        SlotSet("body_parts", ["calf"], timestamp=when + 2),
    ):
        tracker.update(event)
    asyncio.run(store.save(tracker))


def senders(database: Path) -> set:
    with sqlite3.connect(database) as db:
        return {s for (s,) in db.execute("SELECT DISTINCT sender_id FROM events")}


def test_the_database_is_created_on_first_use_readable_by_its_user_only(store):
    _, database = store
    assert database.exists() and database.stat().st_mode & 0o077 == 0


def test_purge_deletes_only_conversations_idle_longer_than_the_limit(store):
    conversation_store, database = store
    save(conversation_store, "idle", days_ago=120)
    save(conversation_store, "recent", days_ago=3)
    save(conversation_store, "back-again", days_ago=200)
    save(conversation_store, "back-again", days_ago=1)  # old events, but active yesterday
    result = subprocess.run(
        [str(ROOT / "scripts" / "purge"), "--days", "90"],
        capture_output=True,
        text=True,
        env={**os.environ, "TWITCH_TRACKER_DB": str(database)},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Deleted 1 conversation(s) idle for more than 90 days." in result.stdout
    assert senders(database) == {"recent", "back-again"}


def test_a_deletion_removes_every_event_of_that_conversation_only(store):
    conversation_store, database = store
    save(conversation_store, "gone", days_ago=0)
    save(conversation_store, "stays", days_ago=0)
    assert conversation_store.delete("gone") == 3
    assert senders(database) == {"stays"}


def test_saving_the_turn_that_sets_forget_deletes_instead(store):
    conversation_store, database = store
    save(conversation_store, "forget", days_ago=0)
    tracker = asyncio.run(conversation_store.retrieve("forget"))
    tracker.update(SlotSet("forget", True))
    asyncio.run(conversation_store.save(tracker))
    assert senders(database) == set()


@pytest.mark.parametrize(
    "args, env, expected, note",
    [
        (
            ["--enable-api", "-p", "5005"],
            {"TWITCH_API_TOKEN": "t0ken"},
            ["--enable-api", "-p", "5005", "--auth-token", "t0ken"],
            False,
        ),
        (["--enable-api", "-p", "5005"], {}, ["-p", "5005"], True),
        (["--enable-api", "-p", "5005"], {"TWITCH_API_TOKEN": ""}, ["-p", "5005"], True),
        (["-p", "5005"], {}, ["-p", "5005"], False),
    ],
)
def test_the_api_is_on_only_with_a_token(args, env, expected, note):
    options, said = api_options(args, env)
    assert options == expected and bool(said) == note


def test_its_files_and_wal_journal_stay_readable_by_their_user_only(store):
    conversation_store, database = store
    save(conversation_store, "private", days_ago=0)
    journal = database.with_name(database.name + "-wal")
    assert journal.exists(), "SQLite runs in WAL mode"
    assert journal.stat().st_mode & 0o077 == 0 and database.stat().st_mode & 0o077 == 0


def test_it_stores_and_reads_exactly_as_rasas_sql_tracker_store(store, tmp_path):
    """Our store without the ORM, beside Rasa's own on another file: the
    same rows, and each reads back the latest session of the other's."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import SessionStarted

    ours, database = store
    rasas = SQLTrackerStore(ours.domain, db=str(tmp_path / "rasa.db"))
    started = time.time() - DAY_S
    for target in (ours, rasas):
        tracker = DialogueStateTracker("same", ours.domain.slots)
        for step, event in enumerate(
            [
                SessionStarted(),
                ActionExecuted("action_listen"),
                UserUttered("first visit"),
                SlotSet("body_parts", ["calf"]),
            ]
        ):
            event.timestamp = started + step
            tracker.update(event)
        asyncio.run(target.save(tracker))
        again = asyncio.run(target.retrieve("same"))  # a later turn, then a new session
        for step, event in enumerate(
            [
                SlotSet("symptoms", ["twitching"]),
                SessionStarted(),
                ActionExecuted("action_listen"),
                UserUttered("back again"),
            ]
        ):
            event.timestamp = started + 10 + step
            again.update(event)
        asyncio.run(target.save(again))

    def rows(path):
        with sqlite3.connect(path) as db:
            return db.execute(
                "SELECT sender_id, type_name, timestamp, intent_name, action_name, data FROM events ORDER BY id"
            ).fetchall()

    assert rows(database) == rows(tmp_path / "rasa.db") and len(rows(database)) == 8
    latest, rasas_latest = asyncio.run(ours.retrieve("same")), asyncio.run(rasas.retrieve("same"))
    assert latest is not None and rasas_latest is not None
    assert [e.as_dict() for e in latest.events] == [e.as_dict() for e in rasas_latest.events]
    assert latest.latest_message.text == "back again" and latest.get_slot("symptoms") is None  # a new session
    assert asyncio.run(ours.retrieve("nobody")) is None


def test_an_in_memory_database_works_as_with_rasas_store(monkeypatch):
    monkeypatch.setenv("TWITCH_DB_URL", "sqlite://")
    memory = ConversationStore(Domain.load(str(ROOT / "domain.yml")))
    save(memory, "in-memory", days_ago=0)
    tracker = asyncio.run(memory.retrieve("in-memory"))
    assert tracker is not None and tracker.get_slot("body_parts") == ["calf"]
