"""SQL of the welcome service: rejoin memory, waiting joins and each room's welcome pace."""

from __future__ import annotations

import json
from datetime import datetime

from adapters.storage.chunks import CHUNK, delete_before, delete_in_chunks
from adapters.storage.db import Database, from_db, from_db_or_none, to_db
from core.welcome.policy import RoomPace
from core.welcome.store import PendingJoin, WelcomeRoom

WELCOME_PERSON_TABLES: tuple[tuple[str, str, str], ...] = (
    ("welcome_seen", "platform", "user_id"),
    ("welcome_pending", "platform", "user_id"),
)
"""The welcome tables holding rows about a person (wiped by /forget)."""


class WelcomeQueries:
    """Who was greeted where, who waits, and when each room was last greeted."""

    db: Database

    async def welcomed_since(
        self, platform: str, chat_id: str, user_id: str, since: datetime
    ) -> bool:
        row = await self.db.fetchone(
            "SELECT 1 FROM welcome_seen WHERE platform = ? AND chat_id = ? AND user_id = ?"
            " AND seen_at >= ?",
            (platform, chat_id, user_id, to_db(since)),
        )
        return row is not None

    async def remember_join(self, platform: str, chat_id: str, user_id: str, at: datetime) -> None:
        async with self.db.write() as tx:
            await tx.execute(
                "INSERT OR REPLACE INTO welcome_seen (platform, chat_id, user_id, seen_at)"
                " VALUES (?, ?, ?, ?)",
                (platform, chat_id, user_id, to_db(at)),
            )

    async def forget_join(self, platform: str, chat_id: str, user_id: str) -> None:
        async with self.db.write() as tx:
            await tx.execute(
                "DELETE FROM welcome_seen WHERE platform = ? AND chat_id = ? AND user_id = ?",
                (platform, chat_id, user_id),
            )

    async def joins_since(self, platform: str, chat_id: str, since: datetime) -> int:
        row = await self.db.fetchone(
            "SELECT COUNT(*) FROM welcome_seen WHERE platform = ? AND chat_id = ? AND seen_at > ?",
            (platform, chat_id, to_db(since)),
        )
        return int(row[0]) if row else 0

    async def forget_joins_before(self, before: datetime) -> int:
        return await delete_before(self.db, "welcome_seen", "seen_at", to_db(before))

    async def add_pending(self, platform: str, chat_id: str, join: PendingJoin) -> None:
        async with self.db.write() as tx:
            await tx.execute(
                "INSERT OR REPLACE INTO welcome_pending (platform, chat_id, user_id, joined_at)"
                " VALUES (?, ?, ?, ?)",
                (platform, chat_id, join.user_id, to_db(join.joined_at)),
            )

    async def pending_joins(
        self, platform: str, chat_id: str, skip: int = 0, limit: int | None = None
    ) -> list[PendingJoin]:
        rows = await self.db.fetchall(
            "SELECT user_id, joined_at FROM welcome_pending"
            " WHERE platform = ? AND chat_id = ? ORDER BY joined_at, rowid LIMIT ? OFFSET ?",
            (platform, chat_id, -1 if limit is None else limit, skip),
        )
        return [PendingJoin(row[0], from_db(row[1])) for row in rows]

    async def pending_count(self, platform: str, chat_id: str) -> int:
        row = await self.db.fetchone(
            "SELECT COUNT(*) FROM welcome_pending WHERE platform = ? AND chat_id = ?",
            (platform, chat_id),
        )
        return int(row[0]) if row else 0

    async def has_pending(self, platform: str, chat_id: str) -> bool:
        row = await self.db.fetchone(
            "SELECT 1 FROM welcome_pending WHERE platform = ? AND chat_id = ? LIMIT 1",
            (platform, chat_id),
        )
        return row is not None

    async def rooms_with_pending(self) -> list[tuple[str, str]]:
        rows = await self.db.fetchall(
            "SELECT DISTINCT platform, chat_id FROM welcome_pending ORDER BY platform, chat_id"
        )
        return [(row[0], row[1]) for row in rows]

    async def clear_pending(self, platform: str, chat_id: str, user_ids: list[str]) -> int:
        removed = 0
        for start in range(0, len(user_ids), CHUNK):  # a wave's joins, a bounded chunk at a time
            chunk = user_ids[start : start + CHUNK]
            marks = ", ".join("?" * len(chunk))
            async with self.db.write() as tx:
                removed += await tx.execute(
                    "DELETE FROM welcome_pending"
                    f" WHERE platform = ? AND chat_id = ? AND user_id IN ({marks})",
                    (platform, chat_id, *chunk),
                )
        return removed

    async def clear_room_pending(self, platform: str, chat_id: str) -> int:
        return await delete_in_chunks(
            self.db, "welcome_pending", "platform = ? AND chat_id = ?", (platform, chat_id)
        )

    async def get_welcome_room(self, platform: str, chat_id: str) -> WelcomeRoom:
        row = await self.db.fetchone(
            "SELECT last_message_id, last_welcome_at, wave, posts FROM welcome_rooms"
            " WHERE platform = ? AND chat_id = ?",
            (platform, chat_id),
        )
        if row is None:
            return WelcomeRoom()
        pace = RoomPace(
            last_welcome_at=from_db_or_none(row[1]),
            wave=bool(row[2]),
            posts=[from_db(at) for at in json.loads(row[3])],
        )
        return WelcomeRoom(pace=pace, last_message_id=row[0])

    async def save_welcome_room(self, platform: str, chat_id: str, room: WelcomeRoom) -> None:
        pace = room.pace
        async with self.db.write() as tx:
            await tx.execute(
                "INSERT OR REPLACE INTO welcome_rooms"
                " (platform, chat_id, last_message_id, last_welcome_at, wave, posts)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    platform,
                    chat_id,
                    room.last_message_id,
                    to_db(pace.last_welcome_at) if pace.last_welcome_at else None,
                    int(pace.wave),
                    json.dumps([to_db(at) for at in pace.posts]),
                ),
            )
