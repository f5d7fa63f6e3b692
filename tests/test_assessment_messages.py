"""The assessment comes as a few short messages (issue 12): the level and
why; what may be behind it, in the person's own words; what to do; when to
get help sooner, with the disclaimer. None is longer than a phone screen
(`MAX_MESSAGE_CHARS`, 700 characters: about 15 lines of 45 in a chat
bubble), every part is there, and the payload arrives whole, once."""

from __future__ import annotations

import random

from bot.conversation.delivery import for_channel
from bot.conversation.render import MAX_MESSAGE_CHARS, assessment_messages
from bot.knowledge import assess, load_knowledge
from tests.conversation_helpers import TEXTS, run

K = load_knowledge()


def cases():
    """Every cause's own evidence at once, each red flag alone, and random
    heavy cases (many findings, long quotes), seeded."""
    yield (
        "every cause's evidence",
        {
            "symptoms": sorted(
                {id_ for c in K.causes.values() for kind, id_ in c.evidence if kind == "symptom"}
                - set(K.red_flag_symptoms)
            )[:6],
            "exposures": sorted({id_ for c in K.causes.values() for kind, id_ in c.evidence if kind == "exposure"}),
            "duration_days": 40,
        },
    )
    for sign in K.red_flag_symptoms:
        yield f"red flag {sign}", {"symptoms": ["twitching", sign]}
    rng = random.Random(12)
    kinds = {kind: sorted(K.vocabulary[kind]) for kind in ("symptom", "exposure", "body_part")}
    for i in range(300):
        yield (
            f"random {i}",
            {
                "symptoms": rng.sample(kinds["symptom"], rng.randint(0, 4)),
                "exposures": rng.sample(kinds["exposure"], rng.randint(0, 8)),
                "body_parts": rng.sample(kinds["body_part"], rng.randint(0, 4)),
                "duration_days": rng.choice([None, 0.5, 3, 20, 400]),
            },
        )


def test_no_message_is_longer_than_a_phone_screen_and_every_part_is_there():
    for name, slots in cases():
        assessment = assess(slots, K)
        quotes = {
            ("exposure", e): "a long quote of what the person said, word for word" for e in slots.get("exposures", [])
        }
        messages = assessment_messages(assessment, quotes, TEXTS)
        too_long = [len(m) for m in messages if len(m) > MAX_MESSAGE_CHARS]
        assert not too_long and 3 <= len(messages), (name, too_long, len(messages))
        text = "\n".join(messages)
        assert messages[0].startswith("My advice:") and assessment.summary in text and assessment.advice in text, name
        assert all(reason in text for reason in assessment.reasons), name
        for cause in assessment.causes[: assessment.explained]:
            assert cause.name[:1].upper() + cause.name[1:] in text, (name, cause.id)
        assert "What you can do:" in text and all(t.detail in text for t in assessment.tests), name
        assert all(sign in text for sign in assessment.more_urgent_if), name
        assert messages[-1].endswith(assessment.disclaimer), name


def test_a_conversation_gets_the_parts_in_order_and_the_payload_once_with_the_last():
    result, said = run(
        [("describe_symptoms", "my eyelid has jumped for 3 days and I live on espresso"), ("deny", "none of these")]
    )
    replies = result.replies
    assert len(replies) >= 4 and all(len(r.text) <= MAX_MESSAGE_CHARS for r in replies)
    assert replies[0].text.startswith("My advice:")
    assert replies[1].text.startswith("What may be behind it") and 'you mentioned "espresso"' in replies[1].text
    assert any(r.text.startswith("What you can do:") for r in replies[2:-1])
    assert replies[-1].text.endswith(K.disclaimer)
    assert [r.custom is not None for r in replies] == [False] * (len(replies) - 1) + [True]
    assert replies[-1].custom == assess(result.case.findings(), K).payload(result.case.quotes())


def test_an_updated_assessment_says_so_in_a_message_of_its_own_which_slack_gets_too():
    first, _ = run([("describe_symptoms", "my eyelid has jumped for 3 days and I live on espresso"), ("deny", "no")])
    later, _ = run([("describe_symptoms", "actually it's been three weeks")], first.case)
    assert later.replies[0].text == TEXTS.reply("updated") and later.replies[1].text.startswith("My advice:")
    slack = for_channel(later.replies, "slack")
    assert slack[0].text == TEXTS.reply("updated") and slack[1].custom == later.replies[-2].custom
