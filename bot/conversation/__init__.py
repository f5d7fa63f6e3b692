"""The conversation of the twitch assistant as plain Python: the case built
from what the person said, the intake (which question next), the answers
to common questions, and the words said. Custom actions call `take_turn`,
`answer_question`, `greet` and `Case.carry_over`; nothing here imports Rasa.
"""
from .case import Case
from .turns import Reply, Turn, answer_question, greet, take_turn, wants_start_over

__all__ = ["Case", "Reply", "Turn", "answer_question", "greet", "take_turn", "wants_start_over"]
