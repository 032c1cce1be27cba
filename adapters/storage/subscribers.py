"""SQL for an announcement's subscribers: counted in one query, written as targets in chunks.

A chunk of targets and the place reached among the people are written in one durable
transaction, so a crash between chunks neither loses a subscriber nor writes one twice, and no
transaction is long enough to hold up the replies to everyone else.
"""

from __future__ import annotations

from datetime import datetime

from adapters.storage.announcements import insert_targets
from adapters.storage.db import Database, to_db
from core.announcements.outbox import NewTarget, SubscriberReach
from core.kernel.messages import ChatRef, Platform

CHUNK = 1000
"""Subscribers written as targets in one transaction."""


def _reachable(reach: SubscriberReach) -> tuple[str, tuple[str, ...]]:
    """The WHERE clause (after the cursor) and its parameters for subscribers `reach` meets."""
    platforms = ", ".join("?" * len(reach.platforms)) or "NULL"
    direct = ", ".join("?" * len(reach.by_user_id)) or "NULL"
    clause = (
        f"p.subscribed = 1 AND p.platform IN ({platforms})"
        f" AND (c.chat_id IS NOT NULL OR p.platform IN ({direct}))"
    )
    return clause, (*reach.platforms, *reach.by_user_id)


_JOINED = (
    "FROM people p LEFT JOIN private_chats c ON c.platform = p.platform AND c.user_id = p.user_id"
)


class SubscriberQueries:
    """Counting the subscribers an announcement reaches and writing them as its targets."""

    db: Database

    async def count_subscriber_chats(self, reach: SubscriberReach) -> dict[str, int]:
        """How many subscribers' private chats the announcement reaches, per platform."""
        clause, params = _reachable(reach)
        rows = await self.db.fetchall(
            f"SELECT p.platform, COUNT(*) {_JOINED} WHERE {clause} GROUP BY p.platform", params
        )
        return {str(row[0]): int(row[1]) for row in rows}

    async def settle_subscribers(
        self, ident: int, reach: SubscriberReach, now: datetime, limit: int = CHUNK
    ) -> bool:
        """Write the next `limit` subscribers of a running announcement as its targets, due
        now, once fewer than `limit` of its targets wait to be sent (so a cancel has little to
        stop); True while more may follow, False once all are written (or it stopped)."""
        clause, params = _reachable(reach)
        async with self.db.write(durable=True) as tx:
            row = await tx.fetchone(
                "SELECT settle_after FROM announcements WHERE id = ? AND state = 'sending'"
                " AND settle_after IS NOT NULL",
                (ident,),
            )
            if row is None:
                return False
            waiting = await tx.fetchone(
                "SELECT COUNT(*) FROM (SELECT 1 FROM announcement_targets"
                " WHERE announcement_id = ? AND state = 'pending' LIMIT ?)",
                (ident, limit),
            )
            if waiting is not None and int(waiting[0]) >= limit:
                return True
            rows = await tx.fetchall(
                f"SELECT p.rowid, p.platform, p.user_id, c.chat_id {_JOINED}"
                f" WHERE p.rowid > ? AND {clause} ORDER BY p.rowid LIMIT ?",
                (int(row[0]), *params, limit),
            )
            targets = [
                NewTarget(ChatRef(Platform(r[1]), r[3] or r[2], is_private=True), r[2])
                for r in rows
            ]
            await insert_targets(tx, ident, targets, to_db(now), to_db(now))
            more = len(rows) == limit
            await tx.execute(
                "UPDATE announcements SET settle_after = ? WHERE id = ?",
                (int(rows[-1][0]) if more else None, ident),
            )
        return more
