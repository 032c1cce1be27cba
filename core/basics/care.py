"""Kind in hard moments: a message about a crisis gets a fixed, calm reply before anything else.

Someone worn out ("Ich glaub, ich hab nen Burnout") gets a gentler fixed reply of its own, with
where to find help, unless the message is about networking or a professional topic.

The words live in content (`care.words.*`): a danger phrase ("will mich umbringen") always
means a crisis, also with a typo in a long word ("umbrigen"); a crisis word ("Suizid")
together with a professional-topic word ("Suizidprävention", "Gewalt als Thema für ein
Barcamp") is a question instead. The reply is fixed, in the language of the words that were
found (whatever language the bot spoke before), names Germany's public emergency numbers and
is never kept as a question.
"""

from __future__ import annotations

import functools
import re

from rapidfuzz.distance import Levenshtein

from core.content.model import LANGUAGES
from core.content.texts import Texts
from core.kernel.assistant import Actions, Deps, Registry, Turn
from core.kernel.messages import Reply
from core.kernel.typed import normalise, word_list, word_start_pattern

TYPO_LENGTH = 6
"""A word of a danger phrase this long or longer is still found with one letter wrong."""
_WORD = re.compile(r"\w+")
GAP = 3
GAP_MARK = "..."


@functools.lru_cache(maxsize=16)
def _anywhere(words: frozenset[str]) -> re.Pattern[str]:
    """Any of `words` anywhere, also inside a compound ("Gewaltprävention")."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:{alternatives})")


def _same_word(typed: str, meant: str, *, last: bool) -> bool:
    """The typed word is the phrase's word (the last one may be the start of a longer word:
    "umbringen" in "umbringen lassen"), a long one also with one letter wrong."""
    if typed == meant or (last and typed.startswith(meant)):
        return True
    return len(meant) >= TYPO_LENGTH and Levenshtein.distance(typed, meant, score_cutoff=1) <= 1


def _stands_at(parts: _Phrase, typed: list[str], start: int) -> bool:
    """Whether the phrase's parts (runs of words, GAP words apart at most) start at `start`."""
    first, rest = parts[0], parts[1:]
    window = typed[start : start + len(first)]
    if len(window) < len(first):
        return False
    ends = [at == len(first) - 1 for at in range(len(first))]
    if not all(_same_word(t, m, last=e) for t, m, e in zip(window, first, ends, strict=True)):
        return False
    if not rest:
        return True
    after = start + len(first)
    return any(_stands_at(rest, typed, at) for at in range(after, after + GAP + 1))


_Phrase = tuple[tuple[str, ...], ...]
"""A danger phrase as runs of words, the runs GAP words apart at most."""


@functools.lru_cache(maxsize=16)
def _phrases(listed: str) -> tuple[_Phrase, ...]:
    """The phrases of a comma-separated content list, each split into its runs of words
    (read once per content text, not once per message)."""
    phrases = (
        tuple(tuple(_WORD.findall(run)) for run in phrase.split(GAP_MARK) if _WORD.findall(run))
        for phrase in word_list(listed)
    )
    return tuple(parts for parts in phrases if parts)


def _found(phrases: tuple[_Phrase, ...], typed: list[str]) -> bool:
    """Whether one of `phrases` stands in the typed words: each word at the start of a typed
    word, a long one also with one letter wrong, and "..." for up to GAP words between."""
    for parts in phrases:
        first, alone = parts[0][0], len(parts[0]) == 1
        for at, word in enumerate(typed):  # only where the phrase's first word stands
            if _same_word(word, first, last=alone) and _stands_at(parts, typed, at):
                return True
    return False


def crisis_language(texts: Texts, text: str) -> str | None:
    """The language of the crisis words in `text` (a danger phrase, or a crisis word and no
    professional-topic word), or None when it is no crisis."""
    typed = normalise(text)
    typed_words = _WORD.findall(typed)
    for lang in LANGUAGES:
        if _found(_phrases(texts.get("care.words.danger", lang)), typed_words):
            return lang
    topic = {w for lang in LANGUAGES for w in word_list(texts.get("care.words.topic", lang))}
    if topic and _anywhere(frozenset(topic)).search(typed):
        return None
    for lang in LANGUAGES:
        acute = word_list(texts.get("care.words.acute", lang))
        if acute and word_start_pattern(frozenset(acute)).search(typed):
            return lang
    return None


def strain_language(texts: Texts, text: str, prefer: str) -> str | None:
    """The language of the words in `text` that say someone is worn out ("Burnout", "ich kann
    nicht mehr"; `prefer`, the conversation's, where both languages have them), or None when
    there are none or the message is about networking or a professional topic ("wie vernetze
    ich mich, wenn ich kurz vorm Burnout bin?")."""
    typed = normalise(text)
    unless = {
        w
        for lang in LANGUAGES
        for key in ("care.words.topic", "care.words.strain_unless")
        for w in word_list(texts.get(key, lang))
    }
    if unless and _anywhere(frozenset(unless)).search(typed):
        return None
    typed_words = _WORD.findall(typed)
    found = [
        lang
        for lang in LANGUAGES
        if _found(_phrases(texts.get("care.words.strain", lang)), typed_words)
    ]
    return prefer if prefer in found else next(iter(found), None)


def care_reply(texts: Texts, text: str, prefer: str) -> tuple[str, str] | None:
    """The text key and language of the fixed reply to a hard moment in `text`: the crisis
    reply first, then the one for someone worn out; None for any other message. `prefer` is
    the conversation's language."""
    lang = crisis_language(texts, text)
    if lang is not None:
        return "care.crisis", lang
    lang = strain_language(texts, text, prefer)
    return None if lang is None else ("care.strain", lang)


def install(registry: Registry, deps: Deps) -> None:
    """Read private and addressed text for a hard moment before every other feature."""

    async def hard_moment(turn: Turn, text: str) -> Actions | None:
        texts = turn.deps.content.texts
        found = care_reply(texts, text, turn.lang)
        return None if found is None else [Reply(turn.chat, texts.get(*found))]

    registry.urgent.append(hard_moment)


__all__ = ["care_reply", "crisis_language", "install", "strain_language"]
