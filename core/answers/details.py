"""Questions about an entry's practical details (cost, dates, signing up), which its definition
does not answer: they get the entry's `details` text, what the bot knows and where to look."""

from __future__ import annotations

from core.content.model import FaqEntry, Localized
from core.content.texts import Texts
from core.kernel.typed import starts_a_word

WORDS = "answers.words.details"
"""The text key of the words that ask for details; each matches at the start of a word."""


def asks_details(texts: Texts, text: str) -> bool:
    """Whether `text` asks about cost, dates or signing up (a word of `WORDS` starts a word)."""
    return starts_a_word(texts, WORDS, text)


def answer_for(entry: FaqEntry, texts: Texts, text: str) -> Localized:
    """The entry's details when `text` asks for them and the entry has some, else its answer."""
    if entry.details is not None and asks_details(texts, text):
        return entry.details
    return entry.answer
