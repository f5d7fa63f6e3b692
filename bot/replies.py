"""The texts custom actions say, loaded once from replies.yml."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Dict, Optional

import yaml

from bot.nlu.input_check import PROBLEMS

REPLIES_FILE = Path(__file__).with_name("replies.yml")


@functools.lru_cache(maxsize=1)
def _replies() -> Dict[str, Any]:
    replies = yaml.safe_load(REPLIES_FILE.read_text(encoding="utf-8"))
    missing = [p for p in PROBLEMS if not replies.get("input_problem", {}).get(p)]
    if missing or not replies.get("not_understood"):
        raise ValueError(f"{REPLIES_FILE.name}: missing replies for {missing or ['not_understood']}")
    return replies


def fallback_reply(input_problem: Optional[str]) -> str:
    """What to say when a message could not be used, and why."""
    replies = _replies()
    return replies["input_problem"].get(input_problem or "", replies["not_understood"])
