"""SQL for the announcement outbox: announcements, their targets, and the marks around sends.

Every change that decides whether a message may be sent again is written with
`durable=True` (synchronous=FULL), so a crash can lose no mark that was acted upon.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

import aiosqlite

from adapters.storage.db import Database, from_db_or_none, to_db
from core.announcements.outbox import (
    Announcement,
    AnnouncementState,
    NewTarget,
    Outcome,
    Summary,
    Target,
    TargetState,
    after_cancel,
    is_late,
    summarize,
    target_key,
)
from core.kernel.messages import ChatRef, Platform

OUTBOX_PERSON_TABLES: tuple[tuple[str, str, str], ...] = (
    ("announcement_targets", "platform", "user_id"),
    ("private_chats", "platform", "user_id"),
)
"""Subscribers' private chats are rows about a person: `forget` wipes them."""

OUTBOX_PERSON_UPDATES: tuple[str, ...] = (
    "UPDATE announcements SET author_platform = NULL, author_id = NULL"
    " WHERE author_platform = ?1 AND author_id = ?2",
    "UPDATE announcements SET origin_platform = NULL, origin_chat_id = NULL,"
    " origin_thread = NULL, origin_private = 0"
    " WHERE origin_private = 1 AND origin_platform = ?1 AND (origin_chat_id = ?2"
    " OR origin_chat_id IN"
    " (SELECT chat_id FROM conversations WHERE platform = ?1 AND user_id = ?2)"
    " OR origin_chat_id IN"
    " (SELECT chat_id FROM private_chats WHERE platform = ?1 AND user_id = ?2))",
)
"""An announcement written in a moderator's private chat keeps that chat (on Telegram the
person's id) only to send the report: `forget` clears it and the announcement stays. The chat
is found as the person's id, a chat of their open dialogue (forget asks there) or their
remembered private chat. Its author is forgotten the same way."""


def _announcement(row: aiosqlite.Row) -> Announcement:
    origin = None
    if row["origin_platform"]:
        origin = ChatRef(
            Platform(row["origin_platform"]),
            row["origin_chat_id"],
            is_private=bool(row["origin_private"]),
            thread_id=row["origin_thread"],
        )
    created, send_at = from_db_or_none(row["created_at"]), from_db_or_none(row["send_at"])
    assert created is not None and send_at is not None
    return Announcement(
        id=int(row["id"]),
        text=row["text"],
        html=row["html"],
        pin=bool(row["pin"]),
        audience=row["audience"],
        origin=origin,
        lang=row["lang"],
        created_at=created,
        send_at=send_at,
        state=AnnouncementState(row["state"]),
        late=bool(row["late"]),
        started_at=from_db_or_none(row["started_at"]),
        finished_at=from_db_or_none(row["finished_at"]),
        reported=bool(row["reported"]),
        author=(row["author_platform"], row["author_id"]) if row["author_id"] else None,
        settling=row["settle_after"] is not None,
    )


def _target(row: aiosqlite.Row) -> Target:
    chat = ChatRef(
        Platform(row["platform"]),
        row["chat_id"],
        is_private=bool(row["is_private"]),
        title=row["title"],
        thread_id=row["thread_id"],
    )
    return Target(
        announcement_id=int(row["announcement_id"]),
        chat=chat,
        key=row["send_key"],
        state=TargetState(row["state"]),
        attempts=int(row["attempts"]),
        next_try_at=from_db_or_none(row["next_try_at"]),
        interrupted=bool(row["interrupted"]),
        message_id=row["message_id"],
        reason=row["reason"],
        user_id=row["user_id"],
    )


class _Executes(Protocol):
    """What writing an outcome needs of a transaction."""

    async def execute(self, sql: str, params: tuple[object, ...] = ()) -> int: ...


class _ExecutesMany(Protocol):
    """What writing targets needs of a transaction."""

    async def executemany(self, sql: str, rows: list[tuple[object, ...]]) -> None: ...


async def insert_targets(
    tx: _ExecutesMany, ident: int, targets: list[NewTarget], due: str, now: str
) -> None:
    """Every target of an announcement, pending and due at `due` (as `to_db` writes it)."""
    await tx.executemany(
        "INSERT OR IGNORE INTO announcement_targets (announcement_id, platform, chat_id,"
        " thread_id, is_private, user_id, title, send_key, state, next_try_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
        [
            (
                ident,
                t.chat.platform.value,
                t.chat.id,
                t.chat.thread_id,
                int(t.chat.is_private),
                t.user_id,
                t.chat.title,
                target_key(ident, t.chat.platform.value, t.chat.id),
                due,
                now,
            )
            for t in targets
        ],
    )


_TARGET_KEY = "announcement_id = ? AND platform = ? AND chat_id = ?"
_OPEN = "('pending', 'sending')"


def _key(target: Target) -> tuple[object, ...]:
    return (target.announcement_id, target.chat.platform.value, target.chat.id)


class OutboxQueries:
    """Announcements and their delivery targets."""

    db: Database

    # ------------------------------------------------------------------ writing one

    async def create_announcement(
        self, announcement: Announcement, targets: list[NewTarget]
    ) -> int:
        """Write the announcement and every target in one durable transaction; returns its id.
        One `settling` has its subscribers written later, chunk by chunk (`settle_subscribers`)."""
        a, now = announcement, to_db(announcement.created_at)
        origin = a.origin
        async with self.db.write(durable=True) as tx:
            await tx.execute(
                "INSERT INTO announcements (text, html, pin, audience, origin_platform,"
                " origin_chat_id, origin_thread, origin_private, lang, created_at, send_at, state,"
                " started_at, author_platform, author_id, settle_after)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    a.text,
                    a.html,
                    int(a.pin),
                    a.audience,
                    origin.platform.value if origin else None,
                    origin.id if origin else None,
                    origin.thread_id if origin else None,
                    int(origin.is_private) if origin else 0,
                    a.lang,
                    now,
                    to_db(a.send_at),
                    a.state.value,
                    now if a.state is AnnouncementState.SENDING else None,
                    a.author[0] if a.author else None,
                    a.author[1] if a.author else None,
                    0 if a.settling else None,
                ),
            )
            row = await tx.fetchone("SELECT last_insert_rowid()")
            assert row is not None
            ident = int(row[0])
            await insert_targets(tx, ident, targets, to_db(a.send_at), now)
        return ident

    # ------------------------------------------------------------------ reading

    async def get_announcement(self, ident: int) -> Announcement | None:
        """One announcement by id."""
        row = await self.db.fetchone("SELECT * FROM announcements WHERE id = ?", (ident,))
        return _announcement(row) if row else None

    async def announcement_summary(self, ident: int) -> Summary:
        """Counts of the announcement's targets by state, with failure reasons."""
        rows = await self.db.fetchall(
            "SELECT state, interrupted, reason, COUNT(*) FROM announcement_targets"
            " WHERE announcement_id = ? GROUP BY state, interrupted, reason",
            (ident,),
        )
        return summarize([(TargetState(r[0]), bool(r[1]), r[2], int(r[3])) for r in rows])

    async def failed_titles(self, ident: int, limit: int = 5) -> list[str]:
        """Titles of rooms the announcement could not reach (never people's chats)."""
        rows = await self.db.fetchall(
            "SELECT title FROM announcement_targets WHERE announcement_id = ? AND state IN"
            " ('failed', 'maybe_sent') AND is_private = 0 AND title != '' ORDER BY title LIMIT ?",
            (ident, limit),
        )
        return [str(r[0]) for r in rows]

    async def list_announcements(
        self, finished_since: datetime, limit: int, author: tuple[str, str] | None = None
    ) -> list[Announcement]:
        """Scheduled and running ones, and those finished since `finished_since`; newest first.
        With `author`, only the ones that person wrote."""
        mine = " AND author_platform = ? AND author_id = ?" if author else ""
        rows = await self.db.fetchall(
            "SELECT * FROM announcements WHERE (state IN ('scheduled', 'sending')"
            f" OR finished_at >= ?){mine} ORDER BY id DESC LIMIT ?",
            (to_db(finished_since), *(author or ()), limit),
        )
        return [_announcement(row) for row in rows]

    async def targets_of(self, ident: int) -> list[Target]:
        """Every target of an announcement (for tests and tools)."""
        rows = await self.db.fetchall(
            "SELECT * FROM announcement_targets WHERE announcement_id = ? ORDER BY rowid", (ident,)
        )
        return [_target(row) for row in rows]

    async def private_chat(self, platform: str, user_id: str) -> str | None:
        """The private chat with a person, where it is not their user id (a Matrix DM)."""
        row = await self.db.fetchone(
            "SELECT chat_id FROM private_chats WHERE platform = ? AND user_id = ?",
            (platform, user_id),
        )
        return str(row[0]) if row else None

    async def remember_private_chat(self, platform: str, user_id: str, chat_id: str) -> None:
        """Keep the private chat with a person, so announcements can reach them there."""
        async with self.db.write() as tx:
            await tx.execute(
                "INSERT INTO private_chats (platform, user_id, chat_id) VALUES (?, ?, ?)"
                " ON CONFLICT (platform, user_id) DO UPDATE SET chat_id = excluded.chat_id",
                (platform, user_id, chat_id),
            )

    # ------------------------------------------------------------------ lifecycle

    async def cancel_announcement(self, ident: int, now: datetime) -> bool:
        """Stop an unfinished announcement: its pending targets end; False if already over."""
        async with self.db.write(durable=True) as tx:
            changed = await tx.execute(
                "UPDATE announcements SET state = 'cancelled', finished_at = ?, reported = 1,"
                " settle_after = NULL WHERE id = ? AND state IN ('scheduled', 'sending')",
                (to_db(now), ident),
            )
            if not changed:
                return False
            rows = await tx.fetchall(
                "SELECT * FROM announcement_targets WHERE announcement_id = ?"
                " AND state = 'pending'",
                (ident,),
            )
            for row in rows:
                target = _target(row)
                await self._write_outcome(tx, target, after_cancel(target), now)
        return True

    async def due_announcements(self, now: datetime) -> list[Announcement]:
        """Scheduled announcements whose time has come, oldest first."""
        rows = await self.db.fetchall(
            "SELECT * FROM announcements WHERE state = 'scheduled' AND send_at <= ? ORDER BY id",
            (to_db(now),),
        )
        return [_announcement(row) for row in rows]

    async def start_announcement(
        self, ident: int, targets: list[NewTarget] | None, now: datetime, settle: bool = False
    ) -> bool:
        """A scheduled announcement starts sending (marked late when it is). With `targets`
        (an audience settled now) they replace its pending targets in this same durable
        transaction, so every target is written before the first send; with `settle`, its
        subscribers are written after, chunk by chunk, and it is not done before they are."""
        async with self.db.write(durable=True) as tx:
            row = await tx.fetchone(
                "SELECT send_at FROM announcements WHERE id = ? AND state = 'scheduled'", (ident,)
            )
            send_at = from_db_or_none(row[0]) if row is not None else None
            if send_at is None:
                return False
            await tx.execute(
                "UPDATE announcements SET state = 'sending', started_at = ?, late = ?,"
                " settle_after = ? WHERE id = ?",
                (to_db(now), int(is_late(send_at, now)), 0 if settle else None, ident),
            )
            if targets is not None:
                await tx.execute(
                    "DELETE FROM announcement_targets WHERE announcement_id = ?"
                    " AND state = 'pending'",
                    (ident,),
                )
                await insert_targets(tx, ident, targets, to_db(now), to_db(now))
            await tx.execute(
                "UPDATE announcement_targets SET next_try_at = ? WHERE announcement_id = ?"
                " AND state = 'pending' AND next_try_at < ?",
                (to_db(now), ident, to_db(now)),
            )
        return True

    async def finish_announcements(self, now: datetime) -> list[Announcement]:
        """Sending announcements with no open target become done; returns those unreported."""
        busy = await self.db.fetchone(
            "SELECT 1 FROM announcements WHERE state = 'sending'"
            " OR (state = 'done' AND reported = 0) LIMIT 1"
        )
        if busy is None:
            return []
        async with self.db.write() as tx:
            await tx.execute(
                "UPDATE announcements SET state = 'done', finished_at = ? WHERE state = 'sending'"
                " AND settle_after IS NULL AND NOT EXISTS (SELECT 1 FROM announcement_targets t"
                f" WHERE t.announcement_id = announcements.id AND t.state IN {_OPEN})",
                (to_db(now),),
            )
            rows = await tx.fetchall(
                "SELECT * FROM announcements WHERE state = 'done' AND reported = 0 ORDER BY id"
            )
        return [_announcement(row) for row in rows]

    async def settling_announcements(self) -> list[Announcement]:
        """Running announcements whose subscribers are still being written, oldest first."""
        rows = await self.db.fetchall(
            "SELECT * FROM announcements WHERE state = 'sending' AND settle_after IS NOT NULL"
            " ORDER BY id"
        )
        return [_announcement(row) for row in rows]

    async def mark_reported(self, ident: int) -> None:
        """The delivery report of this announcement has been handed out."""
        async with self.db.write() as tx:
            await tx.execute("UPDATE announcements SET reported = 1 WHERE id = ?", (ident,))

    # ------------------------------------------------------------------ delivering

    async def in_flight_targets(self) -> list[Target]:
        """Targets left `sending` by a process that died mid-send."""
        rows = await self.db.fetchall(
            "SELECT * FROM announcement_targets WHERE state = 'sending' ORDER BY rowid"
        )
        return [_target(row) for row in rows]

    async def due_platforms(self, now: datetime) -> set[str]:
        """Platforms with targets due now in running announcements."""
        rows = await self.db.fetchall(
            "SELECT DISTINCT t.platform FROM announcement_targets t JOIN announcements a"
            " ON a.id = t.announcement_id WHERE a.state = 'sending' AND t.state = 'pending'"
            " AND t.next_try_at <= ?",
            (to_db(now),),
        )
        return {str(r[0]) for r in rows}

    async def due_targets(self, platform: str, now: datetime, limit: int = 200) -> list[Target]:
        """Pending targets on `platform` due now in running announcements, oldest first."""
        rows = await self.db.fetchall(
            "SELECT t.* FROM announcement_targets t JOIN announcements a"
            " ON a.id = t.announcement_id WHERE t.platform = ? AND t.state = 'pending'"
            " AND t.next_try_at <= ? AND a.state = 'sending'"
            " ORDER BY t.announcement_id, t.next_try_at, t.rowid LIMIT ?",
            (platform, to_db(now), limit),
        )
        return [_target(row) for row in rows]

    async def claim_target(self, target: Target, now: datetime) -> bool:
        """Durably mark the target `sending` before its send; False if it is no longer due."""
        async with self.db.write(durable=True) as tx:
            changed = await tx.execute(
                "UPDATE announcement_targets SET state = 'sending', attempts = attempts + 1,"
                f" updated_at = ? WHERE {_TARGET_KEY} AND state = 'pending' AND EXISTS"
                " (SELECT 1 FROM announcements a WHERE a.id = announcement_id"
                " AND a.state = 'sending')",
                (to_db(now), *_key(target)),
            )
        if changed:
            target.state = TargetState.SENDING
            target.attempts += 1
        return changed == 1

    async def record_outcome(self, target: Target, outcome: Outcome, now: datetime) -> None:
        """Durably write the result of a send (or of crash recovery)."""
        async with self.db.write(durable=True) as tx:
            await self._write_outcome(tx, target, outcome, now)

    async def _write_outcome(
        self, tx: _Executes, target: Target, outcome: Outcome, now: datetime
    ) -> None:
        await tx.execute(
            "UPDATE announcement_targets SET state = ?, next_try_at = ?, interrupted = ?,"
            " message_id = COALESCE(?, message_id), reason = ?, updated_at = ?"
            f" WHERE {_TARGET_KEY}",
            (
                outcome.state.value,
                to_db(outcome.next_try_at or now),
                int(outcome.interrupted),
                outcome.message_id,
                outcome.reason,
                to_db(now),
                *_key(target),
            ),
        )
        if outcome.state is TargetState.FAILED and target.user_id is not None:
            # a subscriber the bot cannot reach (blocked, account gone) is unsubscribed
            await tx.execute(
                "UPDATE people SET subscribed = 0 WHERE platform = ? AND user_id = ?",
                (target.chat.platform.value, target.user_id),
            )
