"""SQL for rooms and their settings."""

from __future__ import annotations

import json

import aiosqlite

from adapters.storage.db import Database
from core.kernel.deeplinks import room_payload
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
        rules_confirm=bool(row["rules_confirm"]),
        join_requests=bool(row["join_requests"]),
        join_request_hours=int(row["join_request_hours"]),
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
                " rules_confirm, join_requests, join_request_hours, link, suggested)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                    int(r.rules_confirm),
                    int(r.join_requests),
                    r.join_request_hours,
                    room_payload(r.platform, r.chat_id),
                    int(r.suggested),
                ),
            )

    async def list_rooms(self, active_only: bool = True) -> list[RoomSettings]:
        sql = "SELECT * FROM rooms" + (" WHERE active = 1" if active_only else "")
        return [_room(row) for row in await self.db.fetchall(sql + " ORDER BY platform, chat_id")]

    async def room_by_link(self, link: str) -> RoomSettings | None:
        """The room whose deep-link payload is `link` (an index look-up)."""
        row = await self.db.fetchone("SELECT * FROM rooms WHERE link = ?", (link,))
        return _room(row) if row else None

    async def community_tags(self, limit: int) -> list[str]:
        """The first `limit` tags, sorted, of the community's active rooms (read in SQL, so
        10,000 rooms cost no work on the event loop)."""
        rows = await self.db.fetchall(
            "SELECT DISTINCT tag.value FROM rooms, json_each(rooms.tags) AS tag"
            " WHERE rooms.active = 1 AND rooms.community = 1 AND tag.type = 'text'"
            " ORDER BY tag.value LIMIT ?",
            (limit,),
        )
        return [str(row[0]) for row in rows]

    async def community_chats(self, tag: str | None) -> list[tuple[str, str, str]]:
        """(platform, chat id, title) of the community's active rooms that take every
        announcement (`tag` None) or carry `tag`."""
        if tag is None:
            sql = (
                "SELECT platform, chat_id, COALESCE(title, '') FROM rooms"
                " WHERE active = 1 AND community = 1"
                " AND receives_all = 1 ORDER BY platform, chat_id"
            )
            rows = await self.db.fetchall(sql)
        else:
            sql = (
                "SELECT platform, chat_id, COALESCE(title, '') FROM rooms"
                " WHERE active = 1 AND community = 1"
                " AND EXISTS (SELECT 1 FROM json_each(rooms.tags) AS t WHERE t.value = ?)"
                " ORDER BY platform, chat_id"
            )
            rows = await self.db.fetchall(sql, (tag,))
        return [(row[0], row[1], row[2]) for row in rows]

    async def move_room(self, platform: str, old_id: str, new_id: str) -> None:
        """A chat changed its id (a Telegram group became a supergroup)."""
        async with self.db.write() as tx:
            await tx.execute(
                "UPDATE OR REPLACE rooms SET chat_id = ?, link = ?"
                " WHERE platform = ? AND chat_id = ?",
                (new_id, room_payload(platform, new_id), platform, old_id),
            )
