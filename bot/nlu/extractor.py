"""Findings in free text: symptoms, body parts and exposures (canonical ids
of the knowledge module's lexicon), each with its ConText status (affirmed,
denied, possible, hypothetical, historical), how a sign began (onset, tied
to the sign it describes), and durations in days. A blank English spaCy
pipeline with a PhraseMatcher built from the lexicon, so one source of
synonyms feeds understanding and knowledge.

An extractor is built from one set of data (`bot.nlu.nlu_data`): a served
model's components use the copy the model carries (`extractor_for`), the
tests and benchmarks the checkout's (`shared_extractor`). Both caches are
keyed by the data's content, so equal copies share one extractor and an
edit builds a new one. No Rasa here: `bot.nlu.entity_extractor` wraps
this for the pipeline.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Optional, Union

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from bot.knowledge import Knowledge, load_knowledge
from bot.knowledge.findings import FINDING_KINDS, SIGN_KINDS
from bot.nlu import english
from bot.nlu.context import (
    NEGATING,
    RULES_FILE,
    SENTENCE_BREAKS,
    ContextRulesError,
    Target,
    apply_context,
    has_retraction,
    load_rules,
)
from bot.nlu.duration import parse_durations
from bot.nlu.nlu_data import NluData, sources
from bot.nlu.normalise import Normaliser

IGNORE = "ignore"
SHORT_SENTENCE = 6  # tokens, with its full stop
CLAUSE_ENDS = SENTENCE_BREAKS | {"but", "though", "tho", "however", "although", "whereas", "while"}
# A time of day ("by 8", "since around 4pm", "at 11:20", "at lunch", "this
# morning", "it was 6.40 when"): it happened today, so a sign that began then
# is sudden. Not an age, an amount, a price or a score ("at 16", "around 4
# espressos", "£6.40", "7 out of 10").
UNITS = (
    r"years?|yrs?|y/?o|months?|weeks?|days?|hours?|hrs?|minutes?|mins?|kg|kilos?|lbs?|pounds|stone|mg|ml|"
    r"litres?|liters?|cm|ft|inches|miles?|km|times|reps|sets|laps|cups|pints|units|degrees|percent|out of"
)
CLOCK_TIME = re.compile(
    r"\b(?:(?:at|since|by|around|from)\s+(?:around\s+|about\s+)?\d{1,2}(?:[:.][0-5]\d\b|\s*[ap]\.?m\b|\s*o'?clock)"
    # a bare hour, then a new clause or the end: "by 8 my hand was weak", "at the Zoom at 9."
    r"|(?:at|since|by)\s+(?:around\s+|about\s+)?(?:1[0-2]|0?[1-9])"
    r"(?=\s*(?:[.,;!?]|$|and\b|my\b|i\b|he\b|she\b|we\b|they\b|the\b|when\b|this\b))(?![.,]\d)"
    # "(10pm)", "now, 1am": an hour written with am or pm needs no preposition
    # (not "I'm 35 am I ...", not working hours "9am to 5pm")
    r"|(?<![\d.£$€-])(?<!to )(?:1[0-2]|0?[1-9])(?:[:.][0-5]\d)?[ap]\.?m\b"
    r"(?!\s*(?:to|till|until|-)\s*\d)"
    r"|(?:at|since|by|around|after)\s+(?:around\s+|about\s+)?"
    r"(?:breakfast|lunch|lunchtime|dinner|teatime|tea|supper|noon)"
    r"|this\s+(?:morning|afternoon|evening)|earlier\s+today"
    rf"|(?<![\d.£$€])(?:[01]?\d|2[0-3])[:.][0-5]\d(?![\d.]|\s*(?:{UNITS})\b))\b",
    re.IGNORECASE,
)
# "within one hour", "over about 20 minutes", "within the last half hour", "in
# seconds": it came on fast ("in 2 hours" may be ahead: only minutes follow a bare "in").
_ABOUT = r"(?:about\s+|around\s+|roughly\s+|like\s+|maybe\s+|perhaps\s+)?"
_HOURS = (
    r"(?:an?|one|two|three|four|five|six|ten|twelve|[1-9]|1\d|2[0-4]"
    r"|half\s+(?:an\s+)?|a\s+few|a\s+couple(?:\s+of)?|few)"
    r"\s*(?:hours?|hrs?)"
)
_MINUTES = (
    r"(?:an?|one|two|three|four|five|ten|fifteen|twenty|thirty|forty|\d+|a\s+few|a\s+couple(?:\s+of)?|few)?"
    r"\s*(?:minutes?|mins?|seconds?|secs?)"
)
SHORT_SPAN = re.compile(
    rf"\b(?:(?:within|over|inside|(?:in|within)\s+the\s+(?:last|past))\s+{_ABOUT}(?:{_HOURS}|{_MINUTES})"
    rf"|in\s+{_ABOUT}{_MINUTES})\b",
    re.IGNORECASE,
)
# A loss told in the past reads as the lexicon's present: "couldn't lift" as "can't lift".
PAST_MODALS = {"could": "can", "would": "will"}
POINTING_BACK = {"it", "this", "that", "these", "those", "they"}  # "it's been going on for 6 weeks"
TWITCH = "twitching"  # a warning-sign place (the tongue) is one only when it twitches
LINKING = {"is", "are", "was", "not", "be", "do", "does", "has", "have", "'s", "s"}  # "tongue isn't twitching"
ALSO = {"too", "also", "both", "well"}  # "my calf does it too", "as well": another place that twitches
PLACE_ALONE = 3  # tokens: "My calf." names one more place
# "pins-and-needles", "pre-workout": a hyphen between letters reads as a
# space (same length, so character offsets are kept).
INNER_HYPHEN = re.compile(r"(?<=[^\W\d_])[-‐](?=[^\W\d_])")


AFFIRMED, DENIED, POSSIBLE, HYPOTHETICAL, HISTORICAL = "affirmed", "denied", "possible", "hypothetical", "historical"


def _label(span: Span) -> tuple[str, str, str]:
    """A matched span's kind, id and "denied" (or ""), from its match label."""
    kind, id_, denial = span.label_.split("|")
    return kind, id_, denial


def _token_at(doc: Doc, start: int, end: int) -> Optional[int]:
    """The first token of a character span (widened to whole tokens)."""
    at = doc.char_span(start, end, alignment_mode="expand")
    return None if at is None else at.start


def _longest_first(spans: list[Span]) -> list[Span]:
    """Non-overlapping matches, longest first. An ignored phrase hides the
    findings inside it and wins a tie ("had a fit of laughter" is no fit)."""
    kept: list[Span] = []
    taken: set = set()
    for span in sorted(spans, key=lambda s: (len(s), s.label_ == IGNORE, -s.start), reverse=True):
        if not taken.intersection(range(span.start, span.end)):
            kept.append(span)
            taken.update(range(span.start, span.end))
    return sorted(kept, key=lambda s: s.start)


@dataclass(frozen=True)
class Mention:
    entity: str  # symptom, body_part, exposure, onset or duration
    value: Union[str, float]  # canonical id, sudden/gradual, or days (float)
    start: int  # character offsets in the message
    end: int
    text: str
    status: str = AFFIRMED
    sign: Optional[str] = None  # onset: the symptom it describes, when the message says
    retracts: bool = False  # a denial that corrects what was said before ("I meant ...")
    other_person: bool = False  # said of someone else ("my dad ..."): a finding all the same
    ambiguous: bool = False  # said in words that often mean something else ("weak tea")
    recent: bool = False  # onset: a time earlier today that no sign the lexicon named claims

    @property
    def denied(self) -> bool:
        return self.status == DENIED

    @property
    def days(self) -> float:
        """A duration's days."""
        if isinstance(self.value, str):
            raise TypeError(f"the {self.entity} mention '{self.text}' is no duration")
        return self.value


class FindingExtractor:
    """Lexicon phrase matching with plural and typo normalisation, ignore
    phrases, weak mentions, ConText negation and durations."""

    def __init__(
        self,
        knowledge: Optional[Knowledge] = None,
        is_english_word: Optional[Callable[[str], bool]] = None,
        rules: Path = RULES_FILE,
    ) -> None:
        knowledge = knowledge or load_knowledge()
        self.knowledge = knowledge  # what it was built from, for those that learn beside it
        self._nlp = spacy.blank("en")
        tables = [
            (kind, id_, phrases, False) for kind in FINDING_KINDS for id_, phrases in knowledge.lexicon[kind].items()
        ]
        tables += [
            (kind, id_, phrases, True)
            for kind, ids in knowledge.lexicon_denials.items()
            for id_, phrases in ids.items()
        ]
        tables += [("onset", value, phrases, False) for value, phrases in knowledge.lexicon_onset.items()]
        words = {w for *_, phrases, _ in tables for p in phrases for w in self._raw_norms(p)}
        words |= {w for p in knowledge.lexicon_ignore for w in self._raw_norms(p)}
        self._normaliser = Normaliser(words, is_english_word or english.is_english_word)
        self._matcher = PhraseMatcher(self._nlp.vocab, attr="NORM")
        for kind, id_, phrases, denial in tables:
            self._matcher.add(f"{kind}|{id_}|{'denied' if denial else ''}", [self._doc(p) for p in phrases])
        self._matcher.add(IGNORE, [self._doc(p) for p in knowledge.lexicon_ignore])
        self._context, weak = load_rules(lambda phrase: [t.norm_ for t in self._doc(phrase)], rules)
        for sign, causes in self._context.explained_by.items():
            unknown = ({sign} - set(knowledge.lexicon["symptom"])) | (causes - set(knowledge.lexicon["exposure"]))
            if unknown:
                raise ContextRulesError(f"context.yml: explained_by.signs.{sign}: unknown ids {sorted(unknown)}")
        self._weak = [(self.phrase(p), rule["by"], int(rule["within"])) for rule in weak for p in rule["phrases"]]
        # Warning signs are denied only by a close negation (ConText scope.close_gap).
        self._warning = {
            "symptom": knowledge.warning_signs("symptom"),
            "body_part": knowledge.warning_signs("body_part"),
        }
        self._ambiguous = {
            (kind, id_, self.phrase(p))
            for kind, ids in knowledge.lexicon_ambiguous.items()
            for id_, phrases in ids.items()
            for p in phrases
        }
        self._onset_sensitive = frozenset(knowledge.onset_sensitive)
        self._sudden_within = knowledge.sudden_within_days

    def knows(self, word: str) -> bool:
        """Whether a word is one of the lexicon's, allowing plurals and typos."""
        return self._normaliser.norm(word.lower()) in self._normaliser.words

    def phrase(self, text: str) -> tuple[str, ...]:
        """The normalised tokens of a matched phrase, as matching sees them."""
        return tuple(t.norm_ for t in self._doc(text))

    def _raw_norms(self, text: str) -> list[str]:
        return [t.norm_ for t in self._nlp.make_doc(INNER_HYPHEN.sub(" ", text.lower()))]

    def _doc(self, text: str) -> Doc:
        doc = self._nlp.make_doc(INNER_HYPHEN.sub(" ", text))
        for token in doc:
            token.norm_ = self._normaliser.norm(token.norm_)
        for token, following in pairwise(doc):  # "he couldn't grip" is the lexicon's "can't grip"
            if following.norm_ == "not" and token.norm_ in PAST_MODALS:
                token.norm_ = PAST_MODALS[token.norm_]
        return doc

    def _is_weak(self, span: Span, kept: Iterable[Span]) -> bool:
        """A weak mention followed closely by another finding of the named
        kind (not the same one) is about that finding instead."""
        norms = tuple(t.norm_ for t in span)
        return any(
            norms == phrase
            and any(
                s.label_.startswith(by + "|") and s.label_ != span.label_ and 0 <= s.start - span.end < within
                for s in kept
            )
            for phrase, by, within in self._weak
        )

    def _status(
        self, kind: str, id_: str, categories: dict[str, int], lexical_denial: bool, negated_right_before: bool = False
    ) -> str:
        """One status from the ConText categories: uncertainty wins over a
        denial (an unsure "no" is no denial), and a warning sign needs a
        close negation to count as denied."""
        if lexical_denial:  # "speech is fine"; negated, it is the sign ("I can't speak normally")
            return AFFIRMED if negated_right_before else DENIED
        if "POSSIBLE_EXISTENCE" in categories:
            return POSSIBLE if kind != "exposure" else AFFIRMED
        if "HYPOTHETICAL" in categories:
            return HYPOTHETICAL
        if "NEGATED_EXISTENCE" in categories:
            far = categories["NEGATED_EXISTENCE"] > self._context.close_gap
            if far and id_ in self._warning.get(kind, ()):
                return POSSIBLE
            if kind == "body_part" and categories["NEGATED_EXISTENCE"] > 1:
                return AFFIRMED  # "I can't move my arm": the arm is where it happens
            return DENIED
        if "HISTORICAL" in categories:
            return DENIED if kind == "exposure" else HISTORICAL  # "I used to smoke": not now
        return AFFIRMED

    @staticmethod
    def _negated_right_before(norms: list[str], span: Span) -> bool:
        """ "I'm not walking normally", "can't speak normally": a negation
        within two words before a phrase of normal function, not one that a
        list carried there ("no choking, swallowing is fine")."""
        before = norms[max(0, span.start - 2) : span.start]
        return any(n in NEGATING for n in before) and not any(n in {",", ".", ";"} for n in before)

    def _clauses(self, norms: list[str], spans: list[Span]) -> list[int]:
        """A clause number for each token: a clause ends at a terminator or
        at "and"/"or"/"," before a new subject."""
        inside = {i for s in spans for i in range(s.start, s.end)}
        clause, numbers = 0, []
        for i, norm in enumerate(norms):
            nxt = norms[i + 1] if i + 1 < len(norms) else ""
            if i not in inside and (
                norm in CLAUSE_ENDS or (norm in self._context.coordinators and nxt in self._context.clause_starters)
            ):
                clause += 1
            numbers.append(clause)
        return numbers

    @staticmethod
    def _sentences(norms: list[str]) -> list[int]:
        """A sentence number for each token."""
        numbers, sentence = [], 0
        for i, norm in enumerate(norms):
            numbers.append(sentence)
            # "?!" or "..." ends one sentence
            sentence += norm in SENTENCE_BREAKS and (i + 1 == len(norms) or norms[i + 1] not in SENTENCE_BREAKS)
        return numbers

    def _sign_of(
        self, onset: Span, symptoms: list[Span], onsets: list[Span], clauses: list[int], sentence: list[int]
    ) -> Optional[Span]:
        """The symptom an onset describes: the nearest in its clause; else
        the nearest sign in its sentence whose level depends on the onset
        ("tripping for a year, but this morning it just went, my speech is
        slurred"); else the nearest one before it; else the first after,
        leaving out, in other sentences, symptoms whose own sentence says how
        they began ("weaker over months. Then this morning ...")."""

        def distance(s: Span) -> int:
            return min(abs(s.start - onset.end), abs(onset.start - s.end))

        same = [s for s in symptoms if clauses[s.start] == clauses[onset.start]]
        sensitive = [
            s for s in symptoms if sentence[s.start] == sentence[onset.start] and _label(s)[1] in self._onset_sensitive
        ]
        dated = {sentence[o.start] for o in onsets if o is not onset}
        elsewhere = [s for s in symptoms if sentence[s.start] not in dated] or symptoms
        before = [s for s in elsewhere if s.end <= onset.start]
        after = [s for s in elsewhere if s.start >= onset.end]
        return min(same or sensitive or before[-1:] or after[:1], key=distance, default=None)

    def extract(self, text: str, today: Optional[date] = None) -> list[Mention]:
        """All mentions in the text, in order of appearance."""
        doc = self._doc(text)
        spans = [
            s
            for s in _longest_first(
                [Span(doc, start, end, label=match_id) for match_id, start, end in self._matcher(doc)]
            )
            if s.label_ != IGNORE
        ]
        spans = [s for s in spans if not self._is_weak(s, spans)]
        norms = [t.norm_ for t in doc]
        targets = {s: Target(s.start, s.end, _label(s)[0]) for s in spans}
        context = apply_context(norms, list(targets.values()), self._context)
        retraction = has_retraction(norms, self._context)
        symptoms = [s for s in spans if s.label_.startswith("symptom|")]
        clauses = self._clauses(norms, spans)
        statuses = {
            span: self._status(
                *_label(span)[:2],
                context.get(targets[span], {}),
                bool(_label(span)[2]),
                self._negated_right_before(norms, span),
            )
            for span in spans
        }
        for part in spans:  # "I checked my tongue, it's still": a warning-sign place needs a twitch beside it
            kind, id_, _ = _label(part)
            if (
                kind == "body_part"
                and id_ in self._warning["body_part"]
                and statuses[part] == AFFIRMED
                and not any(
                    s.label_ == f"symptom|{TWITCH}|" and clauses[s.start] == clauses[part.start] for s in symptoms
                )
            ):
                statuses[part] = POSSIBLE
        sentences = self._sentences(norms)
        for part in spans:  # "legs fine, not clumsy on my feet": places in a sentence of denials are not twitching
            same = [s for s in spans if sentences[s.start] == sentences[part.start] and s is not part]
            if (
                part.label_.startswith("body_part|")
                and statuses[part] == AFFIRMED
                and any(statuses[s] == DENIED for s in same)
                and not any(s.label_.startswith("symptom|") and statuses[s] == AFFIRMED for s in same)
            ):
                statuses[part] = DENIED
        for part, following in pairwise(spans):  # "my tongue isn't twitching": the place is denied too
            if (
                part.label_.startswith("body_part|")
                and following.label_ == f"symptom|{TWITCH}|"
                and statuses[following] == DENIED
                and set(norms[part.end : following.start]) <= LINKING
            ):
                statuses[part] = DENIED
        for span in self._explained(spans, statuses, clauses, sentences, norms):
            statuses[span] = POSSIBLE  # "out of breath after sprinting for the bus": asked about
        in_passing = self._places_in_passing(spans, statuses, sentences, norms)
        mentions = []
        for span in spans:
            if span in in_passing:
                continue
            kind, id_, _ = _label(span)
            status = statuses[span]
            sign = None
            if kind == "onset":
                if status != AFFIRMED:
                    continue  # "not suddenly" says little about how it began
                described = self._sign_of(
                    span, symptoms, [s for s in spans if s.label_.startswith("onset|")], clauses, sentences
                )
                sign = _label(described)[1] if described is not None else None
            said = span
            if kind == "exposure" and span.start > 0 and doc[span.start - 1].like_num:
                said = doc[span.start - 1 : span.end]  # "five espressos": the amount is part of what was said
            mentions.append(
                Mention(
                    kind,
                    id_,
                    said.start_char,
                    said.end_char,
                    said.text,
                    status,
                    sign,
                    retracts=retraction and status == DENIED,
                    other_person="FAMILY" in context.get(targets[span], {}),
                    ambiguous=self._is_ambiguous(span),
                )
            )
        gradual = [m for m in mentions if m.entity == "onset" and m.value == "gradual"]
        durations = [
            Mention("duration", d.days, d.start, d.end, d.text)
            for d in parse_durations(text, today)
            # "came on over a few days" tells how it began, not how long it has lasted
            if not any(o.start < d.end and d.start < o.end for o in gradual)
        ]
        durations = self._durations_of_findings(doc, spans, clauses, sentences, durations)
        told = {m.sign for m in mentions if m.entity == "onset"}  # an onset word beats a time
        mentions += durations + [
            m for m in self._recent(doc, spans, statuses, sentences, clauses, durations) if m.sign not in told
        ]
        return sorted(mentions, key=lambda m: m.start)

    def _explained(
        self, spans: list[Span], statuses: dict[Span, str], clauses: list[int], sentences: list[int], norms: list[str]
    ) -> list[Span]:
        """Affirmed signs in words that often mean something else with, in
        their clause, an exposure that explains them (context.yml
        explained_by), unless their sentence tells of a change ("I get out of
        breath walking to the gym now")."""
        exposures = {
            (_label(s)[1], clauses[s.start]) for s in spans if _label(s)[0] == "exposure" and statuses[s] == AFFIRMED
        }
        changed = {sentences[i] for i, norm in enumerate(norms) if norm in self._context.explained_unless}
        return [
            s
            for s in spans
            if _label(s)[0] == "symptom"
            and statuses[s] == AFFIRMED
            and self._is_ambiguous(s)
            and sentences[s.start] not in changed
            and any(
                (cause, clauses[s.start]) in exposures for cause in self._context.explained_by.get(_label(s)[1], ())
            )
        ]

    def _is_ambiguous(self, span: Span) -> bool:
        """A finding in words that often mean something else: listed so in
        the lexicon, or told in the past ("I couldn't breathe I was laughing
        so hard"), so the safety net decides."""
        kind, id_, _ = _label(span)
        return (kind, id_, tuple(t.norm_ for t in span)) in self._ambiguous or any(
            t.lower_.startswith(tuple(PAST_MODALS)) for t in span
        )

    def _places_in_passing(
        self, spans: list[Span], statuses: dict[Span, str], sentences: list[int], norms: list[str]
    ) -> set[Span]:
        """ "Thighs twitch after squats. I can get up off the floor without
        using my hands": once a sentence says where it twitches, a place in
        a sentence with no symptom at all (and no "too" or "also") is only
        mentioned in passing, not another place that twitches. A sentence
        of a place alone ("My calf.") adds one."""
        places = [p for p in spans if p.label_.startswith("body_part|") and statuses[p] == AFFIRMED]
        twitching = {sentences[s.start] for s in spans if s.label_ == f"symptom|{TWITCH}|" and statuses[s] == AFFIRMED}
        if not any(sentences[p.start] in twitching for p in places):
            return set()
        with_symptoms = {sentences[s.start] for s in spans if s.label_.startswith("symptom|")}
        return {
            p
            for p in places
            if sentences[p.start] not in with_symptoms
            and _label(p)[1] not in self._warning["body_part"]
            and sentences.count(sentences[p.start]) > PLACE_ALONE
            and not ALSO.intersection(n for n, at in zip(norms, sentences, strict=True) if at == sentences[p.start])
        }

    def _durations_of_findings(
        self, doc: Doc, spans: list[Span], clauses: list[int], sentences: list[int], durations: list[Mention]
    ) -> list[Mention]:
        """How long the findings have lasted, of the durations a message
        gives. "started vaping a month ago, my thumb has twitched for 10
        days": a duration in a clause about an exposure alone tells how long
        the exposure lasted. "Twins arrived six weeks ago. There's a twitch
        in my bicep, four days or so": a longer duration in a sentence with
        no finding that does not point back at one ("it's been 3 months") is
        about something else. Each is left out only when another remains; a
        short one (at most `sudden_within_days`) always stays, as it may date
        a sign ("My hand went dead. It's been 30 min")."""

        def kinds_in(d: Mention, unit: list[int]) -> set[str]:
            at = _token_at(doc, d.start, d.end)
            return {_label(s)[0] for s in spans if at is not None and unit[s.start] == unit[at]}

        def exposure_only(d: Mention) -> bool:
            kinds = kinds_in(d, clauses)
            return "exposure" in kinds and not kinds & set(SIGN_KINDS)

        def of_something_else(d: Mention) -> bool:
            at = _token_at(doc, d.start, d.end)
            words = {t.norm_ for t in doc if at is not None and sentences[t.i] == sentences[at]}
            return (
                d.days > self._sudden_within
                and not kinds_in(d, sentences) & set(SIGN_KINDS)
                and not words & POINTING_BACK
            )

        for about_else in (exposure_only, of_something_else):
            durations = [d for d in durations if not about_else(d)] or durations
        return durations

    def _recent(
        self,
        doc: Doc,
        spans: list[Span],
        statuses: dict[Span, str],
        sentences: list[int],
        clauses: list[int],
        durations: list[Mention],
    ) -> list[Mention]:
        """How long ago a sign began, said as a time: "10 mins ago my hand
        stopped gripping", "since around 4pm my mouth pulls to one side" (a
        time of day, or a duration of at most `sudden_within_days`, in the
        sign's sentence or the one before) is sudden, unless a longer
        duration stands in the sign's clause ("my arm has felt weak for 3
        months, I had coffee at 8am"). Only for onset-sensitive signs the
        message gives no onset word for."""

        def sentence_of(start: int, end: int) -> Optional[int]:
            token = _token_at(doc, start, end)
            return None if token is None else sentences[token]

        long_tokens = [
            t
            for t in (_token_at(doc, d.start, d.end) for d in durations if d.days > self._sudden_within)
            if t is not None
        ]
        long_ago = {clauses[t] for t in long_tokens}
        recent = [(m.start(), m.end()) for pattern in (CLOCK_TIME, SHORT_SPAN) for m in pattern.finditer(doc.text)]
        recent += [(d.start, d.end) for d in durations if d.days <= self._sudden_within]
        found: dict[str, Mention] = {}
        signs = [
            s
            for s in spans
            if _label(s)[0] == "symptom" and _label(s)[1] in self._onset_sensitive and statuses[s] == AFFIRMED
        ]
        with_findings = {sentences[s.start] for s in spans}
        for span in signs:
            id_, here = _label(span)[1], sentences[span.start]
            # the sign's sentence, the one before, or a short one after with nothing else in it ("happened at 4pm")
            near = {here, here - 1} | (
                {here + 1} if here + 1 not in with_findings and sentences.count(here + 1) <= SHORT_SENTENCE else set()
            )
            for start, end in recent:
                if sentence_of(start, end) in near and clauses[span.start] not in long_ago:
                    found.setdefault(id_, Mention("onset", "sudden", start, end, doc.text[start:end], sign=id_))
        # Sentences whose times belong to a named sign or stand beside a long duration.
        claimed = {sentences[t] for t in long_tokens} | {sentences[s.start] for s in signs}
        for start, end in recent:
            # "20 minutes ago it all went wrong": a time no sign the lexicon knows
            # claims is for one the safety net suspects (`recent`: for those only).
            if sentence_of(start, end) not in claimed and "" not in found:
                found[""] = Mention("onset", "sudden", start, end, doc.text[start:end], recent=True)
        return list(found.values())


@functools.lru_cache(maxsize=4)
def extractor_for(data: NluData) -> FindingExtractor:
    """The extractor of this data, built once per content (0.5 s): every
    component of a model carries its own copy, and they share one."""
    # load_knowledge's own cache is keyed by directory, not by content.
    return FindingExtractor(load_knowledge(data.knowledge_dir, cached=False), rules=data.rules_file)


def shared_extractor() -> FindingExtractor:
    """The extractor of the data in the checkout (tests, benchmarks); a
    trained model's components use the copy it carries instead."""
    return extractor_for(sources())


@functools.lru_cache(maxsize=512)
def _mentions_on(extractor: FindingExtractor, text: str, today: date) -> tuple[Mention, ...]:
    return tuple(extractor.extract(text, today))


def mentions(extractor: FindingExtractor, text: str) -> tuple[Mention, ...]:
    """The mentions of a message, extracted once for every component of a
    parse that reads them (the extractor and the featurizer, which share
    the extractor of the model's data)."""
    return _mentions_on(extractor, text, date.today())
