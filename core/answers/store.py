"""The answers service's ports: questions the bot could not answer (text only, never who asked
or where), and when a room last got an unprompted answer (the cooldown outlives restarts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol


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


class AnswerStore(QuestionStore, RoomAnswerStore, Protocol):
    """Everything the answers service keeps (the SQLite store implements it)."""
