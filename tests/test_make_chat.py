"""`make chat` as a person uses it: in a terminal (a pty), the shell greets,
and the action server stops when the shell ends."""
import os
import pty
import re
import select
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ANSI = re.compile(r"\x1b\[[0-9;?]*[a-zA-Z]")
pytestmark = pytest.mark.servers


class Terminal:
    def __init__(self, command):
        self.master, slave = pty.openpty()
        env = {**os.environ, "TERM": "xterm", "COLUMNS": "200", "LINES": "50"}
        self.process = subprocess.Popen(command, cwd=ROOT, stdin=slave, stdout=slave, stderr=slave,
                                        env=env, start_new_session=True)
        os.close(slave)
        self.screen = ""

    def expect(self, pattern, timeout=180):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if re.search(pattern, self.screen):
                return
            ready, _, _ = select.select([self.master], [], [], 0.5)
            if ready:
                try:
                    self.screen += ANSI.sub("", os.read(self.master, 65536).decode(errors="replace"))
                except OSError:
                    break
        raise AssertionError(f"{pattern!r} not seen; screen ends with:\n{self.screen[-2000:]}")

    def type(self, text):
        self.screen = ""
        os.write(self.master, text.encode() + b"\r")

    def close(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        os.close(self.master)


def port_open(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_make_chat_greets_and_stops_the_action_server():
    if port_open(5055):
        pytest.skip("port 5055 is taken by another action server")
    terminal = Terminal(["make", "chat"])
    try:
        terminal.expect(r"Your input ->")
        assert port_open(5055)
        terminal.type("hello")
        terminal.expect(r"not a doctor")
        terminal.expect(r"Your input ->")
        terminal.type("/stop")
        terminal.process.wait(timeout=60)
    finally:
        terminal.close()
    deadline = time.monotonic() + 10
    while port_open(5055) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not port_open(5055), "the action server outlived the shell"
