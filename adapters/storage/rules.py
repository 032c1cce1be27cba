"""SQL of the rules: confirmations, the one reminder, join requests waiting for confirmation."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from adapters.storage.db import Database, from_db, to_db
from core.rules.store import JoinRequest, Reminder

RULES_PERSON_TABLES: tuple[tuple[str, str, str], ...] = (
    ("rules_confirmed", "platform", "user_id"),
    ("rules_reminders", "platform", "user_id"),
    ("join_requests", "platform", "user_id"),
)
"""The rules tables holding rows about a person (wiped by /forget)."""

DUE_AT_ONCE = 200
"""Reminders or requests handled in one tick at most; the next tick takes the rest."""


def _request(row: aiosqlite.Row) -> JoinRequest:
    return JoinRequest(
        row["platform"],
        row["chat_id"],
        row["user_id"],
        row["private_chat"],
        row["language"],
        from_db(row["requested_at"]),
        from_db(row["decline_at"]),
    )


class RulesQueries:
    """Who confirmed which room's rules, who waits for a reminder or an approval."""

    db: Database

    async def rules_confirmed(self, platform: str, chat_id: str, user_id: str) -> bool:
        row = await self.db.fetchone(
            "SELECT 1 FROM rules_confirmed WHERE platform = ? AND chat_id = ? AND user_id = ?",
            (platform, chat_id, user_id),
        )
        return row is not None

    async def confirm_rules(self, platform: str, chat_id: str, user_id: str, at: datetime) -> None:
        key = (platform, chat_id, user_id)
        async with self.db.write() as tx:
            await tx.execute(
                "INSERT OR REPLACE INTO rules_confirmed (platform, chat_id, user_id, confirmed_at)"
                " VALUES (?, ?, ?, ?)",
                (*key, to_db(at)),
            )
            await tx.execute(
                "DELETE FROM rules_reminders WHERE platform = ? AND chat_id = ? AND user_id = ?",
                key,
            )

    async def expect_confirmation(
        self, platform: str, chat_id: str, user_id: str, remind_at: datetime
    ) -> None:
        async with self.db.write() as tx:
            await tx.execute(
                "INSERT OR IGNORE INTO rules_reminders (platform, chat_id, user_id, remind_at)"
                " VALUES (?, ?, ?, ?)",
                (platform, chat_id, user_id, to_db(remind_at)),
            )

    async def expects_confirmation(self, platform: str, chat_id: str, user_id: str) -> bool:
        row = await self.db.fetchone(
            "SELECT 1 FROM rules_reminders WHERE platform = ? AND chat_id = ? AND user_id = ?",
            (platform, chat_id, user_id),
        )
        return row is not None

    async def awaiting_confirmation(self, platform: str, user_id: str) -> list[str]:
        rows = await self.db.fetchall(
            "SELECT chat_id FROM (SELECT chat_id, remind_at AS since FROM rules_reminders"
            " WHERE platform = ? AND user_id = ? UNION SELECT chat_id, requested_at FROM"
            " join_requests WHERE platform = ? AND user_id = ?) GROUP BY chat_id"
            " ORDER BY MIN(since)",
            (platform, user_id, platform, user_id),
        )
        return [str(row["chat_id"]) for row in rows]

    async def drop_unsent_reminder(self, platform: str, chat_id: str, user_id: str) -> None:
        async with self.db.write() as tx:
            await tx.execute(
                "DELETE FROM rules_reminders WHERE platform = ? AND chat_id = ? AND user_id = ?"
                " AND reminded = 0",
                (platform, chat_id, user_id),
            )

    async def due_reminders(self, now: datetime) -> list[Reminder]:
        async with self.db.write() as tx:
            rows = await tx.fetchall(
                "SELECT platform, chat_id, user_id FROM rules_reminders"
                f" WHERE reminded = 0 AND remind_at <= ? ORDER BY remind_at LIMIT {DUE_AT_ONCE}",
                (to_db(now),),
            )
            for row in rows:
                await tx.execute(
                    "UPDATE rules_reminders SET reminded = 1"
                    " WHERE platform = ? AND chat_id = ? AND user_id = ?",
                    (row["platform"], row["chat_id"], row["user_id"]),
                )
        return [Reminder(row["platform"], row["chat_id"], row["user_id"]) for row in rows]

    async def save_join_request(self, request: JoinRequest) -> None:
        r = request
        async with self.db.write() as tx:
            await tx.execute(
                "INSERT OR REPLACE INTO join_requests (platform, chat_id, user_id, private_chat,"
                " language, requested_at, decline_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    r.platform,
                    r.chat_id,
                    r.user_id,
                    r.private_chat,
                    r.language,
                    to_db(r.requested_at),
                    to_db(r.decline_at),
                ),
            )

    async def get_join_request(
        self, platform: str, chat_id: str, user_id: str
    ) -> JoinRequest | None:
        row = await self.db.fetchone(
            "SELECT * FROM join_requests WHERE platform = ? AND chat_id = ? AND user_id = ?",
            (platform, chat_id, user_id),
        )
        return _request(row) if row else None

    async def drop_join_request(self, platform: str, chat_id: str, user_id: str) -> bool:
        async with self.db.write() as tx:
            gone = await tx.execute(
                "DELETE FROM join_requests WHERE platform = ? AND chat_id = ? AND user_id = ?",
                (platform, chat_id, user_id),
            )
        return gone > 0

    async def due_join_requests(self, now: datetime) -> list[JoinRequest]:
        rows = await self.db.fetchall(
            "SELECT * FROM join_requests WHERE decline_at <= ?"
            f" ORDER BY decline_at LIMIT {DUE_AT_ONCE}",
            (to_db(now),),
        )
        return [_request(row) for row in rows]
