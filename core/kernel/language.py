"""Which language a message is written in (German or English), from marker words in content.

Cheap on purpose: the words of `language.detect` (content/texts/common.yaml), one list per
language, are counted; a language wins only with two markers or more and more than twice the
other's, so "ok", a name or a mixed sentence decide nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from core.content.model import LANGUAGES, Localized

MARKERS = "language.detect"
"""The text key whose German and English values are the marker words of each language."""
_WORD = re.compile(r"[^\W\d_]+(?:'[a-z]+)?")
MIN_MARKERS = 2


def markers(texts: Mapping[str, Localized]) -> dict[str, frozenset[str]]:
    """The marker words per language (none when content has no `language.detect`)."""
    entry = texts.get(MARKERS)
    if entry is None:
        return {}
    return {lang: frozenset(entry.get(lang).casefold().split()) for lang in LANGUAGES}


def detect(text: str, words: Mapping[str, frozenset[str]]) -> str | None:
    """The language `text` is clearly written in, or None when it is not clear."""
    found = _WORD.findall(text.casefold())
    counts = sorted(
        ((sum(word in marked for word in found), lang) for lang, marked in words.items()),
        reverse=True,
    )
    if not counts:
        return None
    best, lang = counts[0]
    runner_up = counts[1][0] if len(counts) > 1 else 0
    if best >= MIN_MARKERS and best > 2 * runner_up:
        return lang
    return None
