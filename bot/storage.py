"""Where conversations live: Rasa's SQL tracker store, on a SQLite file by
default (nothing to start) or on the database named by TWITCH_DB_URL
(PostgreSQL when several servers share the conversations), and the
conversations' locks: in memory, or in Redis at TWITCH_REDIS_URL (several
servers must share their locks, or two of them handling one conversation
at once lose turns).

    tracker_store:
      type: bot.storage.ConversationStore      # endpoints.yml
    lock_store:
      type: bot.storage.ConversationLockStore

Two things Rasa 3.6 lacks, done here inside the Rasa process:
- "Delete my data": the action sets the `forget` slot; saving that turn
  deletes every stored event of the conversation instead. Rasa saves a
  tracker while it holds the conversation's lock, so a message arriving
  meanwhile waits and then starts afresh: nothing is written back.
- Retention: `python -m bot.storage purge --days N` (make purge) deletes the
  conversations idle for longer than N days.

Reads and writes are Rasa's, on the same table, with the ORM taken out of
the way (issue 10: the ORM's bookkeeping was a fifth of a turn): one
compiled query reads a conversation's latest session, one count and one
multi-row insert store a turn. SQLite runs in WAL mode with
synchronous=NORMAL: a committed turn survives a killed or crashed server
(the case the tests check), but the last turns before a power cut or an
operating system crash may be lost. In WAL mode recent turns may sit in
the `-wal` file beside the database: back up with `sqlite3 FILE ".backup
COPY"`, not by copying the file alone.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import logging
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import redis
import redis.asyncio
import sqlalchemy as sa
from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore, LockError, LockStore
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

import bot.rasa_speedups  # noqa: F401  (Rasa's server patched once, wherever our code loads)
from bot.conversation.case import FORGET

DB_URL = "TWITCH_DB_URL"  # e.g. postgresql://twitch:secret@127.0.0.1:5432/twitch
REDIS_URL = "TWITCH_REDIS_URL"  # e.g. redis://127.0.0.1:6379/1
SQLITE_PATH = "TWITCH_TRACKER_DB"  # the SQLite file when DB_URL is not set
DEFAULT_SQLITE_PATH = "var/conversations.db"
DEFAULT_RETENTION_DAYS = 90

logger = logging.getLogger(__name__)


def database_url() -> str:
    """The configured database; a SQLite file's folder is created on first use."""
    url = os.environ.get(DB_URL)
    if url:
        return url
    path = Path(os.environ.get(SQLITE_PATH) or DEFAULT_SQLITE_PATH).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(exist_ok=True)
    path.chmod(0o600)  # health data: readable by this user only
    return f"sqlite:///{path}"


def _events() -> sa.Table:
    return SQLTrackerStore.SQLEvent.__table__


def _session_filter(sender: Any) -> Any:
    """Rasa's filter for a conversation's latest session: its events from the
    last SessionStarted on, or all of them before the first."""
    events = _events()
    session_start = (
        sa.select(sa.func.max(events.c.timestamp))
        .where(events.c.sender_id == sender, events.c.type_name == SessionStarted.type_name)
        .scalar_subquery()
    )
    return sa.and_(events.c.sender_id == sender, sa.or_(events.c.timestamp >= session_start, session_start.is_(None)))


SENDER = sa.bindparam("sender")
LATEST_SESSION = sa.select(_events().c.data).where(_session_filter(SENDER)).order_by(_events().c.id)
LATEST_SESSION_SIZE = sa.select(sa.func.count()).select_from(_events()).where(_session_filter(SENDER))


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    connection.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
    connection.execute("PRAGMA synchronous=NORMAL")  # no fsync per commit: safe from process crashes


def _row(sender_id: str, event: Any) -> dict[str, Any]:
    """An event as Rasa's SQLTrackerStore.save stores it."""
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }


class ConversationStore(SQLTrackerStore):
    """Rasa's SQL tracker store on the configured database, which deletes a
    conversation when asked to."""

    def __init__(self, domain: Any = None, host: str | None = None, event_broker: Any = None, **kwargs: Any) -> None:
        url = database_url()
        super().__init__(domain, host=url, event_broker=event_broker, **kwargs)
        if self.engine.dialect.name == "sqlite" and self.engine.url.database not in (None, "", ":memory:"):
            # SQLAlchemy 1.4 opens and closes a SQLite file's connection for
            # every use (NullPool); a few kept open, with the pragmas, instead.
            self.engine.dispose()
            self.engine = sa.create_engine(
                url, poolclass=sa.pool.QueuePool, pool_size=2, max_overflow=8, connect_args={"check_same_thread": False}
            )
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The latest session, as Rasa's SQLTrackerStore.retrieve gives it."""
        with self.engine.connect() as connection:
            rows = connection.execute(LATEST_SESSION, {"sender": sender_id}).fetchall()
        if not (self.domain and rows):
            return None
        events: list[dict[str, Any]] = [json.loads(data) for (data,) in rows]
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)

    async def save(self, tracker: DialogueStateTracker) -> None:
        # The slot is set only in the turn that deletes: a stored tracker never has it.
        if tracker.get_slot(FORGET):
            self.delete(tracker.sender_id)
            return
        await self.stream_events(tracker)
        with self.engine.begin() as connection:
            stored = connection.execute(LATEST_SESSION_SIZE, {"sender": tracker.sender_id}).scalar() or 0
            new = [_row(tracker.sender_id, event) for event in itertools.islice(tracker.events, stored, None)]
            if new:
                connection.execute(_events().insert(), new)

    def delete(self, sender_id: str) -> int:
        """Delete every stored event of one conversation; how many."""
        with self.engine.begin() as connection:
            deleted = connection.execute(_events().delete().where(_events().c.sender_id == sender_id)).rowcount
        logger.info("Deleted a conversation at the person's request (%d events).", deleted)
        return deleted


class RedisConversationLockStore(LockStore):
    """One lock per conversation in Redis, safe across servers. Rasa 3.6's
    RedisLockStore issues tickets by reading, changing and writing the lock
    back, so two servers can both take it and lose turns (rasa#9213; the
    concurrent store that fixes it is not in Rasa Open Source). Here taking
    the lock is one atomic SET NX with a lease (redis-py's Lock): a server
    killed mid-turn frees the conversation when the lease runs out."""

    def __init__(self, url: str) -> None:
        self._redis = redis.asyncio.Redis.from_url(url)

    @asynccontextmanager
    async def lock(
        self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME, wait_time_in_seconds: float = 1
    ) -> AsyncIterator[Any]:
        lock = self._redis.lock(
            f"twitch:lock:{conversation_id}", timeout=lock_lifetime, sleep=0.01, blocking_timeout=2 * lock_lifetime
        )
        if not await lock.acquire():
            raise LockError(f"The conversation stayed locked for {2 * lock_lifetime:g} s.")
        renewal = asyncio.create_task(self._renew(lock, lock_lifetime))  # a slow turn keeps its lock
        try:
            yield lock
        finally:
            renewal.cancel()
            try:
                await lock.release()
            except redis.exceptions.LockNotOwnedError:
                logger.warning("A conversation's lock lapsed before its turn ended (conversation %s).", conversation_id)

    @staticmethod
    async def _renew(lock: Any, lifetime: float) -> None:
        """Renew the lease every third of its lifetime while the turn runs;
        only a server that died stops renewing."""
        try:
            while True:
                await asyncio.sleep(lifetime / 3)
                await lock.reacquire()
        except redis.exceptions.LockNotOwnedError:
            return  # lapsed already: the release says so


class ConversationLockStore(LockStore):
    """Redis locks at TWITCH_REDIS_URL when it is set, else Rasa's in-memory
    ones. Rasa builds a custom lock store by calling the class named in
    endpoints.yml, so the class returns the store it chose."""

    def __new__(cls, endpoint_config: Any = None) -> LockStore:  # type: ignore[misc]
        url = os.environ.get(REDIS_URL)
        return RedisConversationLockStore(url) if url else InMemoryLockStore()


def purge(url: str, idle_days: float, now: float | None = None) -> int:
    """Delete the conversations whose last event is older than `idle_days`;
    how many conversations."""
    cutoff = (time.time() if now is None else now) - idle_days * 86400
    events = _events()
    engine = sa.create_engine(url)
    events.metadata.create_all(engine, tables=[events])
    idle = sa.select(events.c.sender_id).group_by(events.c.sender_id).having(sa.func.max(events.c.timestamp) < cutoff)
    with engine.begin() as connection:  # one transaction: counted and deleted alike
        count = connection.execute(sa.select(sa.func.count()).select_from(idle.subquery())).scalar()
        connection.execute(events.delete().where(events.c.sender_id.in_(idle.scalar_subquery())))
    engine.dispose()
    return int(count or 0)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.storage", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    purge_command = commands.add_parser("purge", help="delete conversations idle for longer than --days")
    purge_command.add_argument(
        "--days", type=float, default=float(os.environ.get("TWITCH_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))
    )
    args = parser.parse_args()
    if args.days < 0:
        parser.error("--days must be 0 or more")
    count = purge(database_url(), args.days)
    print(f"Deleted {count} conversation(s) idle for more than {args.days:g} days.")


if __name__ == "__main__":
    main()
