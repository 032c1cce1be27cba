"""Answering questions (docs/capabilities.md, C3 and C4): the matcher, its terms, replies,
catalogue and evaluation."""

from core.answers.service import install
from core.answers.store import AnswerStore, UnansweredQuestion

__all__ = ["AnswerStore", "UnansweredQuestion", "install"]
