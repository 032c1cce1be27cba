"""What the Telegram channel keeps in the database (the SQLite store implements it)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Protocol

from adapters.channels.telegram.polling import TelegramInboxStore
from adapters.channels.telegram.sender import ChatStore
from core.kernel.ports import EventLog, RoomStore


class TelegramStore(ChatStore, RoomStore, EventLog, TelegramInboxStore, Protocol):
    """Rooms and people it moves or marks, handled ids, its small state, the inbox of updates
    not yet answered, and what a button stands for until it expires (long choice values, held
    anonymous commands), the invite link it created for each group."""

    async def telegram_state(self, key: str) -> str | None:
        """A stored fact, or None."""
        ...

    async def set_telegram_state(self, key: str, value: str) -> None:
        """Store a fact durably."""
        ...

    async def keep_pending(
        self, chat_id: str, values: Mapping[str, str], expires_at: datetime, now: datetime
    ) -> None:
        """Store what each token in `values` stands for, until `expires_at`."""
        ...

    async def prune_pending(self, now: datetime) -> int:
        """Delete every token that has expired."""
        ...

    async def pending(self, chat_id: str, token: str, now: datetime) -> str | None:
        """What `token` stands for in this chat, unless it has expired."""
        ...

    async def drop_pending(self, chat_id: str, token: str) -> bool:
        """Forget a token; False if it was already gone."""
        ...

    async def invite_link(self, chat_id: str) -> tuple[str, bool] | None:
        """The invite link the bot created for the group and whether it asks to join."""
        ...

    async def keep_invite_link(
        self, chat_id: str, link: str, now: datetime, requests: bool = False
    ) -> None:
        """Keep the group's new invite link durably (`requests`: it asks to join)."""
        ...

    async def drop_invite_link(self, chat_id: str) -> None:
        """Forget the group's invite link."""
        ...
