"""The data the NLU runs on beside its code: the knowledge data (with the
lexicon, the warning signs and the triage's onset rules) and the ConText
rules. A trained model carries a copy of it (`bot.nlu.model_data`), so a
model finds what it was trained to find wherever it is served and whatever
the checkout's files say now.

An `NluData` is one such set of files, the checkout's (`sources()`) or a
copy inside a model (`stored_in`), and compares by content: equal copies
are one key of the extractor cache (`bot.nlu.extractor.extractor_for`).
The safety corpus is not here: only the safety net reads it, at training,
and the model keeps what the net learned from it. The English word list,
the stop words and the sentence encoder come with installed packages,
pinned like Rasa itself. No Rasa here.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from bot.knowledge.loader import DATA_DIR
from bot.nlu.context import RULES_FILE

KNOWLEDGE = "knowledge"  # the knowledge data's directory in a copy
RULES = "context.yml"  # the ConText rules in a copy
# Starts every digest: a change of what the data is or how a model holds it
# changes the components' fingerprints, so Rasa's cache retrains them.
FORMAT = b"nlu-data/1"


def _digest(files: list[tuple[str, Path]]) -> str:
    digest = hashlib.sha256(FORMAT)
    for name, path in files:
        content = path.read_bytes()
        digest.update(b"%s\0%d\0%s" % (name.encode(), len(content), content))
    return digest.hexdigest()


@dataclass(frozen=True)
class NluData:
    """Where one set of the NLU's data files lies, and their digest (what
    it compares by)."""

    knowledge_dir: Path = field(compare=False)
    rules_file: Path = field(compare=False)
    digest: str

    @classmethod
    def at(cls, knowledge_dir: Path, rules_file: Path) -> NluData:
        return cls(knowledge_dir, rules_file, _digest(_files(knowledge_dir, rules_file)))

    def files(self) -> list[tuple[str, Path]]:
        """(name in a copy, path) of each file."""
        return _files(self.knowledge_dir, self.rules_file)

    def copy_to(self, directory: Path) -> NluData:
        """Copy the files into `directory`; the copy."""
        (directory / KNOWLEDGE).mkdir(parents=True, exist_ok=True)
        for name, path in self.files():
            shutil.copyfile(path, directory / name)
        return stored_in(directory)


def _files(knowledge_dir: Path, rules_file: Path) -> list[tuple[str, Path]]:
    return [(f"{KNOWLEDGE}/{path.name}", path) for path in sorted(knowledge_dir.glob("*.yml"))] + [(RULES, rules_file)]


def sources() -> NluData:
    """The data in the checkout: what `rasa train` puts in the model."""
    return NluData.at(DATA_DIR, RULES_FILE)


def stored_in(directory: Path) -> NluData:
    """The copy `NluData.copy_to` made in `directory`."""
    return NluData.at(directory / KNOWLEDGE, directory / RULES)


def data_fingerprint(*extra: Path) -> str:
    """A digest of the checkout's data and of the files `extra`, for the
    Rasa fingerprint of each component that stores the data or learns
    from it: an edit retrains them (plain `rasa train` included) instead of
    Rasa reusing what it cached."""
    return _digest(_files(DATA_DIR, RULES_FILE) + [(path.name, path) for path in extra])
