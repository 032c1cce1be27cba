"""The port that keeps when a room last got an unprompted answer: the cooldown outlives restarts."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol, runtime_checkable


@runtime_checkable
class RoomAnswerStore(Protocol):
    """Remembers, per room, the time of its last unprompted answer."""

    async def claim_room_answer(
        self, platform: str, chat_id: str, now: datetime, cooldown: timedelta
    ) -> bool:
        """Record an unprompted answer in this room at `now`, unless the room got one less than
        `cooldown` ago; True when recorded (the answer may be given)."""
        ...
