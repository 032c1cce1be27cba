"""Kind in hard moments: a message about a crisis gets a fixed, calm reply before anything else.

The words live in content (`care.words.*`): a danger phrase ("will mich umbringen") always
means a crisis; a crisis word ("Suizid") together with a professional-topic word
("Suizidprävention", "Gewalt als Thema für ein Barcamp") is a question instead. The reply is
fixed, names Germany's public emergency numbers and is never kept as a question.
"""

from __future__ import annotations

import re

from core.content.texts import Texts
from core.kernel.assistant import Actions, Deps, Registry, Turn
from core.kernel.typed import normalise, typed_words


def _pattern(words: frozenset[str]) -> re.Pattern[str]:
    """Any of `words` at the start of a word (so "suizid" finds "suizidal", not "xsuizid")."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})")


def _anywhere(words: frozenset[str]) -> re.Pattern[str]:
    """Any of `words` anywhere, also inside a compound ("Gewaltprävention")."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:{alternatives})")


def is_crisis(texts: Texts, text: str) -> bool:
    """Whether `text` is about a crisis: a danger phrase, or a crisis word and no
    professional-topic word."""
    typed = normalise(text)
    danger = typed_words(texts, "care.words.danger")
    if danger and _pattern(danger).search(typed):
        return True
    acute = {normalise(w) for w in typed_words(texts, "care.words.acute")}
    topic = {normalise(w) for w in typed_words(texts, "care.words.topic")}
    if not _pattern(frozenset(acute)).search(typed):
        return False
    return not _anywhere(frozenset(topic)).search(typed)


def install(registry: Registry, deps: Deps) -> None:
    """Read private and addressed text for a crisis before every other feature."""

    async def crisis(turn: Turn, text: str) -> Actions | None:
        if is_crisis(turn.deps.content.texts, text):
            return [turn.reply("care.crisis")]
        return None

    registry.urgent.append(crisis)


__all__ = ["install", "is_crisis"]
