"""What people type, made comparable: words through `normalise`, numbers through `typed_number`.

Every place that compares a typed word with a word from content (a command alias, a control
word of a flow, a setting's keyword, a choice's label) folds both sides here, so "Zurück!",
"zurueck" and " ZURÜCK " are one word everywhere.

Only ASCII digits count as numbers, so `²`, `①` or `٣` never reach `int()`: `str.isdigit()` is
true for superscripts and circled digits that `int()` refuses, and for very long digit strings
that overflow dates and ids further on. Every place that reads a typed number asks here instead.
"""

from __future__ import annotations

import functools
import re

from core.content.model import LANGUAGES
from core.content.texts import Texts

MAX_DIGITS = 9
"""More digits than any list, id or index the bot offers; longer strings are not numbers."""


def is_number(text: str) -> bool:
    """Whether `text` is a plain number of ASCII digits, at most `MAX_DIGITS` long."""
    return text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS


def typed_number(text: str) -> int | None:
    """The number `text` spells in ASCII digits, or None for anything else."""
    return int(text) if is_number(text) else None


_EDGES = re.compile(r"^[\s.!?]+|[\s.)!?]+$")
"""Punctuation around a typed word: "stopp!", "2)", "...weiter?"."""
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def normalise(text: str) -> str:
    """`text` made comparable: case-folded, spaces collapsed, the punctuation around it off,
    umlauts spelled out (`ä` -> `ae`)."""
    folded = " ".join(text.casefold().split())
    return _EDGES.sub("", folded).translate(_UMLAUTS)


def word_list(text: str) -> tuple[str, ...]:
    """The words of a comma-separated list from content, each normalised, empty ones left out."""
    return tuple(word for word in (normalise(part) for part in text.split(",")) if word)


def typed_words(texts: Texts, key: str) -> frozenset[str]:
    """The words of the comma-separated text `key` in every language, normalised: what a
    person may type for it, whatever language the bot speaks with them."""
    found = texts.word_lists.get(key)
    if found is None:
        found = frozenset(word for lang in LANGUAGES for word in word_list(texts.get(key, lang)))
        texts.word_lists[key] = found
    return found


@functools.lru_cache(maxsize=32)
def word_start_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """Any of `words` at the start of a word ("kost" finds "kostet", "suizid" "suizidal", not
    "xsuizid"); the longest first."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})")


def starts_a_word(texts: Texts, key: str, text: str) -> bool:
    """Whether a word of the list `key` (see `typed_words`) starts a word of `text`."""
    words = typed_words(texts, key)
    return bool(words) and word_start_pattern(words).search(normalise(text)) is not None
