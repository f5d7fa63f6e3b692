"""The website page with the real rasa-webchat widget (npm, served from
web/), in headless Chromium driven by playwright-core: a whole case ends in
the assessment card; a screenshot is kept in tests/artifacts/. The page is
accessible: axe-core (npm, served with the page) finds nothing serious with
the chat open and a card shown, a whole case is done with the keyboard
alone, and on a phone-sized screen the card fits (screenshot kept)."""

import functools
import http.server
import json
import shutil
import subprocess
import threading
import urllib.request
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
        (WEB / "node_modules" / "axe-core" / "axe.min.js", "make web-deps"),
        (Path(shutil.which("chromium") or "/usr/bin/chromium"), "make web-deps"),
    ):
        if not needed.exists():
            pytest.fail(f"{needed} is missing: run `{how}` (make test does)")
    handler = functools.partial(QuietHandler, directory=str(WEB))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", assistant.page_port), handler)  # the origin CORS allows
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def run_node(*args: str) -> dict:
    """What a script in web/tests saw (its one JSON line), asserting it ran to the end."""
    result = subprocess.run(["node", *args], capture_output=True, text=True, timeout=600)
    seen = json.loads(result.stdout.strip().splitlines()[-1]) if result.stdout.strip() else {}
    assert result.returncode == 0 and "error" not in seen, (seen, result.stderr[-2000:])
    return seen


def test_a_whole_case_in_the_widget_ends_with_the_assessment_card(assistant, page_server):
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "web-chat.png"
    seen = run_node(
        str(WEB / "tests" / "chat-case.mjs"), f"{page_server}/index.html?server={assistant.url}", str(screenshot)
    )
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
    with urllib.request.urlopen(seen["summary_link"], timeout=60) as summary:  # the widget's link opens the summary
        assert summary.status == 200 and "espresso" in summary.read().decode()
    assert screenshot.stat().st_size > 10_000


def a11y_case(mode: str, assistant, page_server, *more: str) -> dict:
    knowledge = load_knowledge()
    levels = json.dumps(
        [
            {"label": knowledge.label("triage_level", id_), "colour": level.colour}
            for id_, level in knowledge.levels.items()
        ]
    )
    page = f"{page_server}/index.html?server={assistant.url}"
    return run_node(str(WEB / "tests" / "a11y-case.mjs"), mode, page, levels, *more)


@pytest.fixture(scope="module")
def by_keyboard(assistant, page_server) -> dict:
    return a11y_case("keyboard", assistant, page_server)


@pytest.fixture(scope="module")
def on_a_phone(assistant, page_server) -> dict:
    ARTIFACTS.mkdir(exist_ok=True)
    return a11y_case("phone", assistant, page_server, str(ARTIFACTS / "web-phone.png"))


def serious(violations: list[dict]) -> str:
    """axe's serious and critical violations, each with what to fix and where ("" when none)."""
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"  at {' '.join(n['target'])}: {n['summary']}" for n in v["nodes"])
        for v in violations
        if v["impact"] in ("serious", "critical")
    )


def test_axe_finds_nothing_serious_with_the_chat_open_and_an_assessment_shown(by_keyboard, on_a_phone):
    version = json.loads((WEB / "package.json").read_text())["devDependencies"]["axe-core"]
    for seen in (by_keyboard, on_a_phone):
        assert seen["axe_version"] == version  # the page's own copy ran, not another
        assert seen["level"] and seen["card"], seen  # axe saw the page with a card in the open chat
        assert not serious(seen["violations"]), f"on the {seen['mode']} page:\n" + serious(seen["violations"])
        # Every level's label, not only the case's: its colours against its text.
        assert not serious(seen["level_violations"]), serious(seen["level_violations"])


def test_a_whole_case_with_the_keyboard_alone(by_keyboard):
    seen = by_keyboard
    assert seen["pointer_events"] == 0  # no mouse, no finger: Tab, Shift+Tab, Enter, Space and typing
    assert seen["launcher_name"] == "Open the chat"
    assert seen["buttons"] == ["None of these", "Yes, some of them", "I don't know"]
    reached = {stop["name"] for stop in seen["focus_stops"]}
    assert {"Open the chat", "Your message", "None of these"} <= reached, seen["focus_stops"]
    assert all(stop["visible"] for stop in seen["focus_stops"]), seen["focus_stops"]  # a ring wherever the focus is
    assert seen["focus_after_reply"]["name"] == "Your message"  # the replies are gone: the focus is not lost
    assert seen["level"] == "self_care" and "Possible causes" in seen["card"]
    assert seen["focus_after_close"] == {"element": "button.rw-launcher", "name": "Open the chat", "visible": True}


def test_on_a_phone_the_card_fits_the_screen(on_a_phone):
    seen, box = on_a_phone, on_a_phone["card_box"]
    assert seen["level"] == "gp_routine" and "Possible causes" in seen["card"]
    assert seen["card_visible"]
    assert seen["widths"]["scroll"] <= seen["widths"]["inner"]  # no sideways scrolling of the page
    assert seen["widths"]["messages"] <= seen["widths"]["messages_client"]  # nor of the conversation
    assert box["x"] >= 0 and box["x"] + box["width"] <= seen["widths"]["inner"], box
    assert (ARTIFACTS / "web-phone.png").stat().st_size > 10_000
    # The assessment's messages line by line, as sent (bot/channels/socketio.py's web_markdown).
    advice = next(m for m in seen["messages"] if m.startswith("My advice:")).split("\n")
    assert advice[1:3] == ["Why:", "• it has lasted 21 days, longer than two weeks"], advice
    assert advice[3].startswith("This is not an emergency"), advice
    assert not any("\\" in m or "\n- " in m for m in seen["messages"]), seen["messages"]
