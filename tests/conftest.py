"""Shared fixtures. The server fixture starts ONE action server and ONE
`rasa run` for the whole session (a cold start costs seconds)."""
from __future__ import annotations

from typing import Iterator

import pytest

from bot.knowledge import Knowledge, load_knowledge
from tests.paths import ROOT
from tests.servers import Assistant, start_assistant


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge()


@pytest.fixture(scope="session")
def assistant(tmp_path_factory) -> Iterator[Assistant]:
    with start_assistant(ROOT, tmp_path_factory.mktemp("assistant")) as running:
        yield running
