"""Turn benchmark: this assistant beside the `rasa init` model, in one run.

Both servers run `rasa run --enable-api` with the same REST-only
credentials: ours as `make run` starts it (inside bot.channels.serve, with
its action server beside it and its endpoints: SQLite tracker store), the
`rasa init` model plainly, with its defaults. Both are started, one at a
time, and then asked in rounds: a quarter of the requests to one, back to
back, then the same quarter to the other, and so on, so a slower spell of
the machine falls on both alike. (Back to back, as a busy server works:
after an idle pause, this machine answers a short request about 1.5 ms
slower, which would hide most of a 2 ms parse.)
Measured for each: ready (process start to model loaded and, for ours, the
action server healthy), REST turn p50/p95 over whole scripted intakes one
person at a time (action server hop included), `/model/parse` p50 over
HTTP, and the resident memory of the servers. Beside them, for reference
only, our model under plain `rasa run` (TensorFlow loaded). Then ours
alone: turns per second with 1, 10 and 50 people at once and no pause,
and 50 people each answering 2 s after the previous reply, arriving
spread over the first pause (the target) and all at once.

Run with `make bench-turns` (~6 minutes; the first run also scaffolds and
trains the `rasa init` model into ~/.cache/twitch-assistant/, ~4 minutes). Targets are
ratios to the `rasa init` model's figures of the same run; they are
reported, never asserted.
"""

from __future__ import annotations

import asyncio
import functools
import os
import platform
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.load import SCRIPT, crowd
from tests.nlu.gold import load_testset
from tests.paths import ROOT, VENV_BIN
from tests.safety.evaluate import HELDOUT, load
from tests.servers import free_port, http_json

# Outside the project: Rasa's own commands (rasa test) read every data file
# under the working directory, and the baseline's cache would trip them.
BASELINE_DIR = (
    Path(os.environ.get("XDG_CACHE_HOME") or "~/.cache").expanduser() / "twitch-assistant" / "rasa-init-3.6.21"
)
ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "SANIC_KEEP_ALIVE_TIMEOUT": "75"}
CONVERSATIONS, WARM_UP, WARNING_SIGN_PARSES = 40, 4, 200
READY_TIMEOUT_S = 300
ROUNDS = 4
TOKEN = "bench-token"


@dataclass
class Server:
    name: str
    processes: list[subprocess.Popen]
    url: str
    figures: dict[str, float] = field(default_factory=dict)

    def memory_mb(self) -> float:
        """Resident memory of the servers and every process they started."""
        return sum(_rss_kb(pid) for p in self.processes for pid in _tree(p.pid)) / 1024

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def _tree(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    kids = [int(k) for k in children.read_text().split()] if children.exists() else []
    return [pid] + [d for k in kids for d in _tree(k)]


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _wait(url: str, processes: list[subprocess.Popen]) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes):
            raise RuntimeError(f"a server exited while starting ({url})")
        try:
            http_json("GET", url, timeout=2)
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} not ready after {READY_TIMEOUT_S} s")


def baseline_model() -> Path:
    """The `rasa init --no-prompt` project and model, made once."""
    models = sorted((BASELINE_DIR / "models").glob("*.tar.gz")) if BASELINE_DIR.exists() else []
    if not models:
        BASELINE_DIR.mkdir(parents=True, exist_ok=True)
        print(f"Scaffolding and training the rasa init model in {BASELINE_DIR} (once)...", flush=True)
        subprocess.run(
            [str(VENV_BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(BASELINE_DIR)],
            cwd=BASELINE_DIR,
            env=ENV,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        models = sorted((BASELINE_DIR / "models").glob("*.tar.gz"))
    return models[-1]


def start(name: str, model: Path, cwd: Path, scratch: Path, with_actions: bool, plain: bool = False) -> Server:
    """A server (and ours with its action server). Ours as `make run` starts
    it (`rasa run` inside bot.channels.serve, which keeps TensorFlow out and
    the API behind a token) unless `plain`; the baseline plainly."""
    scratch.mkdir(parents=True, exist_ok=True)
    credentials = scratch / "credentials.yml"
    credentials.write_text("rest:\n")
    port = free_port()
    served = with_actions and not plain
    start_rasa = [str(VENV_BIN / "python"), "-m", "bot.channels.serve"] if served else [str(VENV_BIN / "rasa"), "run"]
    command = start_rasa + ["--enable-api", "-m", str(model), "--port", str(port), "--credentials", str(credentials)]
    env = {**ENV, "TWITCH_API_TOKEN": TOKEN}
    started = time.perf_counter()
    processes, waits = [], []
    if with_actions:
        action_port = free_port()
        endpoints = scratch / "endpoints.yml"
        endpoints.write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n'
            "tracker_store:\n  type: bot.storage.ConversationStore\n"
        )
        command += ["--endpoints", str(endpoints)]
        env["TWITCH_TRACKER_DB"] = str(scratch / "conversations.db")
        processes.append(
            subprocess.Popen(
                [str(VENV_BIN / "python"), "-m", "rasa_sdk", "--actions", "actions", "--port", str(action_port)],
                cwd=cwd,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        waits.append(f"http://127.0.0.1:{action_port}/health")
    processes.append(subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    waits.append(f"http://127.0.0.1:{port}/status?token={TOKEN}")
    server = Server(name, processes, f"http://127.0.0.1:{port}")
    try:
        for url in waits:
            _wait(url, processes)
    except Exception:
        server.stop()
        raise
    server.figures["ready s"] = time.perf_counter() - started
    return server


def _percentiles(prefix: str, latencies_ms: list[float]) -> dict[str, float]:
    latencies_ms.sort()
    return {
        f"{prefix} p50 ms": statistics.median(latencies_ms),
        f"{prefix} p95 ms": latencies_ms[int(len(latencies_ms) * 0.95)],
    }


PARTS = ("calf", "eyelid", "thigh", "left arm", "foot", "cheek", "thumb", "lower back", "shoulder", "lip")
HOW = ("keeps twitching", "has been jumping", "flickers on and off", "won't stop twitching")
NONE = ("none of these", "no, none of those", "nope", "none of them")
WHERE = ("", " at work", " most days", " or more", " honestly", " since uni")


def intake(n: int) -> list[str]:
    """The n-th person's intake: load.SCRIPT's steps in words of their own,
    so no message repeats and no cache of ours answers from memory."""
    return [
        "hi",
        f"my {PARTS[n % 10]} {HOW[n // 10 % 4]}",
        f"about {2 + n % 12} days{WHERE[n // 12 % 6]}",
        NONE[n % 4],
        f"lots of coffee, {1 + n % 8} cups a day{WHERE[n // 8 % 6]}",
    ]


@dataclass
class Texts:
    """Messages to parse, each once: none of them is in a cache of ours."""

    general: list[str]  # the NLU test set: every intent, as people write
    warning_signs: list[str]  # held-out safety messages, where the safety net's second look runs
    warm_up: list[str]

    @classmethod
    def load(cls) -> Texts:
        general = list(dict.fromkeys(case["text"] for case in load_testset()))
        signs = [t for t in dict.fromkeys(case["text"] for case in load(HELDOUT)) if t not in general]
        return cls(general, signs[20 : 20 + WARNING_SIGN_PARSES], signs[:20])


def _timed(call: Any) -> float:
    t0 = time.perf_counter()
    call()
    return (time.perf_counter() - t0) * 1000


def measure(servers: list[Server], texts: Texts) -> None:
    """Whole intakes one person at a time, then /model/parse, then memory.
    In ROUNDS: each server in turn gets its share of every kind of request,
    back to back, so a slower spell of the machine falls on both alike."""
    latencies: dict[str, dict[str, list[float]]] = {s.name: {} for s in servers}

    def block(server: Server, kind: str, path: str, bodies: list[dict], keep: bool = True) -> None:
        for body in bodies:
            ms = _timed(functools.partial(http_json, "POST", f"{server.url}{path}", body))
            if keep:
                latencies[server.name].setdefault(kind, []).append(ms)

    parse = f"/model/parse?token={TOKEN}"  # the baseline has no token and ignores it
    for server in servers:  # warm-up, not counted
        block(
            server,
            "",
            "/webhooks/rest/webhook",
            [{"sender": f"warm-{n}", "message": m} for n in range(WARM_UP) for m in intake(n)],
            keep=False,
        )
        block(server, "", parse, [{"text": t} for t in texts.warm_up], keep=False)
    for round_ in range(ROUNDS):
        people = range(WARM_UP + round_, WARM_UP + CONVERSATIONS, ROUNDS)
        for server in servers:
            block(
                server,
                "turn",
                "/webhooks/rest/webhook",
                [{"sender": f"bench-{n}", "message": m} for n in people for m in intake(n)],
            )
            for kind, sample in (("parse", texts.general), ("warning-sign parse", texts.warning_signs)):
                block(server, kind, parse, [{"text": t} for t in sample[round_::ROUNDS]])
    for server in servers:
        for kind, values in latencies[server.name].items():
            server.figures.update(_percentiles(kind, values))
        server.figures["memory MB"] = server.memory_mb()


def crowds(server: Server) -> list[str]:
    lines = [
        "| people | pause | turns/s | p50 ms | p95 ms | completed | errors |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for count, pause, stagger in (
        (1, 0.0, False),
        (10, 0.0, False),
        (50, 0.0, False),
        (50, 2.0, True),
        (50, 2.0, False),
    ):
        s = asyncio.run(
            crowd(server.url, count, f"crowd-{count}-{pause}-{stagger}", pause_s=pause, stagger=stagger)
        ).summary()
        how = f"{pause:.0f} s" + (
            "" if not pause else ", arriving over the first pause" if stagger else ", all at once"
        )
        lines.append(
            f"| {count} | {how} | {s['turns/s']:.1f} | {s['p50 ms']:.0f} | {s['p95 ms']:.0f} | "
            f"{s['completed']}/{count} | {s['retries']} |"
        )
        if stagger:
            server.figures["paced p95 ms"], server.figures["paced errors"] = (
                s["p95 ms"],
                s["retries"] + count - s["completed"],
            )
    server.figures["memory after crowds MB"] = server.memory_mb()
    return lines


# (figure, target ratio ours/baseline) from issue 10.
TARGETS = (("ready s", 0.3), ("turn p50 ms", 0.35), ("turn p95 ms", 0.5), ("parse p50 ms", 0.25), ("memory MB", 0.5))


def report(ours: Server, baseline: Server, plain: Server, crowd_lines: list[str]) -> None:
    print(
        f"\nTurn benchmark, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores "
        f"({platform.machine()}), {CONVERSATIONS} intakes of {len(SCRIPT)} turns; parses: the NLU test set's "
        f"messages and {WARNING_SIGN_PARSES} held-out warning-sign messages, each once\n"
    )
    print("| figure | rasa init model | this assistant | ratio | target | | ours, plain `rasa run` (no target) |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name in (
        "ready s",
        "turn p50 ms",
        "turn p95 ms",
        "parse p50 ms",
        "parse p95 ms",
        "warning-sign parse p50 ms",
        "warning-sign parse p95 ms",
        "memory MB",
    ):
        a, b = baseline.figures[name], ours.figures[name]
        target = dict(TARGETS).get(name)
        verdict = "" if target is None else ("met" if b / a <= target else "MISSED")
        print(
            f"| {name} | {a:.1f} | {b:.1f} | {b / a:.2f} | {'' if target is None else f'<= {target}'} | {verdict} "
            f"| {plain.figures[name]:.1f} ({plain.figures[name] / a:.2f}) |"
        )
    print("\nThis assistant alone, whole intakes, many people at once:\n")
    print("\n".join(crowd_lines))
    paced_ok = ours.figures["paced p95 ms"] < 250 and ours.figures["paced errors"] == 0
    print(
        f"\n50 people, 2 s pause: p95 {ours.figures['paced p95 ms']:.0f} ms (target < 250), "
        f"errors {ours.figures['paced errors']:.0f} -> {'met' if paced_ok else 'MISSED'}; "
        f"memory after the crowds {ours.figures['memory after crowds MB']:.0f} MB"
    )


def main(argv: list[str] | None = None) -> None:
    texts = Texts.load()
    model = ROOT / "models" / "twitch.tar.gz"
    init_model = baseline_model()
    with tempfile.TemporaryDirectory() as scratch:
        base_dir, ours_dir = Path(scratch) / "init", Path(scratch) / "ours"
        base_dir.mkdir()
        ours_dir.mkdir()
        baseline = start("init", init_model, BASELINE_DIR, base_dir, with_actions=False)
        servers = [baseline]
        try:
            # One at a time, while the others idle.
            servers.append(start("ours", model, ROOT, ours_dir, with_actions=True))
            servers.append(start("plain", model, ROOT, Path(scratch) / "plain", with_actions=True, plain=True))
            measure(servers, texts)
            for server in (servers[0], servers[2]):
                server.stop()
            crowd_lines = crowds(servers[1])  # alone on the machine
        finally:
            for server in servers:
                server.stop()
    report(servers[1], servers[0], servers[2], crowd_lines)


if __name__ == "__main__":
    main()
