"""Valid Unicode at the door: lone surrogates become U+FFFD before anything else sees them.

Platforms deliver JSON, and JSON can carry `"\\ud800"`, which Python decodes to a string that
cannot be encoded as UTF-8: SQLite, HTTP clients and logs would fail on it. Cleaning every
inbound event once, in the dispatcher, keeps that out of storage and replies alike.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from typing import TypeVar

T = TypeVar("T")


def valid_text(text: str) -> str:
    """`text` with every lone surrogate replaced by U+FFFD (unchanged when already valid)."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return text


def valid_strings(value: T) -> T:
    """A frozen dataclass with its text fields (and those of nested ones) made valid."""
    if not is_dataclass(value) or isinstance(value, type):
        return value
    changes: dict[str, object] = {}
    for field in fields(value):
        current = getattr(value, field.name)
        if isinstance(current, str):
            cleaned: object = valid_text(current)
        elif is_dataclass(current) and not isinstance(current, type):
            cleaned = valid_strings(current)
        else:
            continue
        if cleaned is not current:
            changes[field.name] = cleaned
    return replace(value, **changes) if changes else value
