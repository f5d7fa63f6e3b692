"""Each fact is written once and the rest reads it: the emergency numbers,
the disclaimer, the level labels and colours, how many causes are explained, and the
kinds of finding. The conversation takes its knowledge and texts as
arguments, so a test can give it other data and see them used."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from bot.conversation import Case, Conversation, load_texts
from bot.conversation.texts import DATA as CONVERSATION_DATA
from bot.conversation.turns import ANSWERED
from bot.knowledge import KnowledgeError, load_knowledge
from bot.knowledge.facts import PlaceholderError
from bot.knowledge.findings import ENTITY_KINDS, FINDING_KINDS, FINDING_SLOTS, INPUT_PROBLEM, WARNING_SIGN
from bot.knowledge.loader import DATA_DIR
from bot.nlu.finding_featurizer import FEATURES
from tests.conversation_helpers import CONVERSATION, QUESTION_INTENTS, TEXTS, message_starting, run
from tests.paths import ROOT

K = load_knowledge()
# Every file a maintainer edits for words or facts (not the NLU's training examples).
SOURCES = [
    *sorted((ROOT / "bot").rglob("*.yml")),
    ROOT / "domain.yml",
    *sorted((ROOT / "web").glob("*.js")),
    ROOT / "web" / "index.html",
    *sorted((ROOT / "bot").rglob("*.py")),
    *sorted((ROOT / "actions").glob("*.py")),
]
TEXT_SOURCES = [p for p in SOURCES if "safety_corpus" not in p.name and p.name != "lexicon.yml"]


def files_saying(text: str):
    return [
        p.relative_to(ROOT).as_posix() for p in TEXT_SOURCES if text.lower() in p.read_text(encoding="utf-8").lower()
    ]


def test_the_emergency_numbers_are_written_once_and_every_text_that_gives_them_reads_them():
    assert files_saying(K.emergency_numbers) == ["bot/knowledge/data/triage.yml"]
    assert files_saying("911 in") == ["bot/knowledge/data/triage.yml"]
    for text in (TEXTS.reply("emergency"), TEXTS.reply("human"), K.levels["emergency"].advice):
        assert K.emergency_numbers in text and "{" not in text


def test_the_disclaimer_is_written_once_and_the_greeting_says_it():
    assert TEXTS.reply("greeting").endswith(K.disclaimer)
    # The chat page says it too, before the chat opens: a static page cannot
    # read the data, so its words are checked to agree.
    assert files_saying("not a doctor") == ["bot/knowledge/data/triage.yml", "web/index.html"]
    page = " ".join((ROOT / "web" / "index.html").read_text().split())
    assert "It is not a doctor and does not diagnose" in page and "call your local emergency number now" in page


def test_the_card_reads_level_labels_from_the_payload():
    card = (ROOT / "web" / "card.js").read_text()
    assert not [label for label in K.vocabulary["triage_level"].values() if label.lower() in card.lower()]
    assert "causes_explained" in card and not re.search(r"slice\(\s*0\s*,\s*\d", card)


def test_the_level_colours_are_written_once_and_the_card_and_slack_read_them_from_the_payload():
    from bot.channels.slack import slack_blocks

    for level in K.levels.values():
        assert files_saying(level.colour) == ["bot/knowledge/data/triage.yml"], level.id
    assert not re.search(r"\.level-[\w-]+", (ROOT / "web" / "card.css").read_text())  # no colour by class
    payload = {"assessment": {"level": {"id": "gp_urgent", "label": "x", "colour": "#123456"}}}
    assert slack_blocks(payload)["attachments"][0]["color"] == "#123456"


def test_the_domain_declares_the_entities_and_slots_the_code_reads():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    entities = [next(iter(e)) if isinstance(e, dict) else e for e in domain["entities"]]
    assert entities == [*ENTITY_KINDS, WARNING_SIGN, INPUT_PROBLEM]
    assert {slot for slots in FINDING_SLOTS.values() for slot in slots if slot} <= set(domain["slots"])


def test_the_questions_the_rules_send_to_the_answers_are_the_ones_it_answers():
    assert QUESTION_INTENTS == set(ANSWERED)
    with pytest.raises(ValueError, match="no answer for the intent 'greet'"):
        CONVERSATION.answer_question(Case(), "greet", [])


def test_no_other_module_lists_the_finding_kinds():
    literal = re.compile(r"""["'](symptom|body_part|exposure)["'],\s*["'](symptom|body_part|exposure)["']""")
    # The featurizer's columns are a trained model's layout, kept written out.
    own = ("findings.py", "finding_featurizer.py")
    listed = [
        p.relative_to(ROOT).as_posix()
        for p in SOURCES
        if p.suffix == ".py" and p.name not in own and literal.search(p.read_text())
    ]
    assert listed == []
    assert set(FINDING_KINDS) <= set(FEATURES)


def test_a_misspelt_fact_in_a_text_is_refused_naming_the_text(tmp_path):
    knowledge_dir, texts_dir = tmp_path / "knowledge", tmp_path / "conversation"
    shutil.copytree(DATA_DIR, knowledge_dir)
    shutil.copytree(CONVERSATION_DATA, texts_dir)
    triage = knowledge_dir / "triage.yml"
    triage.write_text(triage.read_text().replace("now ({emergency_numbers})", "now ({emergency_number})"))
    with pytest.raises(
        KnowledgeError,
        match=r"triage.yml.levels.emergency.advice: unknown placeholder "
        r"\{emergency_number\}",
    ):
        load_knowledge(knowledge_dir)
    replies = texts_dir / "replies.yml"
    replies.write_text(
        replies.read_text().replace(
            "I'll help you make sense of it. {disclaimer}", "I'll help you make sense of it. {disclaimers}"
        )
    )
    with pytest.raises(PlaceholderError, match=r"replies.yml.greeting: unknown placeholder \{disclaimers\}"):
        load_texts(K, texts_dir)


@pytest.fixture(scope="module")
def other_data(tmp_path_factory):
    """A conversation over edited copies of the data: other emergency
    numbers, two causes explained, another greeting."""
    root = tmp_path_factory.mktemp("data")
    knowledge_dir, texts_dir = root / "knowledge", root / "conversation"
    shutil.copytree(DATA_DIR, knowledge_dir)
    shutil.copytree(CONVERSATION_DATA, texts_dir)
    for path, old, new in (
        (
            knowledge_dir / "triage.yml",
            f"emergency_numbers: {K.emergency_numbers}",
            "emergency_numbers: 000 in Australia",
        ),
        (knowledge_dir / "causes.yml", "explained: 3", "explained: 2"),
        (texts_dir / "replies.yml", "Hi, I'm Twitch,", "Hello from the fixture. I'm Twitch,"),
    ):
        text = path.read_text()
        assert old in text, (path, old)
        path.write_text(text.replace(old, new))
    knowledge = load_knowledge(knowledge_dir)
    return Conversation(knowledge, load_texts(knowledge, texts_dir))


def test_the_conversation_uses_the_knowledge_and_texts_it_is_given(other_data):
    assert other_data.greet(Case()).replies[0].text.startswith("Hello from the fixture.")
    emergency = other_data.take_turn(Case(), "emergency", [], message="I can't breathe")
    assert "000 in Australia" in emergency.replies[0].text and K.emergency_numbers not in emergency.replies[0].text
    steps = [
        ("describe_symptoms", "my eyelid twitches for 3 days, I drink lots of coffee and I'm stressed"),
        ("deny", "none of these"),
    ]
    for conversation, explained in ((other_data, 2), (CONVERSATION, K.scoring.explained)):
        result, _ = run(steps, conversation=conversation)
        text, payload = message_starting(result, "What may be behind it"), result.replies[-1].custom["assessment"]
        listed = [line for line in text.split("\n") if line.startswith("- ") and ":" in line.split("(")[0]]
        assert len(payload["causes"]) > explained and payload["causes_explained"] == explained
        assert [line.split(":")[0][2:].lower() for line in listed[: explained + 1]][:explained] == [
            c["name"].lower() for c in payload["causes"][:explained]
        ]
        assert not any(c["name"].lower() in text.lower() for c in payload["causes"][explained:])
