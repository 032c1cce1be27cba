"""SQL for the retention job: deleting rows idle past their time."""

from __future__ import annotations

from datetime import datetime

from adapters.storage.db import Database, to_db

RETENTION_TABLES: tuple[tuple[str, str], ...] = (
    ("conversations", "updated_at"),
    ("room_offers", "offered_at"),
)
"""(table, ISO-8601 time column) of every table whose rows go after 180 idle days.

Later migrations holding onboarding answers add their table to `Store.retention_tables`.
"""


class RetentionQueries:
    """Deleting what has been idle too long."""

    db: Database
    retention_tables: list[tuple[str, str]]

    async def prune_idle(self, before: datetime) -> int:
        """Delete rows of the retention tables last touched before `before`."""
        deleted = 0
        async with self.db.write() as tx:
            for table, column in self.retention_tables:
                deleted += await tx.execute(
                    f"DELETE FROM {table} WHERE {column} < ?", (to_db(before),)
                )
        return deleted
