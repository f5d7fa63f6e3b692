"""Where the tests find the project's files."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The specification (ontology, clinical rules, assessment contract): the
# project's own copy since issue 11, which code, data and tests cite.
SPEC = ROOT / "docs" / "spec"
