"""Log-safe references to people and chats: short keyed hashes, never ids, names or texts.

Use `who(user)` and `where(chat)` in log lines. The hash key is random for each process,
so a hash links lines of one run together but cannot be reversed by trying every
Telegram id, and means nothing after a restart.
"""

from __future__ import annotations

import hashlib
import secrets

from core.kernel.messages import ChatRef, UserRef

_KEY = secrets.token_bytes(16)


def pseudonym(value: str) -> str:
    """Eight hex characters standing for `value` in this process's logs."""
    data = value.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, key=_KEY, digest_size=4).hexdigest()


def who(user: UserRef) -> str:
    """A person in a log line: platform and a short hash of the id."""
    return f"{user.platform.value}:{pseudonym(user.id)}"


def where(chat: ChatRef) -> str:
    """A chat in a log line: platform, private or room, and a short hash of the id."""
    kind = "dm" if chat.is_private else "room"
    return f"{chat.platform.value}:{kind}:{pseudonym(chat.id)}"
