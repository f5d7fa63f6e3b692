"""The conversation of the twitch assistant as plain Python: the case built
from what the person said, the intake (which question next), the answers
to common questions, and the words said. Custom actions hold one
`Conversation` (its knowledge and texts loaded once) and call its
`take_turn`, `answer_question` and `greet`, and `Case.carry_over`; nothing
here imports Rasa.
"""

from .case import Case
from .texts import Texts, load_texts
from .turns import Conversation, Reply, Turn

__all__ = ["Case", "Conversation", "Reply", "Texts", "Turn", "load_texts"]
