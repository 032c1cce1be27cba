"""SQL for Matrix messages that wait for their room key across a restart."""

from __future__ import annotations

from datetime import datetime

from adapters.storage.db import Database, from_db, to_db


class KeyWaitQueries:
    """Where each waiting message is (room and event id) and since when; no content."""

    db: Database

    async def keep_key_wait(self, event_id: str, room_id: str, since: datetime) -> None:
        async with self.db.write() as tx:
            await tx.execute(
                "INSERT OR IGNORE INTO matrix_key_waits (event_id, room_id, since)"
                " VALUES (?, ?, ?)",
                (event_id, room_id, to_db(since)),
            )

    async def drop_key_wait(self, event_id: str) -> None:
        await self.db.write_one("DELETE FROM matrix_key_waits WHERE event_id = ?", (event_id,))

    async def key_waits(self) -> list[tuple[str, str, datetime]]:
        rows = await self.db.fetchall(
            "SELECT event_id, room_id, since FROM matrix_key_waits ORDER BY since"
        )
        return [(row[0], row[1], from_db(row[2])) for row in rows]
