"""SQL for what moderators taught in the chat: new phrasings and new FAQ entries, kept until
`lagerfeuer content export` writes them into content/ and marks them exported."""

from __future__ import annotations

from datetime import datetime

from adapters.storage.answers import question_key
from adapters.storage.db import Database, to_db
from core.content.overlay import Overlay, TaughtEntry, TaughtPhrasing


class TaughtQueries:
    """Taught phrasings and entries."""

    db: Database

    async def remove_unanswered(self, text: str) -> bool:
        async with self.db.write() as tx:
            removed = await tx.execute(
                "DELETE FROM unanswered_questions WHERE question_key = ?", (question_key(text),)
            )
        return removed > 0

    async def teach_phrasing(self, phrasing: TaughtPhrasing, when: datetime) -> None:
        async with self.db.write() as tx:
            await tx.execute(
                "INSERT INTO taught_phrasings (faq_id, lang, text, taught_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                (phrasing.faq_id, phrasing.lang, phrasing.text, to_db(when)),
            )

    async def teach_entry(self, entry: TaughtEntry, when: datetime) -> bool:
        async with self.db.write() as tx:
            added = await tx.execute(
                "INSERT INTO taught_entries (id, lang, question, answer_de, answer_en, taught_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                (
                    entry.id,
                    entry.lang,
                    entry.question,
                    entry.answer_de,
                    entry.answer_en,
                    to_db(when),
                ),
            )
        return added == 1

    async def taught_ids(self) -> set[str]:
        rows = await self.db.fetchall("SELECT id FROM taught_entries")
        return {str(row["id"]) for row in rows}

    async def overlay(self) -> Overlay:
        entries = await self.db.fetchall(
            "SELECT id, lang, question, answer_de, answer_en FROM taught_entries"
            " WHERE exported_at IS NULL ORDER BY taught_at, id"
        )
        phrasings = await self.db.fetchall(
            "SELECT faq_id, lang, text FROM taught_phrasings"
            " WHERE exported_at IS NULL ORDER BY taught_at, faq_id, text"
        )
        return Overlay(
            entries=tuple(
                TaughtEntry(
                    row["id"], row["lang"], row["question"], row["answer_de"], row["answer_en"]
                )
                for row in entries
            ),
            phrasings=tuple(
                TaughtPhrasing(row["faq_id"], row["lang"], row["text"]) for row in phrasings
            ),
        )

    async def mark_exported(self, overlay: Overlay, when: datetime) -> int:
        marked = 0
        async with self.db.write() as tx:
            for entry in overlay.entries:
                marked += await tx.execute(
                    "UPDATE taught_entries SET exported_at = ?"
                    " WHERE id = ? AND exported_at IS NULL",
                    (to_db(when), entry.id),
                )
            for phrasing in overlay.phrasings:
                marked += await tx.execute(
                    "UPDATE taught_phrasings SET exported_at = ?"
                    " WHERE faq_id = ? AND lang = ? AND text = ? AND exported_at IS NULL",
                    (to_db(when), phrasing.faq_id, phrasing.lang, phrasing.text),
                )
        return marked
