"""SQL for the answers service: unanswered questions (text with a count, nothing about the
person) and the unprompted-answer cooldown (when each room last got an unasked-for answer)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from adapters.storage.db import Database, from_db, to_db
from core.answers.store import UnansweredQuestion

MAX_STORED_CHARS = 500
"""Longer questions are cut; moderators need the gist, not an essay."""

_SPACE = re.compile(r"\s+")


def question_key(text: str) -> str:
    """The same question however it is spaced or capitalised."""
    return _SPACE.sub(" ", text).strip().casefold()[:MAX_STORED_CHARS]


class QuestionQueries:
    """Unanswered questions."""

    db: Database

    async def record_unanswered(self, text: str, lang: str, when: datetime, keep: int) -> None:
        shown = _SPACE.sub(" ", text).strip()[:MAX_STORED_CHARS]
        if not shown:
            return
        asked = to_db(when)
        async with self.db.write() as tx:
            await tx.execute(
                "INSERT INTO unanswered_questions"
                " (question_key, text, lang, count, first_asked, last_asked)"
                " VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT (question_key) DO UPDATE SET"
                " count = count + 1, last_asked = excluded.last_asked",
                (question_key(shown), shown, lang, asked, asked),
            )
            await tx.execute(
                "DELETE FROM unanswered_questions WHERE question_key IN"
                " (SELECT question_key FROM unanswered_questions"
                " ORDER BY first_asked DESC, question_key LIMIT -1 OFFSET ?)",
                (keep,),
            )

    async def prune_unanswered(self, asked_before: datetime) -> int:
        async with self.db.write() as tx:
            return await tx.execute(
                "DELETE FROM unanswered_questions WHERE first_asked < ?", (to_db(asked_before),)
            )

    async def list_unanswered(self, limit: int) -> list[UnansweredQuestion]:
        rows = await self.db.fetchall(
            "SELECT text, lang, count, last_asked FROM unanswered_questions"
            " ORDER BY count DESC, last_asked DESC LIMIT ?",
            (limit,),
        )
        return [
            UnansweredQuestion(
                row["text"],
                row["lang"],
                int(row["count"]),
                from_db(row["last_asked"]),
            )
            for row in rows
        ]

    async def clear_unanswered(self) -> int:
        async with self.db.write() as tx:
            return await tx.execute("DELETE FROM unanswered_questions")


class RoomAnswerQueries:
    """The last unprompted answer per room."""

    db: Database

    async def claim_room_answer(
        self, platform: str, chat_id: str, now: datetime, cooldown: timedelta
    ) -> bool:
        """One statement decides and records, so two processes cannot both answer."""
        async with self.db.write() as tx:
            changed = await tx.execute(
                "INSERT INTO room_answers (platform, chat_id, answered_at) VALUES (?, ?, ?)"
                " ON CONFLICT (platform, chat_id) DO UPDATE SET answered_at = excluded.answered_at"
                " WHERE room_answers.answered_at <= ?",
                (platform, chat_id, to_db(now), to_db(now - cooldown)),
            )
        return changed == 1
