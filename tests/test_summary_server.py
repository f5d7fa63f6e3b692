"""The summary for the doctor through the real servers: a case over the
REST channel that reaches gp_routine offers the link; the link opens in
headless Chromium (screenshot in tests/artifacts/summary.png), on a phone
and printed, with the person's words and the level; its PDF is read by an
independent reader (pdf.js); a tampered, expired or deleted link gets 404,
also after the person writes again; so does "start over"."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bot.summary.token import mint
from tests.conversation_helpers import CONVERSATION, TEXTS
from tests.servers import SUMMARY_SECRET, Assistant

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "web"
ARTIFACTS = ROOT / "tests" / "artifacts"
FIRST = "my left calf has been twitching for 3 weeks and I drink a lot of coffee"
LINK = re.compile(r"(http://\S+/webhooks/summary/[A-Za-z0-9_-]+)")
pytestmark = pytest.mark.servers


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def reach_gp_routine(assistant: Assistant, sender: str) -> tuple[str, str]:
    """Tell a case that needs a doctor's appointment; the replies of its
    assessment, and the summary link they offer."""
    assert TEXTS.questions["red_flags"].text in texts(assistant.say(sender, FIRST))
    said = texts(assistant.say(sender, "none of these"))
    assert CONVERSATION.knowledge.label("triage_level", "gp_routine") in said, said
    link = LINK.search(said)
    assert link, said
    return said, link.group(1)


def test_asked_before_any_advice_there_is_nothing_to_summarise_yet(assistant):
    assert texts(assistant.say("summary-early", "can I get a summary?")) == TEXTS.replies["summary_not_yet"]


def test_a_gp_routine_case_offers_a_link_that_opens_in_a_browser_with_a_pdf_that_renders(assistant):
    for needed in (WEB / "node_modules" / "pdfjs-dist", Path(shutil.which("chromium") or "/usr/bin/chromium")):
        if not needed.exists():
            pytest.fail(f"{needed} is missing: run `make web-deps` (make test does)")
    said, link = reach_gp_routine(assistant, "summary-seen")
    assert link.startswith(f"{assistant.url}/webhooks/summary/") and "7 days" in said
    asked = texts(assistant.say("summary-seen", "can I get a summary?"))
    assert LINK.search(asked), asked  # on request too
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "summary.png"
    result = subprocess.run(
        ["node", str(WEB / "tests" / "summary-page.mjs"), link, str(screenshot)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=WEB,
    )
    seen = json.loads(result.stdout.strip().splitlines()[-1]) if result.stdout.strip() else {}
    assert result.returncode == 0 and "error" not in seen, (seen, result.stderr[-2000:])
    level = CONVERSATION.knowledge.label("triage_level", "gp_routine")
    assert seen["status"] == 200 and seen["content_type"].startswith("text/html") and seen["cache"] == "no-store"
    assert "default-src 'none'" in seen["csp"]  # health data: no script, no frame around it
    assert seen["lang"] == "en" and seen["title"] == seen["headings"][0] and len(seen["headings"]) > 5
    assert f"“{FIRST}”" in seen["text"] and level in seen["text"]
    assert "none of these" not in seen["text"]  # a bare answer shows as the signs' answers instead
    assert "weakness: no" in seen["text"] and CONVERSATION.knowledge.disclaimer in seen["text"]
    assert screenshot.stat().st_size > 10_000
    assert not seen["phone"]["overflows"] and seen["phone"]["font_px"] >= 14
    printed = seen["print"]
    assert f"“{FIRST}”" in printed["text"] and level in printed["text"] and not printed["link_shown"]
    assert printed["font_px"] >= 13 and 1 <= printed["pages"] <= 2
    pdf = seen["pdf"]
    assert pdf["status"] == 200 and pdf["content_type"] == "application/pdf" and pdf["magic"] == "%PDF-"
    assert 1 <= pdf["pages"] <= 2
    squeezed = re.sub(r"\s+", "", pdf["text"])
    assert re.sub(r"\s+", "", f"“{FIRST}”") in squeezed and re.sub(r"\s+", "", level) in squeezed


def _nonce(assistant: Assistant, sender: str) -> str:
    return assistant.tracker(sender)["slots"]["summary_nonce"]


def test_a_tampered_expired_or_unknown_token_is_refused_with_404(assistant):
    _, link = reach_gp_routine(assistant, "summary-tamper")
    token = link.rsplit("/", 1)[1]
    base = link[: -len(token)]
    assert status(link) == 200 and status(f"{link}/pdf") == 200
    flip = {"A": "B"}
    for bad in (
        f"{token[:4]}{flip.get(token[4], 'A')}{token[5:]}",  # the IV
        f"{token[:30]}{flip.get(token[30], 'A')}{token[31:]}",  # what it says
        f"{token[:-5]}{flip.get(token[-5], 'A')}{token[-4:]}",  # the tag
        "not-a-token",
        token[:-1] + "%C3%A9",  # not base64 at all
        token[:40],
    ):
        assert status(base + bad) == 404 and status(f"{base}{bad}/pdf") == 404, bad
    nonce, secret = _nonce(assistant, "summary-tamper"), SUMMARY_SECRET.encode()
    assert status(base + mint("summary-tamper", nonce, secret, int(time.time()) + 60)) == 200  # minted as the server
    assert status(base + mint("summary-tamper", nonce, secret, int(time.time()) - 1)) == 404  # expired
    assert status(base + mint("summary-tamper", "another nonce", secret, int(time.time()) + 60)) == 404
    assert status(base + mint("nobody", nonce, secret, int(time.time()) + 60)) == 404  # no such conversation
    assert status(base + mint("summary-tamper", nonce, b"another secret!!", int(time.time()) + 60)) == 404


def test_delete_my_data_kills_the_link_also_after_the_person_writes_again(assistant):
    _, link = reach_gp_routine(assistant, "summary-forget")
    assert status(link) == 200
    assistant.say("summary-forget", "delete my data")
    assert texts(assistant.say("summary-forget", "yes")) == TEXTS.replies["forgotten"]
    assert status(link) == 404 and status(f"{link}/pdf") == 404
    _, new_link = reach_gp_routine(assistant, "summary-forget")  # the same person, a new conversation
    assert new_link != link and status(new_link) == 200
    assert status(link) == 404 and status(f"{link}/pdf") == 404


def test_start_over_kills_the_link_too(assistant):
    _, link = reach_gp_routine(assistant, "summary-restart")
    assert texts(assistant.say("summary-restart", "start over")) == TEXTS.replies["start_over"]
    assert status(link) == 404
