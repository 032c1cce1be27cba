"""Reading a typed answer at a choice step: which options its words name.

Each option may carry typed phrasings in content (`typed`, German and English, both always
work). A phrasing names an option when its words stand in the text, compared the way the
answers compare words (`core.answers`: folded umlauts and gender forms, stems, typos), so
"Ich bin Sozialarbeiterin" meets "Sozialarbeiter" and "ich mach beides" meets "beides".
A word meets a phrasing's word in one of its forms, never a shorter stem of it: "Sozialarbeit"
(a subject one studies) is no "Sozialarbeiter". A longer German compound meets its last part
("Schulsozialarbeiterin").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from core.answers import QUESTION_WORDS, Stemmer, is_typo, words

MIN_TAIL = 6
"""A phrasing's word this long also meets a compound ending in it."""

TYPO_EDITS = 1
"""Typed answers are short: one wrong, missing or extra letter is a typo, two are another word."""

_FEMININE = re.compile(r"(?<=[a-z]{3}(?:er|og|eg|nt|st|ft))(?:in|innen)$")
"""The feminine ending of a person word, as the answers' stemmer reads it (Fachkraft too)."""

_stemmer = Stemmer()


@dataclass(frozen=True, slots=True)
class Phrase:
    """One typed phrasing of an option, as folded words."""

    option: str
    words: tuple[str, ...]


def phrases_of(option: str, texts: Iterable[str]) -> list[Phrase]:
    """The phrasings of one option, folded; phrasings without a word are left out."""
    found = [Phrase(option, tuple(base(w) for w in words(text))) for text in texts]
    return [p for p in found if p.words]


def base(word: str) -> str:
    """A folded word without its feminine ending: the form person words are compared in."""
    return _FEMININE.sub("", word)


@lru_cache(maxsize=20_000)
def _stem(word: str) -> str:
    return _stemmer.stem(word)


@lru_cache(maxsize=50_000)
def same_word(typed: str, wanted: str) -> bool:
    """Whether a typed word (folded, feminine ending off) is a form of a phrasing's word."""
    if typed == wanted:
        return True
    if len(wanted) >= MIN_TAIL and typed.endswith(wanted):
        return True
    if len(typed) + 1 >= len(wanted) and _stem(typed) == _stem(wanted):
        return True
    return is_typo(typed, wanted, TYPO_EDITS)


def looks_like_question(text: str) -> bool:
    """A question mark, or a question word first ("was ist ein barcamp"): a question to
    answer, not an answer to the step."""
    if "?" in text:
        return True
    first = words(text)[:1]
    return bool(first) and first[0] in QUESTION_WORDS


@dataclass(frozen=True, slots=True)
class _Hit:
    option: str
    start: int
    end: int


def named_options(text: str, phrases: Sequence[Phrase]) -> list[str]:
    """The options whose phrasings stand in `text`, in the order of `phrases`.

    A hit inside a longer hit of another option does not count: "online und vor Ort" is
    "both", not also "online" and "in person".
    """
    typed = [base(w) for w in words(text)]
    hits: list[_Hit] = []
    for phrase in phrases:
        size = len(phrase.words)
        for start in range(len(typed) - size + 1):
            window = typed[start : start + size]
            if all(same_word(t, w) for t, w in zip(window, phrase.words, strict=True)):
                hits.append(_Hit(phrase.option, start, start + size))
    kept = [
        hit
        for hit in hits
        if not any(
            other.option != hit.option
            and other.start <= hit.start
            and hit.end <= other.end
            and other.end - other.start > hit.end - hit.start
            for other in hits
        )
    ]
    order = list(dict.fromkeys(p.option for p in phrases))
    chosen = {hit.option for hit in kept}
    return [option for option in order if option in chosen]
