"""SQL for the community: its moderators named in the chat (`/moderators add`)."""

from __future__ import annotations

from datetime import datetime

from adapters.storage.db import Database, from_db, to_db
from core.kernel.ports import NamedModerator

COMMUNITY_PERSON_TABLES: tuple[tuple[str, str, str], ...] = (
    ("community_moderators", "platform", "user_id"),
)
"""Being named a community moderator is a row about the person: `forget` removes it."""


class CommunityQueries:
    """Community moderators named in the chat."""

    db: Database

    async def is_named_moderator(self, platform: str, user_id: str) -> bool:
        row = await self.db.fetchone(
            "SELECT 1 FROM community_moderators WHERE platform = ? AND user_id = ?",
            (platform, user_id),
        )
        return row is not None

    async def named_moderators(self) -> list[NamedModerator]:
        rows = await self.db.fetchall(
            "SELECT platform, user_id, named_at FROM community_moderators"
            " ORDER BY named_at, platform, user_id"
        )
        return [
            NamedModerator(row["platform"], row["user_id"], from_db(row["named_at"]))
            for row in rows
        ]

    async def name_moderator(self, platform: str, user_id: str, when: datetime) -> bool:
        async with self.db.write() as tx:
            changed = await tx.execute(
                "INSERT OR IGNORE INTO community_moderators (platform, user_id, named_at)"
                " VALUES (?, ?, ?)",
                (platform, user_id, to_db(when)),
            )
        return changed == 1

    async def unname_moderator(self, platform: str, user_id: str) -> bool:
        async with self.db.write() as tx:
            changed = await tx.execute(
                "DELETE FROM community_moderators WHERE platform = ? AND user_id = ?",
                (platform, user_id),
            )
        return changed == 1
