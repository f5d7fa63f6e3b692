"""Drive bot.conversation in-process with the real extractor (no Rasa)."""

import yaml

from bot.conversation import Case, Conversation
from bot.nlu.entity_extractor import to_entity
from bot.nlu.extractor import shared_extractor
from tests.paths import ROOT

# The project's conversation, as the action server builds it.
CONVERSATION = Conversation.load()
TEXTS = CONVERSATION.texts
# The intents data/rules.yml sends to action_answer_question (the others: action_greet or action_intake_turn).
QUESTION_INTENTS = {
    rule["steps"][0]["intent"]
    for rule in yaml.safe_load((ROOT / "data" / "rules.yml").read_text())["rules"]
    if rule["steps"][1:] == [{"action": "action_answer_question"}]
}


def entities(text):
    """What the NLU pipeline's rule-based extractor sends the actions."""
    return [to_entity(m, "FindingEntityExtractor") | {"text": m.text} for m in shared_extractor().extract(text)]


def turn(case, intent, text, conversation=CONVERSATION):
    if intent == "greet":
        return conversation.greet(case)
    if intent in QUESTION_INTENTS:
        return conversation.answer_question(case, intent, entities(text), text)
    return conversation.take_turn(case, intent, entities(text), message=text)


def run(steps, case=None, conversation=CONVERSATION):
    """Play (intent, text) steps; returns the last Turn and every reply text.
    A step ("return_after", days) starts a new session that many days later."""
    case = case or Case()
    said = []
    result = None
    for intent, text in steps:
        if intent == "return_after":
            case = case.carry_over(float(text))
            continue
        result = turn(case, intent, text, conversation)
        case = result.case
        said.append([r.text for r in result.replies])
    return result, said


def all_said(result):
    """All the turn's messages, as one text (an assessment comes in several)."""
    return "\n".join(reply.text for reply in result.replies)


def message_starting(result, prefix):
    """The turn's message that starts with `prefix`."""
    return next(reply.text for reply in result.replies if reply.text.startswith(prefix))
