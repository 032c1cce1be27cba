"""SQL for the answers of finished flows (the onboarding's starter plan and what led to it)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from adapters.storage.db import Database, to_db

FLOW_PERSON_TABLES: tuple[tuple[str, str, str], ...] = (("flow_answers", "platform", "user_id"),)
"""Rows about a person that /forget deletes."""

FLOW_RETENTION_TABLES: tuple[tuple[str, str], ...] = (("flow_answers", "updated_at"),)
"""Rows deleted after 180 idle days."""


class FlowQueries:
    """Finished flows' answers."""

    db: Database

    async def save_flow_answers(
        self, platform: str, user_id: str, flow: str, answers: dict[str, Any], at: datetime
    ) -> None:
        async with self.db.write() as tx:
            await tx.execute(
                "INSERT OR REPLACE INTO flow_answers (platform, user_id, flow, answers, updated_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (platform, user_id, flow, json.dumps(answers, ensure_ascii=False), to_db(at)),
            )

    async def get_flow_answers(
        self, platform: str, user_id: str, flow: str
    ) -> dict[str, Any] | None:
        row = await self.db.fetchone(
            "SELECT answers FROM flow_answers WHERE platform = ? AND user_id = ? AND flow = ?",
            (platform, user_id, flow),
        )
        if row is None:
            return None
        answers: dict[str, Any] = json.loads(row["answers"])
        return answers

    async def end_idle_conversations(self, kind: str, before: datetime) -> int:
        async with self.db.write() as tx:
            return await tx.execute(
                "DELETE FROM conversations WHERE kind = ? AND updated_at < ?",
                (kind, to_db(before)),
            )
