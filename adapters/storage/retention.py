"""SQL for the retention job: deleting rows idle past their time."""

from __future__ import annotations

from datetime import datetime

from adapters.storage.chunks import delete_before, update_in_chunks
from adapters.storage.db import Database, to_db

RETENTION_TABLES: tuple[tuple[str, str], ...] = (
    ("conversations", "updated_at"),
    ("room_offers", "offered_at"),
)
"""(table, ISO-8601 time column) of every table whose rows go after 180 idle days.

Later migrations holding onboarding answers add their table to `Store.retention_tables`.
"""

RETENTION_UPDATES: tuple[tuple[str, str, str], ...] = (
    (
        "people",
        "came_from = NULL",
        "came_from IS NOT NULL AND (last_seen IS NULL OR last_seen < ?)",
    ),
)
"""Columns of kept rows that go after 180 idle days too: the room someone came from belongs
to their onboarding answers (privacy.text says so), while their language stays. Each is
(table, assignment, condition on rows with a rowid)."""


class RetentionQueries:
    """Deleting what has been idle too long."""

    db: Database
    retention_tables: list[tuple[str, str]]

    async def prune_idle(self, before: datetime) -> int:
        """Delete rows of the retention tables (and clear columns) last touched before `before`,
        in bounded chunks that let everyone else's replies through between them."""
        deleted = 0
        for table, column in self.retention_tables:
            deleted += await delete_before(self.db, table, column, to_db(before))
        for table, assignment, where in RETENTION_UPDATES:
            deleted += await update_in_chunks(self.db, table, assignment, where, (to_db(before),))
        return deleted
