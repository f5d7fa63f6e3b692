"""Bad knowledge data stops loading with an error naming entry and field."""

import re
import shutil

import pytest

from bot.knowledge import KnowledgeError, load_knowledge
from bot.knowledge.loader import DATA_DIR


@pytest.fixture
def data_dir(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit(path, old, new):
    text = path.read_text()
    assert old in text, f"fixture text not found: {old!r}"
    path.write_text(text.replace(old, new, 1))


def test_the_shipped_data_loads():
    knowledge = load_knowledge()
    assert len(knowledge.causes) == 18 and knowledge.rules


# (file, text to replace, replacement, words the error must contain)
BAD_DATA = [
    (
        "causes.yml",
        "exposures: {caffeine: 3.0}",
        "exposures: {coffee: 3.0}",
        ["causes.yml", "cause 'caffeine'", "evidence.exposures.coffee", "unknown exposure id"],
    ),
    (
        "causes.yml",
        "symptoms: {palpitations: 0.8, insomnia: 0.5}",
        "symptoms: {palpitation: 0.8}",
        ["cause 'caffeine'", "evidence.symptoms.palpitation", "unknown symptom id"],
    ),
    (
        "causes.yml",
        "exposures: {caffeine: 3.0}",
        "exposures: {caffeine: high}",
        ["cause 'caffeine'", "evidence.exposures.caffeine", "malformed weight 'high'"],
    ),
    (
        "causes.yml",
        "exposures: {caffeine: 3.0}",
        "exposures: {caffeine: -1}",
        ["cause 'caffeine'", "evidence.exposures.caffeine", "malformed weight -1"],
    ),
    (
        "causes.yml",
        "exposures: {caffeine: 3.0}",
        "exposures: {caffeine: 50}",
        ["cause 'caffeine'", "malformed weight 50"],
    ),
    (
        "causes.yml",
        "exposures: {caffeine: 3.0}",
        "exposures: {caffeine: true}",
        ["cause 'caffeine'", "malformed weight True"],
    ),
    (
        "causes.yml",
        "    prior: 0.8\n",
        "    prior: lots\n",
        ["cause 'caffeine'", "field 'prior'", "malformed weight 'lots'"],
    ),
    (
        "causes.yml",
        "    tests: [skin_biopsy, b12, nutrient_profile]",
        "    tests: [skin_biopsy, b12, xray]",
        ["cause 'small_fiber_neuropathy'", "field 'tests'", "unknown test id 'xray'"],
    ),
    (
        "causes.yml",
        "    sources: [nhs]\n\n  alcohol:",
        "    sources: [wikipedia]\n\n  alcohol:",
        ["cause 'fatigue'", "field 'sources'", "unknown source id 'wikipedia'"],
    ),
    (
        "causes.yml",
        "  alcohol:\n    prior: 0.3\n",
        "  alcohol:\n    priority: 0.3\n",
        ["cause 'alcohol'", "field 'priority'", "unknown field"],
    ),
    (
        "causes.yml",
        "      duration: [{up_to: 2, weight: 0.5}]",
        "      duration: [{weight: 0.5}]",
        ["cause 'exercise'", "evidence.duration[0]", "at least one given"],
    ),
    (
        "causes.yml",
        "    requires: {duration_days_over: 14}",
        "    requires: {lasts_over: 14}",
        ["cause 'benign_fasciculation_syndrome'", "requires.lasts_over", "unknown test"],
    ),
    (
        "causes.yml",
        "  denial_factor: 0.5",
        "  denial_factor: half",
        ["causes.yml", "scoring.denial_factor", "malformed weight 'half'"],
    ),
    (
        "triage.yml",
        "    level: emergency\n    when: {symptoms_any: [seizure]}",
        "    level: critical\n    when: {symptoms_any: [seizure]}",
        ["triage.yml", "rule 'seizure'", "field 'level'", "unknown triage level 'critical'"],
    ),
    (
        "triage.yml",
        "when: {symptoms_any: [seizure]}",
        "when: {symptoms_any: [fits]}",
        ["rule 'seizure'", "when.symptoms_any", "unknown symptom id 'fits'"],
    ),
    (
        "triage.yml",
        "when: {duration_days_over: 14}",
        "when: {duration_days_over: two weeks}",
        ["rule 'lasting_twitching'", "when.duration_days_over", "non-negative number"],
    ),
    (
        "triage.yml",
        "onset: sudden}\n    # The rules",
        "onset: abrupt}\n    # The rules",
        ["rule 'sudden_weakness'", "when.onset", "sudden, gradual"],
    ),
    (
        "triage.yml",
        "reason: it has lasted {days}",
        "reason: it has lasted {weeks}",
        ["rule 'lasting_twitching'", "field 'reason'", "{matched} and {days}"],
    ),
    ("triage.yml", "  - id: stiffness\n", "  - id: seizure\n", ["rule 'seizure'", "duplicate rule id"]),
    ("triage.yml", "    reason: you described a seizure\n", "", ["rule 'seizure'", "field 'reason'", "missing"]),
    ("triage.yml", '    colour: "#2e7d32"\n', "", ["level 'self_care'", "field 'colour'", "missing"]),
    (
        "triage.yml",
        "summary_offered_from: gp_routine",
        "summary_offered_from: see_a_gp",
        ["field 'summary_offered_from'", "unknown triage level 'see_a_gp'"],
    ),
    (
        "triage.yml",
        '    colour: "#c62828"',
        "    colour: red",
        ["level 'emergency'", "field 'colour'", "expected a colour as #rrggbb, got 'red'"],
    ),
    (
        "triage.yml",
        "  symptoms: [weakness, muscle_wasting,",
        "  symptoms: [weak, muscle_wasting,",
        ["triage.yml", "red_flags.symptoms", "unknown symptom id 'weak'"],
    ),
    (
        "vocabulary.yml",
        "  tingling: tingling\n",
        "",
        ["cause 'hyperventilation'", "evidence.symptoms.tingling", "unknown symptom id"],
    ),
    (
        "tests.yml",
        "b12: {name: B12, detail: vitamin B12 level, sources: [seed]}",
        "b12: {name: B12, sources: [seed]}",
        ["tests.yml", "test 'b12'", "field 'detail'", "missing"],
    ),
    (
        "sources.yml",
        "  title: NHS, Twitching eyes and muscles (reviewed 2023)\n",
        "  name: NHS\n",
        ["sources.yml", "source 'nhs'", "field 'title'", "missing"],
    ),
    (
        "lexicon.yml",
        "    seizure: [fit, fitting,",
        "    seizure: [fitness, fitting,",
        ["ambiguous", "symptom 'seizure'", "'fitness' is not one of its phrases"],
    ),
    (
        "triage.yml",
        "  trunk: [chest, abdomen, back]",
        "  trunk: [chest, abdomen, back, hand]",
        ["place 'trunk'", "body part 'hand' is already in 'neck_and_arms'"],
    ),
    (
        "causes.yml",
        "  explained: 3 ",
        "  explained: 6 ",
        ["causes.yml", "scoring.explained", "explains 6 causes of the 5 listed"],
    ),
    (
        "causes.yml",
        "  explained: 3 ",
        "  explained: three ",
        ["causes.yml", "scoring.explained", "expected a whole number of at least 1, got 'three'"],
    ),
    ("triage.yml", "emergency_numbers: 112", "emergency_phones: 112", ["triage.yml", "emergency_numbers", "missing"]),
    (
        "triage.yml",
        "when: {symptoms_any: [unspecified_red_flag]}",
        "when: {symptoms_any: [seizure]}",
        ["triage.yml", "field 'rules'", "no rule names the symptom 'unspecified_red_flag'"],
    ),
]


@pytest.mark.parametrize("file, old, new, words", BAD_DATA, ids=[f"{c[0]}-{i}" for i, c in enumerate(BAD_DATA)])
def test_bad_entry_is_named(data_dir, file, old, new, words):
    edit(data_dir / file, old, new)
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(data_dir)
    for word in words:
        assert word in str(error.value)


def test_a_missing_cause_is_named(data_dir):
    text = (data_dir / "causes.yml").read_text()
    start = text.index("\n  alcohol:\n")
    end = text.index("\n  benign_fasciculation_syndrome:\n")
    (data_dir / "causes.yml").write_text(text[:start] + text[end:])
    with pytest.raises(KnowledgeError, match=r"cause 'alcohol'.*missing"):
        load_knowledge(data_dir)


def test_an_unknown_cause_is_named(data_dir):
    edit(data_dir / "causes.yml", "\n  alcohol:\n", "\n  alcohol_excess:\n")
    with pytest.raises(KnowledgeError, match=r"cause 'alcohol_excess'.*unknown cause id"):
        load_knowledge(data_dir)


def test_levels_out_of_order_are_refused(data_dir):
    text = (data_dir / "vocabulary.yml").read_text()
    text = re.sub(r"  self_care: self-care\n(  gp_routine: [^\n]*\n)", r"\1  self_care: self-care\n", text)
    (data_dir / "vocabulary.yml").write_text(text)
    with pytest.raises(KnowledgeError, match=r"field 'levels'.*in this order"):
        load_knowledge(data_dir)


def test_invalid_yaml_and_missing_files_are_named(data_dir):
    (data_dir / "triage.yml").write_text("rules: [unclosed\n")
    with pytest.raises(KnowledgeError, match=r"triage.yml: not valid YAML"):
        load_knowledge(data_dir)
    (data_dir / "tests.yml").unlink()
    with pytest.raises(KnowledgeError, match=r"tests.yml: file not found"):
        load_knowledge(data_dir)
