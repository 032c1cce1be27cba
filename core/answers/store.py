"""The answers service's ports: questions the bot could not answer (text only, never who asked
or where), when a room last got an unprompted answer (the cooldown outlives restarts), and
what moderators taught (the overlay on content/, core/content/overlay.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from core.content.overlay import Overlay, TaughtEntry, TaughtPhrasing


@dataclass(frozen=True, slots=True)
class UnansweredQuestion:
    """One question as first asked, how often it came, and when last."""

    text: str
    lang: str
    count: int
    last_asked: datetime


class QuestionStore(Protocol):
    """Keeps unanswered private questions for moderators to turn into content."""

    async def record_unanswered(self, text: str, lang: str, when: datetime, keep: int) -> None:
        """Count one more asking of `text` (the same question in other spelling counts too);
        at most `keep` questions stay, the oldest go first."""
        ...

    async def prune_unanswered(self, asked_before: datetime) -> int:
        """Delete the questions first asked before `asked_before`; returns how many."""
        ...

    async def list_unanswered(self, limit: int) -> list[UnansweredQuestion]:
        """The most asked questions first."""
        ...

    async def clear_unanswered(self) -> int:
        """Delete every kept question; returns how many."""
        ...


class RoomAnswerStore(Protocol):
    """Remembers, per room, the time of its last unprompted answer."""

    async def claim_room_answer(
        self, platform: str, chat_id: str, now: datetime, cooldown: timedelta
    ) -> bool:
        """Record an unprompted answer in this room at `now`, unless the room got one less than
        `cooldown` ago; True when recorded (the answer may be given)."""
        ...


class TaughtStore(Protocol):
    """Keeps what community moderators taught in the chat (nothing about who taught it)."""

    async def remove_unanswered(self, text: str) -> bool:
        """Delete one kept question (however it is spaced or capitalised); False when it was
        not there (any more)."""
        ...

    async def teach_phrasing(self, phrasing: TaughtPhrasing, when: datetime) -> None:
        """Keep a question as a new phrasing of an entry (kept once)."""
        ...

    async def teach_entry(self, entry: TaughtEntry, when: datetime) -> bool:
        """Keep a new FAQ entry; False when its id is taken already."""
        ...

    async def taught_ids(self) -> set[str]:
        """The ids of every entry ever taught, exported or not (ids are never reused)."""
        ...

    async def overlay(self) -> Overlay:
        """Everything taught and not yet exported, oldest first."""
        ...

    async def mark_exported(self, overlay: Overlay, when: datetime) -> int:
        """Mark what `overlay` holds as exported into content/; returns how many rows."""
        ...


class AnswerStore(QuestionStore, RoomAnswerStore, TaughtStore, Protocol):
    """Everything the answers service keeps (the SQLite store implements it)."""
