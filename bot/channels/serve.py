"""`python -m bot.channels.serve [rasa run options]`: `rasa run` with the
channels of credentials.yml, their secrets filled from the environment
(bot.channels.credentials; a channel whose secrets are missing stays off,
bot.channels.off), and the HTTP API only behind a token; each thing left
off gets one log line.

Secrets stay off disk and out of the process list: Rasa runs in this
process (its command line is the one that started it, without the token),
and the resolved credentials reach it through a pipe (/dev/fd/N), never a
file. A model without TensorFlow components is served without importing
TensorFlow (bot.channels.without_tensorflow)."""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Mapping
from pathlib import Path

import yaml

from bot.channels.credentials import resolve
from bot.channels.without_tensorflow import keep_out

ROOT = Path(__file__).resolve().parents[2]
API_TOKEN = "TWITCH_API_TOKEN"
# Sanic closes an idle keep-alive connection after 5 s; clients and load
# balancers keep theirs longer (aiohttp 15 s, nginx 60 s), so a request sent
# as the server closes one fails. The server keeps them longer instead.
KEEP_ALIVE_S = "75"


def api_options(args: list[str], env: Mapping[str, str]) -> tuple[list[str], str | None]:
    """`--enable-api` only with a token (from the environment); without one
    the API stays off, with a note saying how to turn it on."""
    if "--enable-api" not in args or "--auth-token" in args:
        return args, None
    token = env.get(API_TOKEN)
    if token:
        return args + ["--auth-token", token], None
    return (
        [a for a in args if a != "--enable-api"],
        f"The HTTP API (trackers, /model/parse) is off: set {API_TOKEN} to turn it on behind that token.",
    )


class _Quoted(yaml.SafeDumper):
    """Every string in double quotes: Rasa expands `${VAR}` in plain
    scalars only, and must leave an off channel's references to it."""


_Quoted.add_representer(str, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"'))


def _pipe_with(text: str) -> int:
    """A readable file descriptor holding `text` (a pipe holds 64 KiB;
    credentials are a few hundred bytes)."""
    read, write = os.pipe()
    os.write(write, text.encode())
    os.close(write)
    return read


def _keep_warnings_quiet() -> None:
    """With `-W ignore` or PYTHONWARNINGS=ignore (make chat, run, web), keep
    them unseen: Sanic turns every DeprecationWarning back on, and Rasa every
    UserWarning, by putting their own filters in front of it. Not showing
    warnings at all holds whatever filters come later."""
    if "ignore" in sys.warnoptions:
        warnings.showwarning = lambda *args, **kwargs: None


def main() -> None:
    """`serve [rasa run options]`, or `serve shell [rasa shell options]`
    (make chat: the terminal, with TensorFlow kept out the same way)."""
    command, args = ("shell", sys.argv[2:]) if sys.argv[1:2] == ["shell"] else ("run", sys.argv[1:])
    notes = []
    if command == "run":
        raw = yaml.safe_load((ROOT / "credentials.yml").read_text(encoding="utf-8")) or {}
        filled, _ = resolve(raw, os.environ)
        # A channel whose secrets are missing goes as written: it stays off and
        # says so itself (bot.channels.off), as under plain `rasa run`.
        channels = {name: filled.get(name, config) for name, config in raw.items()}
        args, api_note = api_options(args, os.environ)
        notes.append(api_note)
        if "--credentials" not in args:  # a file given on the command line is used as it is
            args = ["--credentials", f"/dev/fd/{_pipe_with(yaml.dump(channels, Dumper=_Quoted))}", *args]
    _keep_warnings_quiet()
    notes.append(keep_out(args, Path.cwd(), os.environ))
    for note in notes:
        if note:
            print(f"twitch: {note}", file=sys.stderr, flush=True)
    os.environ.setdefault("SANIC_KEEP_ALIVE_TIMEOUT", KEEP_ALIVE_S)
    from rasa.__main__ import main as rasa  # late: the notes come out before Rasa's slow import

    sys.argv = ["rasa", command, *args]
    rasa()


if __name__ == "__main__":
    main()
