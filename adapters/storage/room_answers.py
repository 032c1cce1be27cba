"""SQL for the unprompted-answer cooldown: when each room last got an answer it did not ask for."""

from __future__ import annotations

from datetime import datetime, timedelta

from adapters.storage.db import Database
from adapters.storage.outbox import stamp


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
                (platform, chat_id, stamp(now), stamp(now - cooldown)),
            )
        return changed == 1
