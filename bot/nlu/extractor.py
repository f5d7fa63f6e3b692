"""Findings in free text: symptoms, body parts and exposures (canonical ids
of the knowledge module's lexicon), each affirmed or denied, how it began
(onset), and durations in days. A blank English spaCy pipeline with a PhraseMatcher built from
the lexicon, so one source of synonyms feeds understanding and knowledge.
No Rasa here: `bot.nlu.entity_extractor` wraps this for the pipeline.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable, List, Optional

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from bot.knowledge import Knowledge, load_knowledge
from bot.nlu import english
from bot.nlu.context import denied_spans, load_rules
from bot.nlu.duration import parse_durations
from bot.nlu.normalise import Normaliser

FINDING_KINDS = ("symptom", "body_part", "exposure")
IGNORE = "ignore"
# "pins-and-needles", "pre-workout": a hyphen between letters reads as a
# space (same length, so character offsets are kept).
INNER_HYPHEN = re.compile(r"(?<=[^\W\d_])[-‐](?=[^\W\d_])")


@dataclass(frozen=True)
class Mention:
    entity: str            # symptom, body_part, exposure, onset or duration
    value: object          # canonical id, sudden/gradual, or days (float)
    start: int             # character offsets in the message
    end: int
    text: str
    denied: bool = False


class FindingExtractor:
    """Lexicon phrase matching with plural and typo normalisation, ignore
    phrases, weak mentions, ConText negation and durations."""

    def __init__(self, knowledge: Optional[Knowledge] = None,
                 is_english_word: Optional[Callable[[str], bool]] = None) -> None:
        knowledge = knowledge or load_knowledge()
        self._nlp = spacy.blank("en")
        tables = [(kind, id_, phrases, False) for kind in FINDING_KINDS for id_, phrases in knowledge.lexicon[kind].items()]
        tables += [(kind, id_, phrases, True) for kind, ids in knowledge.lexicon_denials.items()
                   for id_, phrases in ids.items()]
        tables += [("onset", value, phrases, False) for value, phrases in knowledge.lexicon_onset.items()]
        words = {w for *_, phrases, _ in tables for p in phrases for w in self._raw_norms(p)}
        words |= {w for p in knowledge.lexicon_ignore for w in self._raw_norms(p)}
        self._normaliser = Normaliser(words, is_english_word or english.is_english_word)
        self._matcher = PhraseMatcher(self._nlp.vocab, attr="NORM")
        for kind, id_, phrases, denial in tables:
            self._matcher.add(f"{kind}|{id_}|{'denied' if denial else ''}", [self._doc(p) for p in phrases])
        self._matcher.add(IGNORE, [self._doc(p) for p in knowledge.lexicon_ignore])
        self._negation, weak = load_rules(lambda phrase: [t.norm_ for t in self._doc(phrase)])
        self._weak = [(tuple(t.norm_ for t in self._doc(p)), rule["by"], int(rule["within"]))
                      for rule in weak for p in rule["phrases"]]

    def knows(self, word: str) -> bool:
        """Whether a word is one of the lexicon's, allowing plurals and typos."""
        return self._normaliser.norm(word.lower()) in self._normaliser.words

    def _raw_norms(self, text: str) -> List[str]:
        return [t.norm_ for t in self._nlp.make_doc(INNER_HYPHEN.sub(" ", text.lower()))]

    def _doc(self, text: str) -> Doc:
        doc = self._nlp.make_doc(INNER_HYPHEN.sub(" ", text))
        for token in doc:
            token.norm_ = self._normaliser.norm(token.norm_)
        return doc

    def _is_weak(self, span: Span, kept: Iterable[Span]) -> bool:
        """A weak mention followed closely by another finding of the named
        kind (not the same one) is about that finding instead."""
        norms = tuple(t.norm_ for t in span)
        return any(norms == phrase and any(s.label_.startswith(by + "|") and s.label_ != span.label_
                                           and 0 <= s.start - span.end < within for s in kept)
                   for phrase, by, within in self._weak)

    def extract(self, text: str, today: Optional[date] = None) -> List[Mention]:
        """All mentions in the text, in order of appearance."""
        doc = self._doc(text)
        # Longest match wins; an ignored phrase hides the findings inside it.
        spans = filter_spans([Span(doc, start, end, label=match_id) for match_id, start, end in self._matcher(doc)])
        spans = [s for s in spans if s.label_ != IGNORE]
        spans = [s for s in spans if not self._is_weak(s, spans)]
        norms = [t.norm_ for t in doc]
        denied = denied_spans(norms, [(s.start, s.end) for s in spans], self._negation)
        mentions = []
        for span in spans:
            kind, id_, denial = span.label_.split("|")
            is_denied = bool(denial) or (span.start, span.end) in denied
            if kind == "onset" and is_denied:
                continue  # "not suddenly" says little about how it began
            if kind == "exposure" and span.start > 0 and doc[span.start - 1].like_num:
                span = doc[span.start - 1:span.end]  # "five espressos": the amount is part of what was said
            mentions.append(Mention(kind, id_, span.start_char, span.end_char, span.text, is_denied))
        onsets = [m for m in mentions if m.entity == "onset"]
        mentions += [Mention("duration", d.days, d.start, d.end, d.text) for d in parse_durations(text, today)
                     # "came on over a few days" tells how it began, not how long it has lasted
                     if not any(o.start < d.end and d.start < o.end for o in onsets)]
        return sorted(mentions, key=lambda m: m.start)


@functools.lru_cache(maxsize=1)
def shared_extractor() -> FindingExtractor:
    """One extractor per process for the components that need it."""
    return FindingExtractor()
