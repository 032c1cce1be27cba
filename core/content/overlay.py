"""What moderators taught in the chat, laid over the loaded content until it is exported.

A taught phrasing adds a question to an FAQ entry's phrasings; a taught entry is a new FAQ
entry whose first phrasing is the question it answers. Both are kept in the database
(`adapters/storage/taught.py`) and applied here on top of whatever `content/` holds, so a
reload keeps them; what `content/` holds already (after `lagerfeuer content export`) is not
applied twice.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from core.content.model import ID_PATTERN, LANGUAGES, Content, FaqEntry, Localized, LocalizedList

ANSWER_LIMIT = 1000
"""The longest taught answer: a short answer, as FAQ answers are."""
QUESTION_LIMIT = 500
"""The longest taught question or phrasing (kept questions are cut there too)."""
ID_WORDS = 5
ID_LIMIT = 40

_KEEP = {"\n", "\u200d"}
"""A line break and the emoji joiner survive cleaning; other control and format characters
(bidi overrides, zero-width spaces) and the Unicode line and paragraph separators do not."""
_DROPPED = ("Cc", "Cf", "Zl", "Zp")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


@dataclass(frozen=True, slots=True)
class TaughtPhrasing:
    """A question stored as another way to ask an existing entry."""

    faq_id: str
    lang: str
    text: str


@dataclass(frozen=True, slots=True)
class TaughtEntry:
    """A new FAQ entry: its question (in the language it was asked) and its answer in one or
    both languages; a missing language falls back to the written one."""

    id: str
    lang: str
    question: str
    answer_de: str | None
    answer_en: str | None

    @property
    def missing(self) -> tuple[str, ...]:
        """The languages whose answer is still to be written."""
        return tuple(lang for lang in LANGUAGES if not self.answer(lang))

    def answer(self, lang: str) -> str | None:
        """The answer written in `lang`, or None."""
        return self.answer_en if lang == "en" else self.answer_de

    def faq_entry(self) -> FaqEntry:
        """The entry as content holds it: a missing language gets the written text."""
        written = self.answer(self.lang) or self.answer_de or self.answer_en or ""
        answers = {lang: self.answer(lang) or written for lang in LANGUAGES}
        return FaqEntry(
            id=self.id,
            question=Localized(de=self.question, en=self.question),
            answer=Localized.model_validate(answers),
            phrasings=LocalizedList.model_validate({self.lang: [self.question]}),
        )


@dataclass(frozen=True, slots=True)
class Overlay:
    """Everything taught and not yet exported."""

    entries: tuple[TaughtEntry, ...] = ()
    phrasings: tuple[TaughtPhrasing, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.entries or self.phrasings)


def clean(text: str) -> str:
    """Taught text as it is kept: control and format characters out, spaces collapsed within
    each line, empty lines at the ends off."""
    kept = "".join(
        char for char in text if char in _KEEP or unicodedata.category(char) not in _DROPPED
    )
    lines = [" ".join(line.split()) for line in kept.split("\n")]
    return "\n".join(lines).strip()


def answer_problem(text: str) -> str | None:
    """The text key saying why `text` (cleaned) cannot be an answer, or None."""
    if not text:
        return "teach.error.empty"
    if len(text) > ANSWER_LIMIT:
        return "teach.error.too_long"
    return None


def same_words(text: str) -> str:
    """`text` as compared for "already known": case and spacing do not count."""
    return " ".join(text.casefold().split())


def new_id(question: str, taken: set[str]) -> str:
    """A kebab-case id from the question's first words, unique among `taken`."""
    folded = unicodedata.normalize("NFKD", question.casefold().translate(_UMLAUTS))
    ascii_words = re.findall(r"[a-z0-9]+", folded.encode("ascii", "ignore").decode())
    base = "-".join(ascii_words[:ID_WORDS])[:ID_LIMIT].strip("-") or "taught"
    base = base if ID_PATTERN.match(base) else "taught"
    ident, number = base, 1
    while ident in taken:
        number += 1
        ident = f"{base[: ID_LIMIT - 4].strip('-')}-{number}"
    return ident


def apply_overlay(content: Content, overlay: Overlay) -> Content:
    """`content` with the taught entries added and phrasings merged in; an entry whose id
    content has, or a phrasing content knows for it, is left out (it was exported)."""
    if not overlay:
        return content
    known = {entry.id for entry in content.faq}
    faq = [*content.faq, *(t.faq_entry() for t in overlay.entries if t.id not in known)]
    for taught in overlay.phrasings:
        index = next((i for i, e in enumerate(faq) if e.id == taught.faq_id), None)
        if index is None:
            continue
        entry = faq[index]
        asked = {same_words(t) for t in entry.phrasings.all()}
        asked |= {same_words(entry.question.de), same_words(entry.question.en)}
        if same_words(taught.text) in asked:
            continue
        phrasings = {lang: list(entry.phrasings.get(lang)) for lang in LANGUAGES}
        phrasings[taught.lang].append(taught.text)
        faq[index] = entry.model_copy(update={"phrasings": LocalizedList.model_validate(phrasings)})
    return replace(content, faq=tuple(faq))
