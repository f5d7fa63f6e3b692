"""`python -m bot.channels.serve [rasa run options]`: start `rasa run` with
the channels of credentials.yml whose secrets are set (bot.channels.
credentials); each channel left off gets one log line."""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import yaml

from bot.channels.credentials import resolve

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    raw = yaml.safe_load((ROOT / "credentials.yml").read_text(encoding="utf-8")) or {}
    channels, notes = resolve(raw, os.environ)
    for note in notes:
        print(f"twitch: {note}", file=sys.stderr, flush=True)
    handle, path = tempfile.mkstemp(prefix="credentials-", suffix=".yml")
    with os.fdopen(handle, "w") as out:  # secrets: readable by this user only
        yaml.safe_dump(channels, out)
    rasa = str(Path(sys.executable).with_name("rasa"))
    os.execv(rasa, [rasa, "run", "--credentials", path, *sys.argv[1:]])


if __name__ == "__main__":
    main()
