"""Telegram's HTML parse mode, as strictly as the Bot API applies it (for the test server).

Supported tags only, `&lt; &gt; &amp; &quot;` and numeric entities only, every `<`, `>` and
`&` outside them must be escaped; otherwise "Bad Request: can't parse entities".
"""

from __future__ import annotations

import re

TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^<>]*)?)>|&(#x[0-9a-fA-F]+|#\d+|\w+);")
_ATTR_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#\d+|\w+);")
_HREF = re.compile(r"""href\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")


class ParseError(ValueError):
    """The text is not valid Telegram HTML."""


def units(text: str) -> int:
    """UTF-16 length, as Telegram measures offsets and limits."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2  # lone surrogates count as one


def parse_html(source: str) -> tuple[str, list[dict[str, object]]]:
    """(plain text, entities) of a Telegram HTML text; raises ParseError."""
    out: list[str] = []
    entities: list[dict[str, object]] = []
    stack: list[tuple[str, int, dict[str, object]]] = []
    position = 0
    for match in _TOKEN.finditer(source):
        _literal(source[position : match.start()], out)
        position = match.end()
        if match.group(4) is not None:
            out.append(_entity(match.group(4)))
            continue
        closing, name, attrs = match.group(1) == "/", match.group(2).lower(), match.group(3)
        if name not in TAGS:
            raise ParseError(f'Unsupported start tag "{name}" at byte offset {match.start()}')
        offset = units("".join(out))
        if not closing:
            extra: dict[str, object] = {}
            if name == "a":
                href = _HREF.search(attrs or "")
                if href is None:
                    raise ParseError('Can\'t find end tag corresponding to start tag "a"')
                url = next(g for g in href.groups() if g is not None)
                extra["url"] = _ATTR_ENTITY.sub(lambda m: _entity(m.group(1)), url)
            stack.append((name, offset, extra))
            continue
        if not stack or stack[-1][0] != name:
            raise ParseError(f'Can\'t find end tag corresponding to start tag "{name}"')
        _, start, extra = stack.pop()
        if offset > start:
            entities.append(
                {"type": TAGS[name], "offset": start, "length": offset - start, **extra}
            )
    _literal(source[position:], out)
    if stack:
        raise ParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    return "".join(out), sorted(entities, key=lambda e: (int(str(e["offset"])), e["type"]))


def _literal(chunk: str, out: list[str]) -> None:
    for bad in "<>&":
        if bad in chunk:
            at = chunk.index(bad)
            raise ParseError(f"Unexpected character {bad!r} at offset {at}: must be escaped")
    out.append(chunk)


def _entity(name: str) -> str:
    if name.startswith("#x"):
        return chr(int(name[2:], 16))
    if name.startswith("#"):
        return chr(int(name[1:]))
    if name not in NAMED:
        raise ParseError(f'Unsupported HTML entity "&{name};"')
    return NAMED[name]
