"""Display names are data: shortened sensibly and cleaned of invisible tricks, never markup.

A name is shown literally (adapters escape every reply), so HTML or Markdown in a name stays
visible text. What is removed are characters that change how the *surrounding* text looks:
bidi controls (which can reverse the rest of a welcome), zero-width characters (which hide
or split words) and control characters (line breaks that forge extra lines).
"""

from __future__ import annotations

import re
import unicodedata

NAME_LIMIT = 64
"""Longest name shown, in characters, the ellipsis included."""

ELLIPSIS = "…"

MAX_MARKS = 3
"""Combining marks kept on one letter; more only pile up ("Zalgo" text)."""

_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_ZERO_WIDTH = frozenset("\u200b\u2060\u2061\u2062\u2063\u2064\ufeff\u180e\u00ad\u034f")
_TERMINAL_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?)")
"""A terminal's colour or title sequence (ESC [ … m, ESC ] … BEL): gone whole, not in part."""
_JOINERS = frozenset("\u200c\u200d")
"""Zero-width (non-)joiners: part of emoji sequences and some scripts; kept only inside a word."""


def clean_name(name: str, limit: int = NAME_LIMIT) -> str:
    """The name as it may be shown: invisible controls removed, whitespace tidied, shortened.

    Returns "" when nothing visible is left; callers then use a neutral word from content.
    """
    name = unicodedata.normalize("NFC", name)
    kept: list[str] = []
    marks = 0
    for index, char in enumerate(name):
        if char in _BIDI_CONTROLS or char in _ZERO_WIDTH:
            continue
        marks = marks + 1 if unicodedata.combining(char) else 0
        if marks > MAX_MARKS:
            continue
        if char in _JOINERS:
            if _between_visible(name, index):
                kept.append(char)
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Zl", "Zp") or char.isspace():
            kept.append(" ")
        elif category in ("Cf", "Cs", "Co", "Cn"):
            continue
        else:
            kept.append(char)
    tidy = " ".join("".join(kept).split())
    return shorten(tidy, limit)


def shorten(text: str, limit: int = NAME_LIMIT) -> str:
    """`text` cut to at most `limit` characters with an ellipsis, at a word end when one is near."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS)]
    space = cut.rfind(" ")
    if space >= limit * 2 // 3:
        cut = cut[:space]
    while cut and (cut[-1] in _JOINERS or cut[-1] == " "):
        cut = cut[:-1]
    return cut + ELLIPSIS


def _between_visible(text: str, index: int) -> bool:
    before = text[index - 1] if index > 0 else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return _visible(before) and _visible(after)


def _visible(char: str) -> bool:
    return not char.isspace() and unicodedata.category(char) not in ("Cc", "Cf", "Zl", "Zp")


def clean_text(text: str) -> str:
    """A person's message as it may be shown to others: bidi controls, zero-width and control
    characters removed (line breaks and tabs stay), so it cannot reverse or hide the lines
    around it; Windows and old Mac line ends become plain ones."""
    text = _TERMINAL_ESCAPE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    kept = [
        char
        for char in text
        if char in "\n\t"
        or not (
            char in _BIDI_CONTROLS
            or char in _ZERO_WIDTH
            or unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp")
        )
    ]
    return "".join(kept).strip()
