"""Whose choices these are: in a room, choices belong to the person they were offered to.

A choice value offered in a room carries a short owner mark (a hash of the person's
platform and id, never the id itself), so a button pressed or a reaction given by someone
else is refused. A typed number or label answers the choices the bot last offered in the
room, and only when the person typing it is the one they were offered to.
"""

from __future__ import annotations

import hashlib

from core.kernel.messages import UserRef
from core.kernel.typed import is_number, normalise, typed_number

OWNER_MARK = "~"
TOKEN_LENGTH = 8
ANYONE = "*"
"""The owner of choices offered to a whole room (under the bot's introduction): whoever types
their number chooses, and the choice's own handler decides whether that person may."""


def owner_token(user: UserRef) -> str:
    """A short, stable mark for a person (not their id)."""
    digest = hashlib.sha256(f"{user.platform.value}:{user.id}".encode()).hexdigest()
    return digest[:TOKEN_LENGTH]


def owned(value: str, user: UserRef) -> str:
    """The choice value marked as offered to `user` (a value marked already stays as it is)."""
    if split_owner(value)[1] is not None:
        return value
    return f"{value}{OWNER_MARK}{owner_token(user)}"


def split_owner(value: str) -> tuple[str, str | None]:
    """(the value without its mark, the owner's token or None for an unmarked value)."""
    head, mark, token = value.rpartition(OWNER_MARK)
    if mark and len(token) == TOKEN_LENGTH and all(c in "0123456789abcdef" for c in token):
        return head, token
    return value, None


def bare_number(text: str) -> bool:
    """A message that is only a number, like an answer to a numbered list."""
    return is_number(normalise(text))


def match_offered(offered: list[tuple[str, str]], text: str) -> str | None:
    """The value of the offered choice a typed number or label names, if any."""
    typed = normalise(text)
    if not typed or not offered:
        return None
    number = typed_number(typed)
    if number is not None:
        index = number - 1
        return offered[index][1] if 0 <= index < len(offered) else None
    for label, value in offered:
        if normalise(label) == typed:
            return value
    return None
