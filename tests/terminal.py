"""A command in a terminal of its own (a pseudo-terminal of 200 x 50), as a
person runs it: read what it shows, type, press keys, Ctrl-C."""

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import termios
import time

from tests.paths import ROOT

ANSI = re.compile(r"\x1b\[[0-9;?]*[a-zA-Z]")
KEYS = {"enter": b"\r", "down": b"\x1b[B", "ctrl-c": b"\x03", "ctrl-u": b"\x15"}


def _own_terminal():
    """In the child: a new session whose controlling terminal is the pty, so
    that Ctrl-C typed there interrupts it as in a real terminal."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Terminal:
    def __init__(self, command, env=None):
        self.master, slave = pty.openpty()
        # A real size: full-screen prompts (questionary) wrap at 80 columns without one.
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
        # PROMPT_TOOLKIT_NO_CPR: this stand-in does not answer the cursor position requests a terminal does.
        env = {
            **os.environ,
            "TERM": "xterm",
            "COLUMNS": "200",
            "LINES": "50",
            "PROMPT_TOOLKIT_NO_CPR": "1",
            **(env or {}),
        }
        self.process = subprocess.Popen(
            command, cwd=ROOT, stdin=slave, stdout=slave, stderr=slave, env=env, preexec_fn=_own_terminal
        )
        os.close(slave)
        self.screen = ""  # what it showed since the last thing typed
        self.transcript = ""  # everything it showed

    def _read(self, timeout):
        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            try:
                shown = ANSI.sub("", os.read(self.master, 65536).decode(errors="replace"))
            except OSError:  # the command ended
                return False
            self.screen += shown
            self.transcript += shown
        return True

    def expect(self, pattern, timeout=180):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if re.search(pattern, self.screen):
                return
            if not self._read(0.5):
                break
        raise AssertionError(f"{pattern!r} not seen; screen ends with:\n{self.screen[-2000:]}")

    def type(self, text):
        self.screen = ""
        os.write(self.master, text.encode() + b"\r")

    def press(self, *keys):
        self.screen = ""
        for key in keys:
            os.write(self.master, KEYS.get(key, key.encode()))
            time.sleep(0.2)  # a person's pace: prompts redraw between keys

    def wait(self, timeout=60):
        """Its exit status, once it ends (what it shows meanwhile is kept)."""
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            self._read(0.5)
        status = self.process.wait(timeout=1)
        while select.select([self.master], [], [], 0.2)[0] and self._read(0):
            pass  # its last words
        return status

    def close(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        os.close(self.master)
