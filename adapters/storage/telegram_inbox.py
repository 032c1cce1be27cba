"""SQL for the Telegram inbox (its migration: 0013): updates received and not yet answered.

A batch from getUpdates is written here, with the offset that confirms it, before Telegram
is asked for the next batch (which drops this one); each update's row goes when its replies
were sent, in the same transaction that marks its events handled. What is left at a start
was cut short by a crash and is handled again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from adapters.storage.db import Database, to_db

OFFSET_KEY = "offset"
"""The telegram_state key of the next update id to ask for."""

TELEGRAM_INBOX_PERSON_TABLES: tuple[tuple[str, str, str], ...] = (
    ("telegram_inbox", "platform", "user_id"),
)
"""An unanswered update of a person who asks to be forgotten goes with them."""


class TelegramInboxQueries:
    """The journal of received updates and the offset that follows them."""

    db: Database

    async def journal_updates(
        self, updates: Sequence[tuple[int, str, str]], offset: int, now: datetime
    ) -> None:
        """Keep (update id, sender id, raw JSON) of each update and the next offset, durably."""
        async with self.db.write(durable=True) as tx:
            await tx.executemany(
                "INSERT OR IGNORE INTO telegram_inbox (update_id, user_id, payload, received_at)"
                " VALUES (?, ?, ?, ?)",
                [(update_id, user, payload, to_db(now)) for update_id, user, payload in updates],
            )
            await tx.execute(
                "INSERT INTO telegram_state (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                " WHERE CAST(excluded.value AS INTEGER) > CAST(value AS INTEGER)",
                (OFFSET_KEY, str(offset)),
            )

    async def telegram_offset(self) -> int:
        """The next update id to ask Telegram for (0 before the first batch)."""
        row = await self.db.fetchone(
            "SELECT value FROM telegram_state WHERE key = ?", (OFFSET_KEY,)
        )
        return int(row["value"]) if row else 0

    async def inbox(self) -> list[tuple[int, str]]:
        """(update id, raw JSON) of every update not yet answered, oldest first."""
        rows = await self.db.fetchall(
            "SELECT update_id, payload FROM telegram_inbox ORDER BY update_id"
        )
        return [(int(row["update_id"]), str(row["payload"])) for row in rows]

    async def settle_update(self, update_id: int | None, event_ids: Sequence[str]) -> None:
        """The update is answered: its events are handled and its row goes, in one step."""
        async with self.db.write() as tx:
            await tx.executemany(
                "INSERT OR IGNORE INTO processed_events (event_id) VALUES (?)",
                [(event_id,) for event_id in event_ids],
            )
            if update_id is not None:
                await tx.execute("DELETE FROM telegram_inbox WHERE update_id = ?", (update_id,))
