"""Where the tests find the project's files and the virtualenv's commands."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The specification (ontology, clinical rules, assessment contract): the
# project's own copy since issue 11, which code, data and tests cite.
SPEC = ROOT / "docs" / "spec"
# The running virtualenv's bin/ (`rasa`, `python`): the tests run in it,
# wherever it lives (scripts/venv-path). sys.executable is not resolved, so
# a venv's python link keeps its venv's folder.
VENV_BIN = Path(sys.executable).parent
RASA = str(VENV_BIN / "rasa")
