"""Shared fixtures. The server fixture starts ONE action server and ONE
`rasa run` for the whole session (a cold start costs seconds)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from bot.knowledge import Knowledge, load_knowledge
from tests.paths import ROOT
from tests.servers import Assistant, start_assistant


class NluDataFiles(NamedTuple):
    knowledge: Path  # the knowledge data directory, lexicon.yml in it
    rules: Path  # context.yml


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge()


@pytest.fixture(scope="session")
def assistant(tmp_path_factory) -> Iterator[Assistant]:
    with start_assistant(ROOT, tmp_path_factory.mktemp("assistant")) as running:
        yield running


@pytest.fixture()
def checkout_data(tmp_path, monkeypatch) -> NluDataFiles:
    """A copy of the checkout's NLU data that stands for it (what training
    stores, what `shared_extractor` reads), for tests that edit it."""
    import bot.nlu.nlu_data
    from bot.knowledge.loader import DATA_DIR
    from bot.nlu.context import RULES_FILE

    files = NluDataFiles(tmp_path / "checkout" / "knowledge", tmp_path / "checkout" / "context.yml")
    shutil.copytree(DATA_DIR, files.knowledge)
    shutil.copy(RULES_FILE, files.rules)
    monkeypatch.setattr(bot.nlu.nlu_data, "DATA_DIR", files.knowledge)
    monkeypatch.setattr(bot.nlu.nlu_data, "RULES_FILE", files.rules)
    return files
