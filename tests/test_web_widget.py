"""The website page with the real rasa-webchat widget (npm, served from
web/), in headless Chromium driven by playwright-core: a whole case ends in
the assessment card; a screenshot is kept in tests/artifacts/."""

import functools
import http.server
import json
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from bot.knowledge import load_knowledge

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "web"
ARTIFACTS = ROOT / "tests" / "artifacts"
pytestmark = pytest.mark.servers


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """The page's files, without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def page_server(assistant):
    for needed, how in (
        (WEB / "node_modules" / "rasa-webchat" / "lib" / "index.js", "make web-deps"),
        (Path(shutil.which("chromium") or "/usr/bin/chromium"), "make web-deps"),
    ):
        if not needed.exists():
            pytest.fail(f"{needed} is missing: run `{how}` (make test does)")
    handler = functools.partial(QuietHandler, directory=str(WEB))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", assistant.page_port), handler)  # the origin CORS allows
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_whole_case_in_the_widget_ends_with_the_assessment_card(assistant, page_server):
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "web-chat.png"
    result = subprocess.run(
        [
            "node",
            str(WEB / "tests" / "chat-case.mjs"),
            f"{page_server}/index.html?server={assistant.url}",
            str(screenshot),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    seen = json.loads(result.stdout.strip().splitlines()[-1]) if result.stdout.strip() else {}
    assert result.returncode == 0 and "error" not in seen, (seen, result.stderr[-2000:])
    assert "not a doctor" in seen["greeting"]
    assert seen["buttons"] == ["None of these", "Yes, some of them", "I don't know"]
    assert seen["level"] == "self_care" and seen["causes"][0] == "caffeine"
    colour = load_knowledge().levels["self_care"].colour  # from the payload: the border and the level's badge
    assert seen["colours"] == [f"rgb({int(colour[1:3], 16)}, {int(colour[3:5], 16)}, {int(colour[5:], 16)})"] * 2
    assert "Possible causes" in seen["card"] and "Get help sooner if" in seen["card"]
    # The payload's words, not ids: the level's label and summary, the person's own word as evidence.
    level = load_knowledge().levels["self_care"]
    assert seen["card"].startswith("Self-care") and level.summary in seen["card"]
    assert "you said \u201cespresso\u201d" in seen["card"] and "exposure caffeine" not in seen["card"]
    assert "_" not in seen["card"] and 1 <= len(seen["causes"]) <= load_knowledge().scoring.explained
    assert not seen["raw_json_shown"]
    assert seen["after_restart_level"] == "gp_routine"  # the browser closed and opened again: same conversation
    assert screenshot.stat().st_size > 10_000
