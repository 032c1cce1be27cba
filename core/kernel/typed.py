"""Numbers typed by people: only ASCII digits count, so `²`, `①` or `٣` never reach `int()`.

`str.isdigit()` is true for superscripts and circled digits that `int()` refuses, and for
very long digit strings that overflow dates and ids further on. Every place that reads a typed
number asks here instead.
"""

from __future__ import annotations

MAX_DIGITS = 9
"""More digits than any list, id or index the bot offers; longer strings are not numbers."""


def is_number(text: str) -> bool:
    """Whether `text` is a plain number of ASCII digits, at most `MAX_DIGITS` long."""
    return text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS


def typed_number(text: str) -> int | None:
    """The number `text` spells in ASCII digits, or None for anything else."""
    return int(text) if is_number(text) else None
