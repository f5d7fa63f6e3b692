"""`make chat` and `make run` as a person uses them, in a terminal (a pty):
the assistant answers, and nothing is left running when they end."""

import os
import re
import socket
import time
import urllib.error
import urllib.request

import pytest

from tests.servers import http_json
from tests.terminal import Terminal

pytestmark = pytest.mark.servers


def port_open(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_make_chat_talks_through_a_case_and_stops_the_action_server(tmp_path):
    if port_open(5055):
        pytest.skip("port 5055 is taken by another action server")
    terminal = Terminal(["make", "chat"], {"TWITCH_TRACKER_DB": str(tmp_path / "conversations.db")})
    try:
        terminal.expect(r"Your input ->")
        assert "Warning" not in terminal.screen, "third-party warnings before the first prompt"
        assert "serving it without loading TensorFlow" in terminal.screen
        assert port_open(5055)
        terminal.type("hello")
        terminal.expect(r"not a doctor")
        terminal.expect(r"Your input ->")
        terminal.type("my eyelid has jumped for 3 days and I live on espresso")
        terminal.expect(r"Have you noticed any of these")
        terminal.expect(r"Your input ->")
        terminal.type("none of these")
        terminal.expect(r"My advice: This looks harmless")
        terminal.expect(r'you mentioned "espresso"')
        terminal.expect(r"Your input ->")
        assert "Custom json" not in terminal.screen  # the terminal gets the assessment as text alone
        terminal.type("/stop")
        terminal.process.wait(timeout=60)
    finally:
        terminal.close()
    assert not wait_closed(5055), "the action server outlived the shell"


def wait_for_server(terminal, url, timeout=180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            assert terminal.process.poll() is None, terminal.screen
            time.sleep(0.5)
    raise AssertionError(f"{url} not up after {timeout} s")


def wait_closed(*ports):
    deadline = time.monotonic() + 15
    while any(port_open(p) for p in ports) and time.monotonic() < deadline:
        time.sleep(0.2)
    return [p for p in ports if port_open(p)]


def test_make_run_serves_http_without_the_api_when_no_token_is_set_and_ctrl_c_stops_both_servers(tmp_path):
    if port_open(5005) or port_open(5055):
        pytest.skip("port 5005 or 5055 is taken")
    env = {"TWITCH_TRACKER_DB": str(tmp_path / "conversations.db"), "TWITCH_API_TOKEN": ""}
    terminal = Terminal(["make", "run"], env)
    try:
        terminal.expect(r"The HTTP API \(trackers, /model/parse\) is off: set TWITCH_API_TOKEN")
        wait_for_server(terminal, "http://127.0.0.1:5005/")  # Rasa listens once the model is loaded
        replies = http_json(
            "POST", "http://127.0.0.1:5005/webhooks/rest/webhook", {"sender": "make-run", "message": "hello"}
        )
        assert "not a doctor" in replies[0]["text"]
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen("http://127.0.0.1:5005/conversations/make-run/tracker", timeout=5)
        assert refused.value.code == 404  # no API at all
        if not os.environ.get("SLACK_BOT_TOKEN"):  # a channel without secrets is off, said in one line
            terminal.expect(r"The slack channel is off: set SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET to turn it on\.")
        assert port_open(5055)
        assert (tmp_path / "conversations.db").stat().st_mode & 0o077 == 0, "health data: this user only"
        os.write(terminal.master, b"\x03")  # Ctrl-C, as typed in the terminal
        terminal.process.wait(timeout=60)
    finally:
        terminal.close()
    assert not wait_closed(5005, 5055), "a server outlived Ctrl-C"


def cors_origin(url, origin):
    """The origin the server allows a browser page at `origin` (None: refused)."""
    request = urllib.request.Request(url, headers={"Origin": origin})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.headers.get("Access-Control-Allow-Origin")


def test_make_web_serves_the_page_and_the_assistant_and_ctrl_c_stops_all(tmp_path):
    if any(port_open(p) for p in (5005, 5055, 8080)):
        pytest.skip("port 5005, 5055 or 8080 is taken")
    env = {"TWITCH_TRACKER_DB": str(tmp_path / "conversations.db"), "TWITCH_API_TOKEN": "make-web-token"}
    terminal = Terminal(["make", "web"], env)
    try:
        wait_for_server(terminal, "http://127.0.0.1:5005/status?token=make-web-token")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen("http://127.0.0.1:5005/status", timeout=5)
        assert refused.value.code == 401  # the API only with its token
        status = "http://127.0.0.1:5005/status?token=make-web-token"
        assert cors_origin(status, "http://localhost:8080") == "http://localhost:8080"
        assert cors_origin(status, "http://evil.example") is None  # only the chat page's origin
        page = urllib.request.urlopen("http://127.0.0.1:8080/index.html", timeout=5).read().decode()
        sources = re.findall(r'src="([^"]+)"', page)
        assert "node_modules/rasa-webchat/lib/index.js" in sources
        assert not [src for src in sources if "//" in src], "every script is served from here, none from a CDN"
        widget = urllib.request.urlopen("http://127.0.0.1:8080/node_modules/rasa-webchat/lib/index.js", timeout=5)
        assert widget.status == 200
        socket = urllib.request.urlopen("http://127.0.0.1:5005/socket.io/?EIO=4&transport=polling", timeout=5)
        assert socket.read().decode().startswith("0{")  # the socket.io channel answers the handshake
        os.write(terminal.master, b"\x03")
        terminal.process.wait(timeout=60)
    finally:
        terminal.close()
    assert not wait_closed(5005, 5055, 8080), "a server outlived Ctrl-C"
