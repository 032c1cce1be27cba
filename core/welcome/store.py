"""What the welcome service keeps: who was greeted where, joins waiting, each room's pace."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from core.welcome.policy import RoomPace


@dataclass(frozen=True, slots=True)
class PendingJoin:
    """Someone waiting for the next combined welcome (kept only until it is posted).

    The store keeps the id and time only, never the name (docs/capabilities.md, C7); the name
    travels with the join in memory and is None after a restart.
    """

    user_id: str
    joined_at: datetime
    display_name: str | None = None


@dataclass(slots=True)
class WelcomeRoom:
    """One room's welcome state: its pace and the message id of the welcome on show."""

    pace: RoomPace = field(default_factory=RoomPace)
    last_message_id: str | None = None


class WelcomeStore(Protocol):
    """Storage of the welcome service (the SQLite store implements it)."""

    async def welcomed_since(
        self, platform: str, chat_id: str, user_id: str, since: datetime
    ) -> bool:
        """Whether the person was greeted in this room at or after `since`."""
        ...

    async def remember_join(self, platform: str, chat_id: str, user_id: str, at: datetime) -> None:
        """Note that the person joined (and is being greeted) now."""
        ...

    async def forget_join(self, platform: str, chat_id: str, user_id: str) -> None:
        """Forget that the person joined this room (they left before being greeted)."""
        ...

    async def joins_since(self, platform: str, chat_id: str, since: datetime) -> int:
        """How many people were taken in for a welcome in this room since `since`."""
        ...

    async def forget_joins_before(self, before: datetime) -> int:
        """Drop the rejoin memory older than `before`; returns rows removed."""
        ...

    async def add_pending(self, platform: str, chat_id: str, join: PendingJoin) -> None:
        """Queue someone for the next combined welcome (their id and time, not their name)."""
        ...

    async def pending_joins(
        self, platform: str, chat_id: str, skip: int = 0, limit: int | None = None
    ) -> list[PendingJoin]:
        """Who waits in this room, in the order they joined (without names): all of them, or
        `limit` after the first `skip`."""
        ...

    async def pending_count(self, platform: str, chat_id: str) -> int:
        """How many people wait in this room."""
        ...

    async def has_pending(self, platform: str, chat_id: str) -> bool:
        """Whether anyone waits in this room."""
        ...

    async def rooms_with_pending(self) -> list[tuple[str, str]]:
        """(platform, chat id) of every room where someone waits."""
        ...

    async def clear_pending(self, platform: str, chat_id: str, user_ids: list[str]) -> int:
        """Remove these people from the queue; returns how many were waiting."""
        ...

    async def clear_room_pending(self, platform: str, chat_id: str) -> int:
        """Empty the room's queue, a bounded chunk at a time; returns how many were waiting."""
        ...

    async def get_welcome_room(self, platform: str, chat_id: str) -> WelcomeRoom:
        """The room's welcome state (a fresh one for a room never greeted in)."""
        ...

    async def save_welcome_room(self, platform: str, chat_id: str, room: WelcomeRoom) -> None:
        """Store the room's welcome state."""
        ...
