"""What the Matrix channel keeps in the database (the SQLite store implements it); importing
it loads no Matrix library."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class KeyWaitStore(Protocol):
    """Where the waiting messages are kept across a restart."""

    async def keep_key_wait(self, event_id: str, room_id: str, since: datetime) -> None:
        """Note that the message waits (a message noted already stays as it is)."""
        ...

    async def drop_key_wait(self, event_id: str) -> None:
        """The message is read or forgotten."""
        ...

    async def key_waits(self) -> list[tuple[str, str, datetime]]:
        """(event id, room id, since) of every waiting message, oldest first."""
        ...
