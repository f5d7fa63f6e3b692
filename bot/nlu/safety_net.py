"""The safety net: learned models that find every warning sign in a
message, whatever its wording ("my keys slip out of my hand" -> weakness).
It stands beside the lexicon, which keeps the exact words quoted as
evidence: the conversation asks the person to confirm a sign the net flags
and the lexicon did not name.

Two stages (measured choices in the README): a linear model over word and
character n-grams on every message (a sparse sum in numpy, well under a
millisecond), tuned for recall; then, only for the signs it flags, a linear
model over a sentence embedding (bot.nlu.sentence_embedding, a few
milliseconds), which removes most false alarms ("a weak moment").

Trained from the safety corpus (data/safety_corpus.yml, labelled messages),
the lexicon's phrases and the NLU training examples. No Rasa here:
`bot.nlu.warning_signs` wraps it for the pipeline.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Optional

import numpy as np

from bot.knowledge.findings import SIGN_KINDS

CORPUS = Path(__file__).parent / "data" / "safety_corpus.yml"
WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+")
# Clauses are scored on their own too, so a sign in one clause of a long
# message is not drowned by the rest, and the clause is the quote.
CLAUSE = re.compile(r"[^.!?;,\n]+(?:\b(?:but|though|tho|however|and then)\b)?", re.IGNORECASE)
CHAR_SIZES = (3, 4, 5)
MIN_CLAUSE_WORDS = 2
# Words that only say where. A message or clause of these and of places that
# are no sign ("only in my left calf", the answer to "where does it twitch?")
# names no sign, so it is not scored: the corpus names calves and thumbs
# mostly where they have wasted, and the net read the bare place as wasting.
WHERE_WORDS = frozenset(
    "a all also and around at both bit in is it it's its just left lower mainly mostly my near of "
    "on one only right side sides sometimes the too upper".split()
)
Encoder = Callable[[str], np.ndarray]  # text -> sentence embedding


def words_of(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("\u2019", "'"))


def word_features(word: str) -> list[str]:
    """The word itself and its character n-grams."""
    padded = f" {word} "
    return [f"w:{word}"] + [f"c:{padded[i : i + n]}" for n in CHAR_SIZES for i in range(len(padded) - n + 1)]


def bigram_features(words: Sequence[str]) -> list[str]:
    return [f"b:{a} {b}" for a, b in pairwise(words)]


def features(text: str) -> list[str]:
    """Word unigrams and bigrams, and character n-grams within words."""
    words = words_of(text)
    return [f for w in words for f in word_features(w)] + bigram_features(words)


def blanked(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """The text with the spans blanked (same length, so offsets stay)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


@dataclass(frozen=True)
class Flag:
    sign: str
    score: float  # the second look's probability
    start: int  # the clause the first stage scored highest, as character offsets
    end: int


@dataclass(frozen=True)
class Head:
    """Per-sign logistic regressions over one kind of features."""

    weights: np.ndarray  # features x signs
    bias: np.ndarray
    thresholds: np.ndarray

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(rows @ self.weights + self.bias)))

    @classmethod
    def fit(cls, x, y: np.ndarray, c: float, recall_target: float, folds: int = 5) -> Head:
        """One model per column of y; each threshold keeps `recall_target`
        of that sign's positives in cross-validation (0.5 at most)."""
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import StratifiedKFold

        def model():
            return LogisticRegression(C=c, class_weight="balanced", max_iter=3000, solver="liblinear")

        weights, bias = np.zeros((x.shape[1], y.shape[1])), np.zeros(y.shape[1])
        thresholds = np.full(y.shape[1], 0.5)
        for j in range(y.shape[1]):
            fitted = model().fit(x, y[:, j])
            weights[:, j], bias[j] = fitted.coef_[0], fitted.intercept_[0]
            if y[:, j].sum() >= folds:
                held = np.zeros(x.shape[0])
                for train, test in StratifiedKFold(folds, shuffle=True, random_state=0).split(x, y[:, j]):
                    held[test] = model().fit(x[train], y[train, j]).predict_proba(x[test])[:, 1]
                scores = np.sort(held[y[:, j] == 1])
                thresholds[j] = min(0.5, scores[int(np.floor((1 - recall_target) * len(scores)))])
        return cls(weights.astype(np.float32), bias.astype(np.float32), thresholds.astype(np.float32))


class SafetyNet:
    """Two stages. The first, fast on every message: binary L2-normalised
    n-grams, thresholds set for recall. The second, only for signs the first
    flags and the lexicon did not name: sentence embeddings, for precision."""

    def __init__(
        self, signs: Sequence[str], vocabulary: Mapping[str, int], first: Head, second: Head, encode: Encoder
    ) -> None:
        self.signs = tuple(signs)
        self._vocabulary = dict(vocabulary)
        self.first, self.second = first, second
        self._encode = encode
        # Messages share most of their words: their feature ids are looked up once.
        self._word_ids = functools.lru_cache(maxsize=50_000)(self._lookup_word)

    def _lookup_word(self, word: str) -> tuple[int, ...]:
        return tuple(self._vocabulary[f] for f in word_features(word) if f in self._vocabulary)

    def _ids(self, text: str) -> list[int]:
        words = words_of(text)
        ids = {i for w in words for i in self._word_ids(w)}
        ids.update(self._vocabulary[b] for b in bigram_features(words) if b in self._vocabulary)
        return list(ids)

    @staticmethod
    def matrix(texts: Sequence[str], vocabulary: Mapping[str, int]):
        """The first stage's training matrix, built as `flags` sees a text."""
        from scipy.sparse import csr_matrix

        rows, cols, values = [], [], []
        for row, text in enumerate(texts):
            ids = sorted({vocabulary[f] for f in features(text) if f in vocabulary})
            rows += [row] * len(ids)
            cols += ids
            values += [1.0 / np.sqrt(len(ids))] * len(ids)
        return csr_matrix((values, (rows, cols)), shape=(len(texts), len(vocabulary)), dtype=np.float64)

    @classmethod
    def train(
        cls,
        texts: Sequence[str],
        labels: Sequence[Iterable[str]],
        signs: Sequence[str],
        encode: Encoder,
        first_recall: float,
        second_recall: float,
        c_first: float,
        c_second: float,
    ) -> SafetyNet:
        vocabulary: dict[str, int] = {}
        for text in texts:
            for feature in features(text):
                vocabulary.setdefault(feature, len(vocabulary))
        y = np.array([[sign in set(label) for sign in signs] for label in labels], dtype=int)
        first = Head.fit(cls.matrix(texts, vocabulary), y, c_first, first_recall)
        second = Head.fit(np.stack([encode(t) for t in texts]), y, c_second, second_recall)
        return cls(signs, vocabulary, first, second, encode)

    def _first_scores(self, texts: Sequence[str]) -> np.ndarray:
        out = np.empty((len(texts), len(self.signs)), dtype=np.float32)
        for row, text in enumerate(texts):
            ids = self._ids(text)
            summed = self.first.weights[ids].sum(axis=0) / np.sqrt(len(ids)) if ids else 0.0
            out[row] = 1.0 / (1.0 + np.exp(-(summed + self.first.bias)))
        return out

    def flags(self, text: str, named: Iterable[str] = (), places: Sequence[tuple[int, int]] = ()) -> list[Flag]:
        """The signs both stages find in the message, leaving out those the
        lexicon already `named`; each with the clause that scored highest.
        The message and clauses that only say where (`places`: the spans of
        places that are no sign) are not scored."""
        clauses = [
            (m.start(), m.end()) for m in CLAUSE.finditer(text) if len(WORD.findall(m.group(0))) >= MIN_CLAUSE_WORDS
        ]
        spans = [(0, len(text))] + (clauses if len(clauses) > 1 else [])
        spans = [
            (s, e)
            for s, e in spans
            if not only_where(text[s:e], [(ps - s, pe - s) for ps, pe in places if s <= ps and pe <= e])
        ]
        if not spans:
            return []
        first_rows = self._first_scores([text[s:e] for s, e in spans])
        named = set(named)
        candidates = [
            j
            for j, sign in enumerate(self.signs)
            if sign not in named and first_rows[:, j].max() >= self.first.thresholds[j]
        ]
        if not candidates:
            return []
        # The second look reads the whole message and each candidate's best
        # clause: one sign in a long message is not drowned by the rest.
        best = {j: spans[int(np.argmax(first_rows[:, j]))] for j in candidates}
        texts = [text] + sorted({text[s:e] for s, e in best.values() if (s, e) != (0, len(text))})
        second = self.second.probabilities(np.stack([self._encode(t) for t in texts]))
        rows = {t: i for i, t in enumerate(texts)}
        flags = []
        for j in candidates:
            start, end = best[j]
            score = max(second[0, j], second[rows[text[start:end]], j])
            if score >= self.second.thresholds[j]:
                flags.append(Flag(self.signs[j], round(float(score), 3), start, end))
        return flags

    def save(self, directory: Path) -> None:
        np.savez_compressed(
            directory / "heads.npz",
            **{
                f"{name}_{part}": getattr(head, part)
                for name, head in (("first", self.first), ("second", self.second))
                for part in ("weights", "bias", "thresholds")
            },
        )
        (directory / "meta.json").write_text(json.dumps({"signs": self.signs, "vocabulary": self._vocabulary}))

    @classmethod
    def load(cls, directory: Path, encode: Encoder) -> SafetyNet:
        arrays = np.load(directory / "heads.npz")
        meta = json.loads((directory / "meta.json").read_text())
        first, second = (
            Head(*(arrays[f"{name}_{part}"] for part in ("weights", "bias", "thresholds")))
            for name in ("first", "second")
        )
        return cls(meta["signs"], meta["vocabulary"], first, second, encode)


def only_where(text: str, places: Sequence[tuple[int, int]] = ()) -> bool:
    """The text says nothing but the `places` (character spans) and
    `WHERE_WORDS`."""
    return all(word in WHERE_WORDS for word in words_of(blanked(text, places)))


def training_set(
    corpus: Sequence[Mapping],
    lexicon: Mapping[str, Mapping[str, tuple[str, ...]]],
    examples: Iterable[tuple[str, Iterable[str]]],
    signs: Sequence[str],
    ambiguous: Optional[Mapping[str, Mapping[str, tuple[str, ...]]]] = None,
) -> tuple[list[str], list[list[str]]]:
    """Texts and their signs: the corpus (signs as labelled), each lexicon
    phrase of a sign but the `ambiguous` ones (the net must judge those by
    their context, so a bare "weak" teaches it nothing), and other examples
    with the signs the lexicon finds."""
    texts = [item["text"] for item in corpus]
    labels = [[s for s in item["signs"] if s in signs] for item in corpus]
    ambiguous = ambiguous or {}
    for kind in SIGN_KINDS:
        for sign, phrases in lexicon[kind].items():
            if sign in signs:
                plain = [p for p in phrases if p not in ambiguous.get(kind, {}).get(sign, ())]
                texts += plain
                labels += [[sign]] * len(plain)
    for text, found in examples:
        texts.append(text)
        labels.append([s for s in found if s in signs])
    return texts, labels


Phrase = tuple[str, str, tuple[str, ...]]  # (kind, id, normalised tokens) of a lexicon match


def doubtful_phrases(
    matches: Iterable[tuple[Phrase, bool]], min_wrong: int = 2, max_precision: float = 0.75
) -> list[Phrase]:
    """Lexicon phrases the corpus shows to mislead: affirmed `min_wrong`
    times or more in messages whose labels lack their sign, and right at
    most `max_precision` of the time ("collapsed", said of a house sale).
    `matches`: each affirmed match of a warning sign in a corpus message,
    with whether the message's labels hold that sign."""
    right: dict[Phrase, int] = {}
    wrong: dict[Phrase, int] = {}
    for phrase, labelled in matches:
        counts = right if labelled else wrong
        counts[phrase] = counts.get(phrase, 0) + 1
    return sorted(
        p for p, n in wrong.items() if n >= min_wrong and right.get(p, 0) / (right.get(p, 0) + n) <= max_precision
    )


__all__ = [
    "CORPUS",
    "Flag",
    "Head",
    "SafetyNet",
    "doubtful_phrases",
    "features",
    "only_where",
    "training_set",
    "blanked",
]
