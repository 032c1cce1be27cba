"""SQL for the Telegram adapter's own state: small facts (migration 0006) and what a button
stands for, kept until it expires (migration 0009).

A button carries at most 64 bytes, so a longer choice value travels as a short token; an
anonymous administrator's command waits for a confirming press. Both must survive a
restart, so the token's meaning lives here, per chat, with a time after which it is pruned.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from adapters.storage.db import Database, to_db


class TelegramQueries:
    """Key/value facts the Telegram adapter keeps between runs."""

    db: Database

    async def telegram_state(self, key: str) -> str | None:
        """The stored value, or None."""
        row = await self.db.fetchone("SELECT value FROM telegram_state WHERE key = ?", (key,))
        return str(row["value"]) if row else None

    async def set_telegram_state(self, key: str, value: str) -> None:
        """Store a value (durably: it decides whether pending updates are history)."""
        async with self.db.write(durable=True) as tx:
            await tx.execute(
                "INSERT INTO telegram_state (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )


class TelegramInviteQueries:
    """The invite link the bot created for a group, kept so that it is created once."""

    db: Database

    async def invite_link(self, chat_id: str) -> tuple[str, bool] | None:
        """The kept link of the group and whether it asks to join, or None."""
        row = await self.db.fetchone(
            "SELECT link, creates_join_request FROM telegram_invite_links WHERE chat_id = ?",
            (chat_id,),
        )
        return (str(row["link"]), bool(row["creates_join_request"])) if row else None

    async def keep_invite_link(
        self, chat_id: str, link: str, now: datetime, requests: bool = False
    ) -> None:
        """Keep the group's new link (durably: a lost one would be created again)."""
        async with self.db.write(durable=True) as tx:
            await tx.execute(
                "INSERT INTO telegram_invite_links (chat_id, link, created_at,"
                " creates_join_request) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (chat_id) DO UPDATE SET link = excluded.link,"
                " created_at = excluded.created_at,"
                " creates_join_request = excluded.creates_join_request",
                (chat_id, link, to_db(now), int(requests)),
            )

    async def drop_invite_link(self, chat_id: str) -> None:
        """Forget the group's link (the bot may no longer invite there)."""
        await self.db.write_one("DELETE FROM telegram_invite_links WHERE chat_id = ?", (chat_id,))


TELEGRAM_PENDING_PERSON_TABLES: tuple[tuple[str, str, str], ...] = (
    ("telegram_pending", "platform", "chat_id"),
)
"""A private chat's id is its person's id: /forget wipes what their buttons stood for."""


class TelegramPendingQueries:
    """Button tokens and their meaning, per chat."""

    db: Database

    async def keep_pending(
        self, chat_id: str, values: Mapping[str, str], expires_at: datetime, now: datetime
    ) -> None:
        """Store (or renew) what each token in `values` stands for; drop expired ones."""
        until, cutoff = to_db(expires_at), to_db(now)
        async with self.db.write() as tx:
            await tx.execute("DELETE FROM telegram_pending WHERE expires_at < ?", (cutoff,))
            await tx.executemany(
                "INSERT INTO telegram_pending (chat_id, token, value, expires_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (chat_id, token)"
                " DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at",
                [(chat_id, token, value, until) for token, value in values.items()],
            )

    async def prune_pending(self, now: datetime) -> int:
        """Delete every token that has expired; returns how many."""
        return await self.db.write_one(
            "DELETE FROM telegram_pending WHERE expires_at < ?", (to_db(now),)
        )

    async def pending(self, chat_id: str, token: str, now: datetime) -> str | None:
        """What `token` stands for in this chat, unless it has expired."""
        row = await self.db.fetchone(
            "SELECT value FROM telegram_pending"
            " WHERE chat_id = ? AND token = ? AND expires_at >= ?",
            (chat_id, token, to_db(now)),
        )
        return str(row["value"]) if row else None

    async def drop_pending(self, chat_id: str, token: str) -> bool:
        """Forget a token (a confirmation is used once); False if it was already gone."""
        deleted = await self.db.write_one(
            "DELETE FROM telegram_pending WHERE chat_id = ? AND token = ?", (chat_id, token)
        )
        return deleted == 1
