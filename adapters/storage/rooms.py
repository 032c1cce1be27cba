"""SQL for rooms and their settings."""

from __future__ import annotations

import json

import aiosqlite

from adapters.storage.db import Database
from core.kernel.ports import RoomSettings


def _room(row: aiosqlite.Row) -> RoomSettings:
    return RoomSettings(
        platform=row["platform"],
        chat_id=row["chat_id"],
        title=row["title"],
        language=row["language"],
        welcome_enabled=bool(row["welcome_enabled"]),
        welcome_text=row["welcome_text"],
        delete_previous_welcome=bool(row["delete_previous_welcome"]),
        unprompted_answers=bool(row["unprompted_answers"]),
        welcome_topic=row["welcome_topic"],
        tags=list(json.loads(row["tags"])),
        receives_all=bool(row["receives_all"]),
        active=bool(row["active"]),
        community=bool(row["community"]),
        modroom=bool(row["modroom"]),
        rules_text=row["rules_text"],
        suggested=bool(row["suggested"]),
    )


class RoomQueries:
    """Rooms the bot is in."""

    db: Database

    async def get_room(self, platform: str, chat_id: str) -> RoomSettings | None:
        row = await self.db.fetchone(
            "SELECT * FROM rooms WHERE platform = ? AND chat_id = ?", (platform, chat_id)
        )
        return _room(row) if row else None

    async def save_room(self, room: RoomSettings) -> None:
        r = room
        async with self.db.write() as tx:
            await tx.execute(
                "INSERT OR REPLACE INTO rooms (platform, chat_id, title, language,"
                " welcome_enabled, welcome_text, delete_previous_welcome, unprompted_answers,"
                " welcome_topic, tags, receives_all, active, community, modroom, rules_text,"
                " suggested) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    r.platform,
                    r.chat_id,
                    r.title,
                    r.language,
                    int(r.welcome_enabled),
                    r.welcome_text,
                    int(r.delete_previous_welcome),
                    int(r.unprompted_answers),
                    r.welcome_topic,
                    json.dumps(r.tags, ensure_ascii=False),
                    int(r.receives_all),
                    int(r.active),
                    int(r.community),
                    int(r.modroom),
                    r.rules_text,
                    int(r.suggested),
                ),
            )

    async def list_rooms(self, active_only: bool = True) -> list[RoomSettings]:
        sql = "SELECT * FROM rooms" + (" WHERE active = 1" if active_only else "")
        return [_room(row) for row in await self.db.fetchall(sql + " ORDER BY platform, chat_id")]

    async def move_room(self, platform: str, old_id: str, new_id: str) -> None:
        """A chat changed its id (a Telegram group became a supergroup)."""
        async with self.db.write() as tx:
            await tx.execute(
                "UPDATE OR REPLACE rooms SET chat_id = ? WHERE platform = ? AND chat_id = ?",
                (new_id, platform, old_id),
            )
