"""Simulated people over the REST channel, many at once (asyncio, loopback
only, bounded in count and time): each goes through a whole intake to the
assessment. Used by `make bench-load` and the cluster test.

Every message carries a `message_id`; a failed turn (a server killed
mid-turn, a 502 from the load balancer) is sent again with the same id
until it is answered, so a turn is handled once and its reply never lost
(bot/channels/rest.py)."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import aiohttp

# One whole intake: each message, and words its reply must hold.
SCRIPT: tuple[tuple[str, str], ...] = (
    ("hi", "not a doctor"),
    ("my calf keeps twitching", "How long has it been going on?"),
    ("about 5 days", "Have you noticed any of these"),
    ("none of these", "Lately, have you had any of these"),
    ("lots of coffee, 4 cups a day", "My advice:"),
)
RETRY_FOR_S = 120.0


@dataclass
class Person:
    sender: str
    latencies: list[float] = field(default_factory=list)  # seconds per turn, retries included
    retries: int = 0
    wrong: list[str] = field(default_factory=list)  # replies without their expected words
    done: bool = False


async def _turn(session: aiohttp.ClientSession, url: str, person: Person, index: int, text: str) -> list[dict]:
    body = {"sender": person.sender, "message": text, "message_id": f"{person.sender}-{index}"}
    deadline = time.monotonic() + RETRY_FOR_S
    while True:
        try:
            async with session.post(url, json=body, timeout=aiohttp.ClientTimeout(total=60)) as response:
                if response.status == 200:
                    return await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{person.sender}: turn {index} unanswered for {RETRY_FOR_S:.0f} s")
        person.retries += 1
        await asyncio.sleep(0.5)


async def _live(
    session: aiohttp.ClientSession,
    url: str,
    person: Person,
    pause_s: float,
    start_s: float,
    on_turn: Callable[[], None],
) -> None:
    await asyncio.sleep(start_s)
    for index, (text, expected) in enumerate(SCRIPT):
        started = time.perf_counter()
        replies = await _turn(session, url, person, index, text)
        person.latencies.append(time.perf_counter() - started)
        said = "\n".join(r.get("text") or "" for r in replies)
        if expected not in said:
            person.wrong.append(f"turn {index} ({text!r}): {said[:200]!r}")
        on_turn()
        if pause_s:
            await asyncio.sleep(pause_s)
    person.done = True


@dataclass
class Run:
    people: list[Person]
    seconds: float

    @property
    def turns(self) -> int:
        return sum(len(p.latencies) for p in self.people)

    def summary(self) -> dict[str, float]:
        latencies = sorted(ms for p in self.people for ms in p.latencies)
        p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))] if latencies else float("nan")
        return {
            "people": len(self.people),
            "turns": self.turns,
            "turns/s": self.turns / self.seconds,
            "p50 ms": 1000 * statistics.median(latencies) if latencies else float("nan"),
            "p95 ms": 1000 * p95,
            "retries": sum(p.retries for p in self.people),
            "completed": sum(p.done and not p.wrong for p in self.people),
        }


async def crowd(
    base_url: str,
    count: int,
    prefix: str,
    pause_s: float = 0.0,
    on_turn: Callable[[int], None] | None = None,
    stagger: bool = True,
) -> Run:
    """`count` people at once, each a whole intake; `on_turn(turns_so_far)`
    after every answered turn. With a pause and `stagger`, people arrive
    spread over the first pause (person i after i/count of it), as people
    who type do, not all in the same millisecond; else all start together."""
    url = f"{base_url}/webhooks/rest/webhook"
    people = [Person(f"{prefix}-{i}") for i in range(count)]
    answered = 0

    def counted() -> None:
        nonlocal answered
        answered += 1
        if on_turn:
            on_turn(answered)

    started = time.perf_counter()
    connector = aiohttp.TCPConnector(limit=count)
    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.gather(
            *(
                _live(session, url, p, pause_s, pause_s * i / count if stagger else 0.0, counted)
                for i, p in enumerate(people)
            )
        )
    return Run(people, time.perf_counter() - started)
