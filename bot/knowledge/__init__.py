"""The cause knowledge module of the twitch assistant.

Plain Python over validated data (``data/*.yml``); it imports nothing from
Rasa. The interface is `assess`, which takes the slots of the assessment
contract (docs/spec/assessment-contract.md) and returns an `Assessment`::

    >>> a = assess({"symptoms": ["twitching"], "exposures": ["caffeine"]})
    >>> a.triage_level, a.causes[0].id
    ('self_care', 'caffeine')
"""

from .assessment import Assessment, CauseMatch, assess
from .findings import Findings, FindingsError, describe_days
from .loader import KnowledgeError, load_knowledge
from .model import Knowledge
from .scoring import Evidence, rank_causes

__all__ = [
    "Assessment",
    "CauseMatch",
    "Evidence",
    "Findings",
    "FindingsError",
    "Knowledge",
    "KnowledgeError",
    "assess",
    "describe_days",
    "load_knowledge",
    "rank_causes",
]
