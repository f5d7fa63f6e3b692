"""Load the knowledge data (``data/*.yml``) once and validate all of it.

Any problem stops loading with a `KnowledgeError` that names the file, the
entry and the field, for example::

    causes.yml: cause 'caffeine', field 'evidence.exposures.coffee': unknown exposure id
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from .conditions import ConditionError, Vocabulary, compile_condition
from .facts import PlaceholderError, fill_facts
from .findings import DENIABLE_KINDS, FINDING_KINDS, FINDING_SLOTS, ONSETS, UNNAMED_SIGN
from .model import Cause, DurationBand, FindingKey, Knowledge, Level, MedicalTest, Rule, Scoring

DATA_DIR = Path(__file__).parent / "data"
MAX_WEIGHT = 5.0
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
# Placeholders of triage.yml filled when a text is said (the triage reasons).
SAID_LATER = ("matched", "days")
# The ids of docs/spec/ontology.yml that the data files must cover.
KINDS = FINDING_KINDS + ("cause", "triage_level")
# evidence/against table name (the slot's) -> vocabulary kind
WEIGHT_TABLES = {FINDING_SLOTS[kind][0]: kind for kind in FINDING_KINDS}
DENIABLE_TABLES = {FINDING_SLOTS[kind][0]: kind for kind in DENIABLE_KINDS}
CAUSE_FIELDS = {"prior", "explanation", "evidence", "self_care", "tests", "sources"}
OPTIONAL_CAUSE_FIELDS = {"against", "requires"}
PhraseTables = dict[str, dict[str, tuple[str, ...]]]  # kind -> id -> phrases


class KnowledgeError(ValueError):
    """The knowledge data is invalid; the message names entry and field."""


def _fail(where: str, problem: str) -> KnowledgeError:
    return KnowledgeError(f"{where}: {problem}")


def _read(data_dir: Path, name: str) -> Any:
    path = data_dir / name
    try:
        with path.open(encoding="utf-8") as handle:
            content = yaml.safe_load(handle)
    except FileNotFoundError:
        raise _fail(name, f"file not found in {data_dir}") from None
    except yaml.YAMLError as error:
        raise _fail(name, f"not valid YAML ({error})") from None
    if not isinstance(content, dict):
        raise _fail(name, "expected a mapping at the top level")
    return content


def _field(entry: Mapping[str, Any], field: str, where: str) -> Any:
    if not isinstance(entry, Mapping):
        raise _fail(where, f"expected a mapping, got {entry!r}")
    if field not in entry or entry[field] is None:
        raise _fail(f"{where}, field '{field}'", "missing")
    return entry[field]


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, f"expected non-empty text, got {value!r}")
    return " ".join(value.split())


def _colour(value: Any, where: str) -> str:
    if not isinstance(value, str) or not COLOUR.fullmatch(value):
        raise _fail(where, f"expected a colour as #rrggbb, got {value!r}")
    return value.lower()


def _texts(value: Any, where: str, allow_empty: bool = False) -> tuple[str, ...]:
    if not isinstance(value, list) or (not value and not allow_empty):
        raise _fail(where, f"expected a {'' if allow_empty else 'non-empty '}list, got {value!r}")
    return tuple(_text(item, f"{where}[{i}]") for i, item in enumerate(value))


def _ids(value: Any, known: Mapping[str, Any], what: str, where: str, allow_empty: bool = False) -> tuple[str, ...]:
    if not isinstance(value, list) or (not value and not allow_empty):
        raise _fail(where, f"expected a list of {what} ids, got {value!r}")
    for item in value:
        if item not in known:
            raise _fail(where, f"unknown {what} id '{item}'")
    return tuple(value)


def _weight(value: Any, where: str, allow_zero: bool = False) -> float:
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not is_number or value > MAX_WEIGHT or value < 0 or (value == 0 and not allow_zero):
        bound = "0" if allow_zero else "above 0"
        raise _fail(where, f"malformed weight {value!r} (expected a number from {bound} to {MAX_WEIGHT:g})")
    return float(value)


def _weight_tables(
    table: Any, tables: Mapping[str, str], vocabulary: Vocabulary, where: str
) -> dict[FindingKey, float]:
    weights: dict[FindingKey, float] = {}
    for name, entries in table.items():
        if name not in tables:
            raise _fail(f"{where}.{name}'", f"unknown table (expected one of {', '.join(tables)})")
        kind = tables[name]
        if not isinstance(entries, Mapping):
            raise _fail(f"{where}.{name}'", f"expected a mapping of {kind} id to weight")
        for id_, weight in entries.items():
            field = f"{where}.{name}.{id_}'"
            if id_ not in vocabulary[kind]:
                raise _fail(field, f"unknown {kind} id")
            weights[(kind, id_)] = _weight(weight, field)
    return weights


def _bands(value: Any, where: str) -> tuple[DurationBand, ...]:
    if not isinstance(value, list) or not value:
        raise _fail(f"{where}'", "expected a list of duration bands")
    bands = []
    for i, band in enumerate(value):
        field = f"{where}[{i}]'"
        if not isinstance(band, Mapping) or set(band) - {"over", "up_to", "weight"} or "weight" not in band:
            raise _fail(field, "expected {over: days, up_to: days, weight: number} (over or up_to may be left out)")
        bounds = [band.get(k) for k in ("over", "up_to")]
        if all(b is None for b in bounds) or any(
            b is not None and (isinstance(b, bool) or not isinstance(b, (int, float)) or b < 0) for b in bounds
        ):
            raise _fail(field, "over and up_to must be non-negative numbers of days, at least one given")
        bands.append(DurationBand(band.get("over"), band.get("up_to"), _weight(band["weight"], field)))
    return tuple(bands)


def _split_table(table: Any, where: str, extra: tuple[str, ...]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split an evidence/against mapping into weight tables and extra keys."""
    if not isinstance(table, Mapping):
        raise _fail(f"{where}'", "expected a mapping")
    return ({k: v for k, v in table.items() if k not in extra}, {k: table[k] for k in extra if k in table})


def _cause(
    id_: str, entry: Any, vocabulary: Vocabulary, tests: Mapping[str, MedicalTest], sources: Mapping[str, str]
) -> Cause:
    where = f"causes.yml: cause '{id_}'"
    if not isinstance(entry, Mapping):
        raise _fail(where, "expected a mapping")
    unknown = set(entry) - CAUSE_FIELDS - OPTIONAL_CAUSE_FIELDS
    if unknown:
        raise _fail(f"{where}, field '{sorted(unknown)[0]}'", "unknown field")
    fields = {name: _field(entry, name, where) for name in CAUSE_FIELDS}
    at = f"{where}, field '"
    evidence, extra = _split_table(fields["evidence"], at + "evidence", ("denied", "duration"))
    against, against_extra = _split_table(entry.get("against", {}), at + "against", ("duration",))
    try:
        requires = compile_condition(entry["requires"], vocabulary, "requires") if "requires" in entry else None
    except ConditionError as error:
        raise _fail(f"{where}, field '{error.field}'", error.problem) from None
    return Cause(
        id=id_,
        name=vocabulary["cause"][id_],
        prior=_weight(fields["prior"], at + "prior'", allow_zero=True),
        explanation=_text(fields["explanation"], at + "explanation'"),
        evidence=_weight_tables(evidence, WEIGHT_TABLES, vocabulary, at + "evidence"),
        denied_evidence=_weight_tables(extra.get("denied", {}), DENIABLE_TABLES, vocabulary, at + "evidence.denied"),
        duration_evidence=_bands(extra["duration"], at + "evidence.duration") if "duration" in extra else (),
        against=_weight_tables(against, WEIGHT_TABLES, vocabulary, at + "against"),
        duration_against=_bands(against_extra["duration"], at + "against.duration") if against_extra else (),
        requires=requires,
        self_care=_texts(fields["self_care"], at + "self_care'"),
        tests=_ids(fields["tests"], tests, "test", at + "tests'", allow_empty=True),
        sources=_ids(fields["sources"], sources, "source", at + "sources'"),
    )


def _vocabulary(data_dir: Path) -> dict[str, dict[str, str]]:
    raw = _read(data_dir, "vocabulary.yml")
    vocabulary = {}
    for kind in KINDS:
        entries = _field(raw, kind, "vocabulary.yml")
        if not isinstance(entries, Mapping) or not entries:
            raise _fail(f"vocabulary.yml, field '{kind}'", "expected a mapping of id to label")
        vocabulary[kind] = {str(k): _text(v, f"vocabulary.yml: {kind} '{k}'") for k, v in entries.items()}
    return vocabulary


def _places(raw: Any, vocabulary: Vocabulary) -> dict[str, str]:
    """body part -> the place it lies in; every body part but whole_body in exactly one."""
    if not isinstance(raw, Mapping) or not raw:
        raise _fail("triage.yml, field 'places'", "expected a mapping of place -> body parts")
    place_of: dict[str, str] = {}
    for place, parts in raw.items():
        for part in _ids(parts, vocabulary["body_part"], "body_part", f"triage.yml: place '{place}'"):
            if part in place_of:
                raise _fail(f"triage.yml: place '{place}'", f"body part '{part}' is already in '{place_of[part]}'")
            place_of[part] = place
    missing = [p for p in vocabulary["body_part"] if p not in place_of and p != "whole_body"]
    if missing:
        raise _fail("triage.yml, field 'places'", f"body part '{missing[0]}' is in no place")
    return place_of


def _rules(raw: Any, vocabulary: Vocabulary, levels: Mapping[str, Level]) -> tuple[Rule, ...]:
    if not isinstance(raw, list) or not raw:
        raise _fail("triage.yml, field 'rules'", "expected a non-empty list")
    rules: list[Rule] = []
    for i, entry in enumerate(raw):
        where = f"triage.yml: rule {i}"
        id_ = _field(entry, "id", where)
        where = f"triage.yml: rule '{id_}'"
        if any(rule.id == id_ for rule in rules):
            raise _fail(where, "duplicate rule id")
        level = _level_id(_field(entry, "level", where), levels, f"{where}, field 'level'")
        reason = _text(_field(entry, "reason", where), f"{where}, field 'reason'")
        try:
            reason.format(matched="x", days="x")
        except (KeyError, IndexError, ValueError):
            raise _fail(f"{where}, field 'reason'", "only {matched} and {days} may be filled in") from None
        try:
            when = compile_condition(_field(entry, "when", where), vocabulary, "when")
        except ConditionError as error:
            raise _fail(f"{where}, field '{error.field}'", error.problem) from None
        rules.append(Rule(id_, level, when, reason))
    return tuple(rules)


def _level_id(value: Any, levels: Mapping[str, Level], where: str) -> str:
    if value not in levels:
        raise _fail(where, f"unknown triage level '{value}'")
    return str(value)


def _levels(raw: Any, vocabulary: Vocabulary, tests: Mapping[str, MedicalTest]) -> dict[str, Level]:
    expected = list(vocabulary["triage_level"])
    if not isinstance(raw, Mapping) or list(raw) != expected:
        got = list(raw) if isinstance(raw, Mapping) else raw
        raise _fail("triage.yml, field 'levels'", f"expected the levels {expected} in this order, got {got}")
    levels = {}
    for rank, (id_, entry) in enumerate(raw.items()):
        where = f"triage.yml: level '{id_}'"
        levels[id_] = Level(
            id=id_,
            rank=rank,
            colour=_colour(_field(entry, "colour", where), f"{where}, field 'colour'"),
            summary=_text(_field(entry, "summary", where), f"{where}, field 'summary'"),
            advice=_text(_field(entry, "advice", where), f"{where}, field 'advice'"),
            more_urgent_if=_texts(_field(entry, "more_urgent_if", where), f"{where}, field 'more_urgent_if'", True),
            tests=_ids(entry.get("tests", []), tests, "test", f"{where}, field 'tests'", allow_empty=True),
        )
    return levels


def _scoring(raw: Any) -> Scoring:
    where = "causes.yml, field 'scoring"
    denial = _weight(_field(raw, "denial_factor", where + "'"), where + ".denial_factor'")
    minimum = _weight(_field(raw, "min_score", where + "'"), where + ".min_score'", allow_zero=True)
    counts = {}
    for name in ("max_listed", "explained"):
        count = _field(raw, name, where + "'")
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise _fail(f"{where}.{name}'", f"expected a whole number of at least 1, got {count!r}")
        counts[name] = count
    if counts["explained"] > counts["max_listed"]:
        raise _fail(
            where + ".explained'", f"explains {counts['explained']} causes of the {counts['max_listed']} listed"
        )
    return Scoring(denial, minimum, counts["max_listed"], counts["explained"])


def _named_entries(
    raw: Mapping[str, Any], file: str, kind: str, fields: tuple[str, ...]
) -> dict[str, Mapping[str, Any]]:
    for id_, entry in raw.items():
        for field in fields:
            _field(entry, field, f"{file}: {kind} '{id_}'")
    return dict(raw)


FAQ_ANSWERS = ("causes_overview", "serious", "duration", "tests_overview")


def _phrase_tables(
    raw: Mapping[str, Any], file: str, vocabulary: Vocabulary, owner: dict[str, str], complete: bool
) -> PhraseTables:
    """kind -> id -> phrases; a phrase may be listed once in the whole file."""
    tables: PhraseTables = {}
    for kind in FINDING_KINDS:
        entries = raw.get(kind, {}) if not complete else _field(raw, kind, file)
        tables[kind] = {}
        for id_, phrases in entries.items():
            where = f"{file}: {kind} '{id_}'"
            if id_ not in vocabulary[kind]:
                raise _fail(where, f"unknown {kind} id")
            tables[kind][id_] = tuple(p.lower() for p in _texts(phrases, where))
            for phrase in tables[kind][id_]:
                if owner.setdefault(phrase, where) != where:
                    raise _fail(where, f"phrase '{phrase}' is already listed under {owner[phrase]}")
        missing = [id_ for id_ in vocabulary[kind] if id_ not in tables[kind]]
        if complete and missing:
            raise _fail(f"{file}: {kind} '{missing[0]}'", "missing (every id needs its phrases)")
    return tables


def _lexicon(
    raw: Mapping[str, Any], vocabulary: Vocabulary
) -> tuple[PhraseTables, dict[str, tuple[str, ...]], PhraseTables, tuple[str, ...], PhraseTables]:
    """The phrases, those of each onset, denials, phrases to ignore, ambiguous phrases."""
    owner: dict[str, str] = {}
    lexicon = _phrase_tables(raw, "lexicon.yml", vocabulary, owner, complete=True)
    denials = _phrase_tables(
        _field(raw, "denials", "lexicon.yml"), "lexicon.yml: denials", vocabulary, owner, complete=False
    )
    onset_entries = _field(raw, "onset", "lexicon.yml")
    if not isinstance(onset_entries, Mapping) or sorted(onset_entries) != sorted(ONSETS):
        raise _fail("lexicon.yml, field 'onset'", f"expected phrases for each of {', '.join(ONSETS)}")
    onset = {
        value: tuple(p.lower() for p in _texts(onset_entries[value], f"lexicon.yml: onset '{value}'"))
        for value in ONSETS
    }
    ignore = tuple(p.lower() for p in _texts(_field(raw, "ignore", "lexicon.yml"), "lexicon.yml, field 'ignore'"))
    return lexicon, onset, denials, ignore, _ambiguous(_field(raw, "ambiguous", "lexicon.yml"), vocabulary, lexicon)


def _ambiguous(raw: Mapping[str, Any], vocabulary: Vocabulary, lexicon: PhraseTables) -> PhraseTables:
    """kind -> id -> phrases of that id that need the safety net's support."""
    tables = _phrase_tables(raw, "lexicon.yml: ambiguous", vocabulary, {}, complete=False)
    for kind, ids in tables.items():
        for id_, phrases in ids.items():
            stray = [p for p in phrases if p not in lexicon[kind][id_]]
            if stray:
                raise _fail(f"lexicon.yml: ambiguous: {kind} '{id_}'", f"phrase '{stray[0]}' is not one of its phrases")
    return tables


def load_knowledge(data_dir: Path | None = None, cached: bool = True) -> Knowledge:
    """Load and validate the knowledge data (by default the project's, in
    `DATA_DIR`), once per directory unless `cached` is false: a caller
    that keeps what it built by the files' content (the NLU's extractor of
    a model's copy) reads them afresh."""
    path = Path(data_dir) if data_dir else DATA_DIR
    return _load(path) if cached else _load.__wrapped__(path)


def _unnamed_sign_level(rules: tuple[Rule, ...], levels: Mapping[str, Level]) -> str:
    """The level of the most urgent rule on a warning sign the person would
    not name (`unspecified_red_flag`): the assessment says it to whoever
    was not asked about every sign."""
    named = [rule.level for rule in rules if ("symptom", UNNAMED_SIGN) in rule.when.named]
    if not named:
        raise _fail(
            "triage.yml, field 'rules'",
            "no rule names the symptom 'unspecified_red_flag' (a warning sign "
            "the person will not name must be triaged)",
        )
    return max(named, key=lambda level: levels[level].rank)


def _days(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise _fail(where, f"expected a non-negative number of days, got {value!r}")
    return float(value)


@functools.lru_cache(maxsize=8)
def _load(data_dir: Path) -> Knowledge:
    vocabulary = _vocabulary(data_dir)
    raw_sources = _named_entries(_read(data_dir, "sources.yml"), "sources.yml", "source", ("title",))
    sources = {id_: _text(entry["title"], f"sources.yml: source '{id_}'") for id_, entry in raw_sources.items()}

    tests = {}
    for id_, entry in _named_entries(
        _read(data_dir, "tests.yml"), "tests.yml", "test", ("name", "detail", "sources")
    ).items():
        where = f"tests.yml: test '{id_}', field '"
        tests[id_] = MedicalTest(
            id_,
            _text(entry["name"], where + "name'"),
            _text(entry["detail"], where + "detail'"),
            _ids(entry["sources"], sources, "source", where + "sources'"),
        )

    raw_causes = _read(data_dir, "causes.yml")
    cause_entries = _field(raw_causes, "causes", "causes.yml")
    for id_ in cause_entries:
        if id_ not in vocabulary["cause"]:
            raise _fail(f"causes.yml: cause '{id_}'", "unknown cause id (not in vocabulary.yml)")
    for id_ in vocabulary["cause"]:
        if id_ not in cause_entries:
            raise _fail(f"causes.yml: cause '{id_}'", "missing (every cause of the vocabulary needs an entry)")
    causes = {id_: _cause(id_, cause_entries[id_], vocabulary, tests, sources) for id_ in vocabulary["cause"]}

    faq = {}
    for id_, entry in _named_entries(_read(data_dir, "faq.yml"), "faq.yml", "answer", ("text", "sources")).items():
        where = f"faq.yml: answer '{id_}', field '"
        _ids(entry["sources"], sources, "source", where + "sources'")
        faq[id_] = _text(entry["text"], where + "text'")
    missing = [a for a in FAQ_ANSWERS if a not in faq]
    if missing:
        raise _fail(f"faq.yml: answer '{missing[0]}'", "missing")
    lexicon, lexicon_onset, lexicon_denials, lexicon_ignore, lexicon_ambiguous = _lexicon(
        _read(data_dir, "lexicon.yml"), vocabulary
    )
    raw_triage = _read(data_dir, "triage.yml")
    numbers = _text(_field(raw_triage, "emergency_numbers", "triage.yml"), "triage.yml, field 'emergency_numbers'")
    facts = {"emergency_numbers": numbers}
    try:
        facts["disclaimer"] = _text(
            fill_facts(_field(raw_triage, "disclaimer", "triage.yml"), facts, (), "triage.yml: disclaimer"),
            "triage.yml, field 'disclaimer'",
        )
        # The rules' reasons have their own check (only {matched} and {days}).
        raw_triage = {
            **raw_triage,
            **fill_facts(
                {name: raw_triage.get(name) for name in ("levels", "no_rule_reason")}, facts, SAID_LATER, "triage.yml"
            ),
        }
    except PlaceholderError as error:
        raise KnowledgeError(str(error)) from None
    levels = _levels(_field(raw_triage, "levels", "triage.yml"), vocabulary, tests)
    rules = _rules(
        _field(raw_triage, "rules", "triage.yml"),
        {**vocabulary, "place_of": _places(_field(raw_triage, "places", "triage.yml"), vocabulary)},
        levels,
    )
    red_flags = _field(raw_triage, "red_flags", "triage.yml")
    return Knowledge(
        vocabulary=vocabulary,
        sources=sources,
        tests=tests,
        causes=causes,
        levels=levels,
        rules=rules,
        unnamed_sign_level=_unnamed_sign_level(rules, levels),
        summary_offered_from=_level_id(
            _field(raw_triage, "summary_offered_from", "triage.yml"), levels, "triage.yml, field 'summary_offered_from'"
        ),
        red_flag_symptoms=_ids(
            _field(red_flags, "symptoms", "triage.yml: red_flags"),
            vocabulary["symptom"],
            "symptom",
            "triage.yml, field 'red_flags.symptoms'",
        ),
        red_flag_body_parts=_ids(
            _field(red_flags, "body_parts", "triage.yml: red_flags"),
            vocabulary["body_part"],
            "body_part",
            "triage.yml, field 'red_flags.body_parts'",
        ),
        onset_sensitive=_ids(
            _field(raw_triage, "onset_sensitive", "triage.yml"),
            vocabulary["symptom"],
            "symptom",
            "triage.yml, field 'onset_sensitive'",
        ),
        sudden_within_days=_days(
            _field(raw_triage, "sudden_within_days", "triage.yml"), "triage.yml, field 'sudden_within_days'"
        ),
        no_rule_reason=_text(_field(raw_triage, "no_rule_reason", "triage.yml"), "triage.yml, field 'no_rule_reason'"),
        facts=facts,
        disclaimer=facts["disclaimer"],
        scoring=_scoring(_field(raw_causes, "scoring", "causes.yml")),
        general_self_care=_texts(
            _field(raw_causes, "general_self_care", "causes.yml"),
            "causes.yml, field 'general_self_care'",
            allow_empty=True,
        ),
        faq=faq,
        lexicon=lexicon,
        lexicon_onset=lexicon_onset,
        lexicon_denials=lexicon_denials,
        lexicon_ignore=lexicon_ignore,
        lexicon_ambiguous=lexicon_ambiguous,
    )
