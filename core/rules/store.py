"""What the rules keep: who confirmed which room's rules, who gets their one reminder, and the
join requests waiting for a confirmation (docs/capabilities.md, C7: ids and times only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class JoinRequest:
    """A request to join a room that waits for the applicant to confirm its rules.

    `private_chat` is where the bot writes to them; `language` the language it wrote in.
    """

    platform: str
    chat_id: str
    user_id: str
    private_chat: str
    language: str
    requested_at: datetime
    decline_at: datetime


@dataclass(frozen=True, slots=True)
class Reminder:
    """A newcomer of a room that asks for confirmation, due for their one reminder."""

    platform: str
    chat_id: str
    user_id: str


class RulesStore(Protocol):
    """Storage of the rules service (the SQLite store implements it)."""

    async def rules_confirmed(self, platform: str, chat_id: str, user_id: str) -> bool:
        """Whether the person confirmed this room's rules."""
        ...

    async def confirm_rules(self, platform: str, chat_id: str, user_id: str, at: datetime) -> None:
        """Record the confirmation; the person's reminder for the room is dropped."""
        ...

    async def expect_confirmation(
        self, platform: str, chat_id: str, user_id: str, remind_at: datetime
    ) -> None:
        """The person joined a room that asks for confirmation: remind them once at
        `remind_at` (a person reminded before is not reminded again)."""
        ...

    async def expects_confirmation(self, platform: str, chat_id: str, user_id: str) -> bool:
        """Whether the person joined this room and was asked to confirm its rules."""
        ...

    async def awaiting_confirmation(self, platform: str, user_id: str) -> list[str]:
        """The rooms (chat ids) the person joined or asked to join that still wait for their
        confirmation, oldest first."""
        ...

    async def drop_unsent_reminder(self, platform: str, chat_id: str, user_id: str) -> None:
        """The person left before their reminder: no reminder (a later join asks again)."""
        ...

    async def due_reminders(self, now: datetime) -> list[Reminder]:
        """Reminders due at `now`, each marked as sent as it is read (never a second one)."""
        ...

    async def save_join_request(self, request: JoinRequest) -> None:
        """Insert or replace the person's waiting request for the room."""
        ...

    async def get_join_request(
        self, platform: str, chat_id: str, user_id: str
    ) -> JoinRequest | None:
        """The person's waiting request for the room, or None."""
        ...

    async def drop_join_request(self, platform: str, chat_id: str, user_id: str) -> bool:
        """Remove the waiting request; False when there was none (answered already)."""
        ...

    async def due_join_requests(self, now: datetime) -> list[JoinRequest]:
        """Requests whose time to confirm ran out at `now`, oldest first."""
        ...
