"""The announcements ports: what the service keeps (announcements, targets, subscribers) and
what the delivery loop takes from the queue."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from core.announcements.outbox import (
    Announcement,
    NewTarget,
    Outcome,
    SubscriberReach,
    Summary,
    Target,
)


class OutboxStore(Protocol):
    """What the announcement service needs of storage (the SQLite store implements it)."""

    async def create_announcement(
        self, announcement: Announcement, targets: list[NewTarget]
    ) -> int:
        """Write the announcement and all its targets in one transaction; returns the id."""
        ...

    async def get_announcement(self, ident: int) -> Announcement | None:
        """One announcement by id."""
        ...

    async def announcement_summary(self, ident: int) -> Summary:
        """Counts of its targets by state."""
        ...

    async def failed_titles(self, ident: int, limit: int = 5) -> list[str]:
        """Titles of rooms it could not reach."""
        ...

    async def list_announcements(
        self, finished_since: datetime, limit: int, author: tuple[str, str] | None = None
    ) -> list[Announcement]:
        """Scheduled, running and recently finished ones, newest first; with `author`, only
        those that person (platform, user id) wrote."""
        ...

    async def cancel_announcement(self, ident: int, now: datetime) -> bool:
        """Stop an unfinished one; False when it was already over."""
        ...

    async def due_announcements(self, now: datetime) -> list[Announcement]:
        """Scheduled ones whose time has come, oldest first."""
        ...

    async def start_announcement(
        self, ident: int, targets: list[NewTarget] | None, now: datetime, settle: bool = False
    ) -> bool:
        """Start a scheduled one: with `targets`, they replace its pending ones, written in the
        same durable transaction; with `settle`, its subscribers follow chunk by chunk
        (`settle_subscribers`); False if it was no longer scheduled (cancelled, started)."""
        ...

    async def settling_announcements(self) -> list[Announcement]:
        """Running ones whose subscribers are still being written as targets, oldest first."""
        ...

    async def count_subscriber_chats(self, reach: SubscriberReach) -> dict[str, int]:
        """How many subscribers' private chats `reach` meets, per platform (one query)."""
        ...

    async def settle_subscribers(self, ident: int, reach: SubscriberReach, now: datetime) -> bool:
        """Write the next chunk of a settling announcement's subscribers as its targets, once
        few of its targets still wait; True while more may follow."""
        ...

    async def finish_announcements(self, now: datetime) -> list[Announcement]:
        """Close the ones with nothing left to send; returns those not yet reported."""
        ...

    async def mark_reported(self, ident: int) -> None:
        """The report of this one was handed out."""
        ...

    async def private_chat(self, platform: str, user_id: str) -> str | None:
        """The private chat with a person where it is not their user id (a Matrix DM)."""
        ...

    async def remember_private_chat(self, platform: str, user_id: str, chat_id: str) -> None:
        """Keep the private chat with a person for announcements."""
        ...


class DeliveryQueue(Protocol):
    """What the delivery loop needs of storage: what is due, claiming it, recording the end."""

    async def get_announcement(self, ident: int) -> Announcement | None:
        """One announcement by id."""
        ...

    async def in_flight_targets(self) -> list[Target]:
        """Targets left `sending` by a process that died mid-send."""
        ...

    async def due_platforms(self, now: datetime) -> set[str]:
        """Platforms with targets due now in running announcements."""
        ...

    async def due_targets(self, platform: str, now: datetime, limit: int = 200) -> list[Target]:
        """Pending targets on `platform` due now in running announcements, oldest first."""
        ...

    async def claim_target(self, target: Target, now: datetime) -> bool:
        """Durably mark the target `sending` before its send; False if it is no longer due."""
        ...

    async def record_outcome(self, target: Target, outcome: Outcome, now: datetime) -> None:
        """Durably write the result of a send (or of crash recovery)."""
        ...
