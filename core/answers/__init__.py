"""Answering questions (docs/capabilities.md, C3 and C4): the matcher, its terms, replies,
catalogue and evaluation; its text normalisation (folding, stems, typos) for other features."""

from core.answers.service import install
from core.answers.store import AnswerStore, UnansweredQuestion
from core.answers.terms import QUESTION_WORDS, Stemmer, fold, is_typo, words

__all__ = [
    "QUESTION_WORDS",
    "AnswerStore",
    "Stemmer",
    "UnansweredQuestion",
    "fold",
    "install",
    "is_typo",
    "words",
]
