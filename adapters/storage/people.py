"""SQL for people, their open dialogues and handled event ids."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import aiosqlite

from adapters.storage.chunks import delete_before
from adapters.storage.db import Database, from_db_or_none, to_db
from core.kernel.ports import Conversation, Person, RoomOffer

PERSON_TABLES: tuple[tuple[str, str, str], ...] = (
    ("people", "platform", "user_id"),
    ("conversations", "platform", "user_id"),
    ("room_offers", "platform", "user_id"),
)
"""(table, platform column, user column) of every table holding rows about a person.

Later migrations that add such tables add them to `Store.person_tables`.
"""


def _person(row: aiosqlite.Row) -> Person:
    return Person(
        platform=row["platform"],
        user_id=row["user_id"],
        language=row["language"],
        subscribed=bool(row["subscribed"]),
        language_chosen=bool(row["language_chosen"]),
        came_from=row["came_from"],
        last_seen=from_db_or_none(row["last_seen"]),
    )


def _conversation(row: aiosqlite.Row) -> Conversation:
    offered: list[Any] = json.loads(row["offered"])
    return Conversation(
        platform=row["platform"],
        chat_id=row["chat_id"],
        user_id=row["user_id"],
        kind=row["kind"],
        step=row["step"],
        data=json.loads(row["data"]),
        offered=[(str(label), str(value)) for label, value in offered],
        updated_at=from_db_or_none(row["updated_at"]),
    )


class PeopleQueries:
    """People, dialogues and the event log."""

    db: Database
    person_tables: list[tuple[str, str, str]]
    person_updates: list[str]
    """Statements with (platform, user_id) that clear a person out of shared rows, run first."""

    async def claim_event(self, event_id: str) -> bool:
        changed = await self.db.write_one(
            "INSERT OR IGNORE INTO processed_events (event_id) VALUES (?)", (event_id,)
        )
        return changed == 1

    async def event_claimed(self, event_id: str) -> bool:
        row = await self.db.fetchone(
            "SELECT 1 FROM processed_events WHERE event_id = ?", (event_id,)
        )
        return row is not None

    async def prune_events(self, older_than: datetime) -> int:
        """Forget handled event ids older than a redelivery could be, in bounded chunks."""
        return await delete_before(self.db, "processed_events", "handled_at", to_db(older_than))

    async def get_person(self, platform: str, user_id: str) -> Person | None:
        row = await self.db.fetchone(
            "SELECT * FROM people WHERE platform = ? AND user_id = ?", (platform, user_id)
        )
        return _person(row) if row else None

    async def save_person(self, person: Person) -> None:
        async with self.db.write() as tx:
            await tx.execute(
                "INSERT INTO people (platform, user_id, language, subscribed, came_from, last_seen,"
                " language_chosen) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (platform, user_id)"
                " DO UPDATE SET language = excluded.language, subscribed = excluded.subscribed,"
                " came_from = excluded.came_from, last_seen = excluded.last_seen,"
                " language_chosen = excluded.language_chosen",
                (
                    person.platform,
                    person.user_id,
                    person.language,
                    int(person.subscribed),
                    person.came_from,
                    to_db(person.last_seen) if person.last_seen else None,
                    int(person.language_chosen),
                ),
            )

    async def list_subscribers(self) -> list[Person]:
        """People who asked for announcements by private message."""
        rows = await self.db.fetchall("SELECT * FROM people WHERE subscribed = 1")
        return [_person(row) for row in rows]

    async def forget_person(self, platform: str, user_id: str) -> int:
        deleted = 0
        async with self.db.write(durable=True) as tx:
            for statement in self.person_updates:
                await tx.execute(statement, (platform, user_id))
            for table, platform_col, user_col in self.person_tables:
                deleted += await tx.execute(
                    f"DELETE FROM {table} WHERE {platform_col} = ? AND {user_col} = ?",
                    (platform, user_id),
                )
        await self.db.checkpoint()  # the -wal file must not keep what was deleted
        return deleted

    async def get_conversation(
        self, platform: str, chat_id: str, user_id: str
    ) -> Conversation | None:
        row = await self.db.fetchone(
            "SELECT * FROM conversations WHERE platform = ? AND chat_id = ? AND user_id = ?",
            (platform, chat_id, user_id),
        )
        return _conversation(row) if row else None

    async def save_conversation(self, conversation: Conversation) -> None:
        c = conversation
        # one statement, so its own transaction in one trip to the database thread
        await self.db.write_one(
            "INSERT OR REPLACE INTO conversations"
            " (platform, chat_id, user_id, kind, step, data, offered, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                c.platform,
                c.chat_id,
                c.user_id,
                c.kind,
                c.step,
                json.dumps(c.data, ensure_ascii=False),
                json.dumps(c.offered, ensure_ascii=False),
                to_db(c.updated_at or datetime.now(UTC)),
            ),
        )

    async def delete_conversation(self, platform: str, chat_id: str, user_id: str) -> None:
        async with self.db.write() as tx:
            await tx.execute(
                "DELETE FROM conversations WHERE platform = ? AND chat_id = ? AND user_id = ?",
                (platform, chat_id, user_id),
            )

    async def get_room_offer(self, platform: str, chat_id: str) -> RoomOffer | None:
        row = await self.db.fetchone(
            "SELECT user_id, offered FROM room_offers WHERE platform = ? AND chat_id = ?",
            (platform, chat_id),
        )
        if row is None:
            return None
        offered: list[Any] = json.loads(row["offered"])
        return RoomOffer(row["user_id"], [(str(label), str(value)) for label, value in offered])

    async def save_room_offer(
        self, platform: str, chat_id: str, offer: RoomOffer, when: datetime
    ) -> None:
        await self.db.write_one(
            "INSERT OR REPLACE INTO room_offers (platform, chat_id, user_id, offered, offered_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                platform,
                chat_id,
                offer.user_id,
                json.dumps(offer.offered, ensure_ascii=False),
                when.isoformat(),
            ),
        )

    async def conversations_idle_since(self, before: datetime) -> list[Conversation]:
        """Dialogues not touched since `before` (for expiry and retention)."""
        rows = await self.db.fetchall(
            "SELECT * FROM conversations WHERE updated_at < ?", (to_db(before),)
        )
        return [_conversation(row) for row in rows]
