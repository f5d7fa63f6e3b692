"""Rasa's own conversation tests: `rasa test core --fail-on-prediction-errors`
on tests/stories with the trained model (NLU included: the stories hold
the messages' text)."""

import os
import subprocess

from tests.paths import RASA, ROOT


def test_conversation_stories_pass(tmp_path):
    result = subprocess.run(
        [
            RASA,
            "test",
            "core",
            "--stories",
            str(ROOT / "tests" / "stories"),
            "--model",
            str(ROOT / "models" / "twitch.tar.gz"),
            "--fail-on-prediction-errors",
            "--out",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
        timeout=600,
    )
    failed = tmp_path / "failed_test_stories.yml"
    details = failed.read_text() if failed.exists() else ""
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:] + details
