"""SQL of `/kontakt`: messages passed on (without their text) and the posts standing for them."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from adapters.storage.db import Database, from_db, to_db
from core.contact.store import Post, Posted, Request

CONTACT_PERSON_TABLES: tuple[tuple[str, str, str], ...] = (
    ("contact_posts", "platform", "recipient"),
)
"""The posts in a moderator's own private chat: `forget` removes them."""

CONTACT_PERSON_UPDATES: tuple[str, ...] = (
    "UPDATE contact_requests SET platform = '', user_id = request_id, chat_id = NULL,"
    " lang = NULL, answered_at = COALESCE(answered_at, created_at)"
    " WHERE platform = ?1 AND user_id = ?2",
)
"""A person's requests lose who wrote and the way back (a reply is no longer relayed); what
stays is a random id and the time, so the limit for everyone (30 an hour) still counts them
and `/forget` is no way around it."""

_REQUEST = "request_id, platform, user_id, chat_id, lang, created_at, answered_at, posts"


def _request(row: aiosqlite.Row) -> Request:
    answered = row["answered_at"]
    return Request(
        row["request_id"],
        row["platform"],
        row["user_id"],
        row["chat_id"],
        row["lang"],
        from_db(row["created_at"]),
        from_db(answered) if answered is not None else None,
        row["posts"],
    )


class ContactQueries:
    """The ways back from the moderators' posts to the people who wrote."""

    db: Database

    async def open_request(self, request: Request) -> None:
        await self.db.write_one(
            f"INSERT INTO contact_requests ({_REQUEST}) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)",
            (
                request.request_id,
                request.platform,
                request.user_id,
                request.chat_id,
                request.lang,
                to_db(request.created_at),
                request.posts,
            ),
        )

    async def requests_since(self, since: datetime, platform: str, user_id: str) -> int:
        row = await self.db.fetchone(
            "SELECT COUNT(*) FROM contact_requests"
            " WHERE platform = ? AND user_id = ? AND created_at >= ?",
            (platform, user_id, to_db(since)),
        )
        return int(row[0]) if row else 0

    async def all_requests_since(self, since: datetime) -> int:
        row = await self.db.fetchone(
            "SELECT COUNT(*) FROM contact_requests WHERE created_at >= ?", (to_db(since),)
        )
        return int(row[0]) if row else 0

    async def remember_post(self, posted: Posted) -> None:
        await self.db.write_one(
            "INSERT OR REPLACE INTO contact_posts"
            " (platform, chat_id, message_id, request_id, recipient, created_at)"
            " SELECT ?, ?, ?, request_id, ?, ? FROM contact_requests WHERE request_id = ?",
            (
                posted.platform,
                posted.chat_id,
                posted.message_id,
                posted.recipient,
                to_db(posted.when),
                posted.request_id,
            ),
        )

    async def post(self, platform: str, chat_id: str, message_id: str) -> Post | None:
        row = await self.db.fetchone(
            "SELECT request_id FROM contact_posts"
            " WHERE platform = ? AND chat_id = ? AND message_id = ?",
            (platform, chat_id, message_id),
        )
        if row is None:
            return None
        request = None
        if row["request_id"] is not None:
            found = await self.db.fetchone(
                f"SELECT {_REQUEST} FROM contact_requests WHERE request_id = ?",
                (row["request_id"],),
            )
            request = _request(found) if found is not None else None
        return Post(platform, chat_id, message_id, request)

    async def post_undelivered(self, request_id: str) -> Request | None:
        async with self.db.write() as tx:
            await tx.execute(
                "UPDATE contact_requests SET undelivered = undelivered + 1"
                " WHERE request_id = ? AND answered_at IS NULL",
                (request_id,),
            )
            row = await tx.fetchone(
                f"SELECT {_REQUEST} FROM contact_requests"
                " WHERE request_id = ? AND answered_at IS NULL AND undelivered >= posts",
                (request_id,),
            )
            if row is None:
                return None
            await tx.execute("DELETE FROM contact_requests WHERE request_id = ?", (request_id,))
        return _request(row)

    async def answer_request(self, request_id: str, when: datetime) -> bool:
        changed = await self.db.write_one(
            "UPDATE contact_requests SET answered_at = ?, chat_id = NULL, lang = NULL"
            " WHERE request_id = ? AND answered_at IS NULL",
            (to_db(when), request_id),
        )
        return changed > 0

    async def prune_contact(
        self, open_before: datetime, counted_before: datetime, posts_before: datetime
    ) -> None:
        async with self.db.write() as tx:
            await tx.execute(
                "DELETE FROM contact_requests WHERE created_at < ?"
                " OR (answered_at IS NOT NULL AND created_at < ?)",
                (to_db(open_before), to_db(counted_before)),
            )
            await tx.execute(
                "DELETE FROM contact_posts WHERE created_at < ?", (to_db(posts_before),)
            )
