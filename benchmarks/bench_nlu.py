"""NLU benchmark: training time, model-ready time and /model/parse latency
(p50, p95 over 500 messages) of our model, beside the `rasa init` default
model measured in the same run on this machine. Run with `make bench-nlu`.
Targets (reported, never asserted): parse p50 < 5 ms, ready < 15 s,
training < 90 s.
"""

from __future__ import annotations

import itertools
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from tests.nlu.gold import load_testset
from tests.paths import RASA, ROOT, VENV_BIN
from tests.servers import free_port, http_json

ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}
MESSAGES = 500
TARGETS = {"parse p50 (ms)": 5, "model ready (s)": 15, "training (s)": 90}


def timed(command, cwd) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def serve_and_measure(model: Path, cwd: Path, texts) -> dict:
    port = free_port()
    started = time.perf_counter()
    # Ours starts as `make run` does (channels whose secrets are set); the
    # `rasa init` project has no ${VAR} credentials and starts plainly.
    command = [str(VENV_BIN / "python"), "-m", "bot.channels.serve"] if cwd == ROOT else [RASA, "run"]
    server = subprocess.Popen(
        command + ["--enable-api", "-m", str(model), "--port", str(port)],
        cwd=cwd,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"rasa run exited with {server.returncode} for {model}")
            try:
                http_json("GET", f"http://127.0.0.1:{port}/status", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        ready = time.perf_counter() - started
        url = f"http://127.0.0.1:{port}/model/parse"
        for text in texts[:20]:  # warm-up
            http_json("POST", url, {"text": text})
        latencies = []
        for text in itertools.islice(itertools.cycle(texts), MESSAGES):
            t0 = time.perf_counter()
            http_json("POST", url, {"text": text})
            latencies.append((time.perf_counter() - t0) * 1000)
        latencies.sort()
        return {
            "model ready (s)": ready,
            "parse p50 (ms)": statistics.median(latencies),
            "parse p95 (ms)": latencies[int(len(latencies) * 0.95)],
        }
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    texts = [case["text"] for case in load_testset()]
    results = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        ours = {
            "training (s)": timed([RASA, "train", "--force", "--fixed-model-name", "bench", "--out", str(tmp)], ROOT)
        }
        ours.update(serve_and_measure(tmp / "bench.tar.gz", ROOT, texts))
        results["twitch"] = ours
        init_dir = tmp / "init"
        init_dir.mkdir()
        # `rasa init --no-prompt` scaffolds and trains the default model.
        default = {"training (s)": timed([RASA, "init", "--no-prompt", "--init-dir", str(init_dir)], tmp)}
        model = next((init_dir / "models").glob("*.tar.gz"))
        default.update(serve_and_measure(model, init_dir, texts))
        results["rasa init default"] = default
    columns = ["training (s)", "model ready (s)", "parse p50 (ms)", "parse p95 (ms)"]
    print(f"NLU benchmark on {os.cpu_count()} cores, {MESSAGES} messages from tests/nlu/testset.yml")
    print(f"{'model':<20}" + "".join(f"{c:>18}" for c in columns))
    for name, row in results.items():
        print(f"{name:<20}" + "".join(f"{row[c]:>18.2f}" for c in columns))
    print(
        "targets: "
        + ", ".join(f"{k} < {v}" for k, v in TARGETS.items())
        + " -> "
        + ", ".join(f"{k} {'met' if results['twitch'][k] < v else 'MISSED'}" for k, v in TARGETS.items())
    )


if __name__ == "__main__":
    main()
