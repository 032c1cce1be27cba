"""Cutting texts longer than one Telegram message into parts, literal or HTML.

Telegram counts a message's length in UTF-16 units of its visible text (after the HTML is
parsed). Parts end at a paragraph, line or word boundary where one lies in the second half
of a part, else hard. HTML is cut only between visible characters, never inside a tag or an
entity, and every part closes the tags open at its end and opens them again in the next.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

MAX_TEXT = 4096
"""Telegram's limit on a message's text (after entity parsing), in UTF-16 code units."""

SEPARATORS = ("\n\n", "\n", " ")

_MARKUP = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^<>]*>|&(?:#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);")


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2  # lone surrogates count as one


def _fit(text: str, start: int, limit: int) -> int:
    """The end of the longest piece of `text` from `start` within `limit` UTF-16 units."""
    units = 0
    for index in range(start, len(text)):
        units += 2 if ord(text[index]) > 0xFFFF else 1
        if units > limit:
            return index
    return len(text)


def spans(text: str, limit: int = MAX_TEXT) -> list[tuple[int, int]]:
    """(start, end) of each part of `text`; whitespace at the cuts belongs to no part."""
    parts: list[tuple[int, int]] = []
    start = 0
    while utf16_len(text[start:]) > limit:
        cut = _fit(text, start, limit)
        chosen = cut
        half = start + (cut - start) // 2
        for separator in SEPARATORS:
            at = text.rfind(separator, start, cut)
            if at >= half:
                chosen = at
                break
        end = start + len(text[start:chosen].rstrip())
        if end > start:
            parts.append((start, end))
        rest = text[chosen:]
        start = chosen + len(rest) - len(rest.lstrip())
    if text[start:].strip() or not parts:
        parts.append((start, len(text)))
    return parts


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Cut a literal text into parts of at most `limit` UTF-16 units."""
    return [text[start:end] for start, end in spans(text, limit)]


@dataclass(frozen=True, slots=True)
class _Tag:
    """One opening tag; `index` keeps two equal neighbouring tags apart."""

    index: int
    name: str
    raw: str


@dataclass(frozen=True, slots=True)
class _Char:
    """One visible character: its source (itself, or an entity) and the tags around it."""

    visible: str
    raw: str
    tags: tuple[_Tag, ...]


def split_html(source: str, limit: int = MAX_TEXT) -> list[str]:
    """Cut Telegram HTML into parts whose visible text is at most `limit` UTF-16 units, each
    part valid HTML on its own (formatting that spans a cut is repeated on both sides)."""
    chars = _chars(source)
    visible = "".join(char.visible for char in chars)
    if utf16_len(visible) <= limit:
        return [source]
    return [_render(chars[start:end]) for start, end in spans(visible, limit)]


def _chars(source: str) -> list[_Char]:
    chars: list[_Char] = []
    stack: list[_Tag] = []
    position = 0
    for number, match in enumerate(_MARKUP.finditer(source)):
        chars.extend(_Char(c, c, tuple(stack)) for c in source[position : match.start()])
        position = match.end()
        raw = match.group(0)
        if raw.startswith("&"):
            shown = html.unescape(raw)
            if len(shown) == 1:
                chars.append(_Char(shown, raw, tuple(stack)))
            else:  # not an entity Telegram knows: it is text
                chars.extend(_Char(c, html.escape(c, quote=False), tuple(stack)) for c in raw)
            continue
        name = match.group(2).lower()
        if not match.group(1):
            stack.append(_Tag(number, name, raw))
            continue
        for index in range(len(stack) - 1, -1, -1):
            if stack[index].name == name:
                del stack[index]
                break
    chars.extend(_Char(c, c, tuple(stack)) for c in source[position:])
    return chars


def _render(chars: list[_Char]) -> str:
    out: list[str] = []
    opened: tuple[_Tag, ...] = ()
    for char in chars:
        common = 0
        while common < min(len(opened), len(char.tags)) and opened[common] == char.tags[common]:
            common += 1
        out.extend(f"</{tag.name}>" for tag in reversed(opened[common:]))
        out.extend(tag.raw for tag in char.tags[common:])
        opened = char.tags
        out.append(char.raw)
    out.extend(f"</{tag.name}>" for tag in reversed(opened))
    return "".join(out)
