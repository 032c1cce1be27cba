"""SQL of `/kontakt`: messages passed on (without their text) and the posts standing for them."""

from __future__ import annotations

from datetime import datetime

from adapters.storage.chunks import delete_before
from adapters.storage.db import Database, from_db, to_db
from core.contact.store import Contact

CONTACT_PERSON_TABLES: tuple[tuple[str, str, str], ...] = (("contacts", "platform", "user_id"),)
"""The contacts are rows about the person: `forget` removes them, and their posts with them."""


class ContactQueries:
    """The ways back from the moderators' posts to the people who wrote."""

    db: Database

    async def open_contact(self, contact: Contact) -> None:
        await self.db.write_one(
            "INSERT INTO contacts (contact_id, platform, user_id, chat_id, lang, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                contact.contact_id,
                contact.platform,
                contact.user_id,
                contact.chat_id,
                contact.lang,
                to_db(contact.created_at),
            ),
        )

    async def contacts_since(self, platform: str, user_id: str, since: datetime) -> int:
        row = await self.db.fetchone(
            "SELECT COUNT(*) FROM contacts WHERE platform = ? AND user_id = ? AND created_at >= ?",
            (platform, user_id, to_db(since)),
        )
        return int(row[0]) if row else 0

    async def remember_post(
        self, platform: str, chat_id: str, message_id: str, contact_id: str
    ) -> None:
        await self.db.write_one(
            "INSERT OR REPLACE INTO contact_posts (platform, chat_id, message_id, contact_id)"
            " SELECT ?, ?, ?, contact_id FROM contacts WHERE contact_id = ?",
            (platform, chat_id, message_id, contact_id),
        )

    async def contact_for_post(
        self, platform: str, chat_id: str, message_id: str
    ) -> Contact | None:
        row = await self.db.fetchone(
            "SELECT c.contact_id, c.platform, c.user_id, c.chat_id, c.lang, c.created_at"
            " FROM contact_posts p JOIN contacts c ON c.contact_id = p.contact_id"
            " WHERE p.platform = ? AND p.chat_id = ? AND p.message_id = ?",
            (platform, chat_id, message_id),
        )
        if row is None:
            return None
        return Contact(row[0], row[1], row[2], row[3], row[4], from_db(row[5]))

    async def prune_contacts(self, before: datetime) -> int:
        return await delete_before(self.db, "contacts", "created_at", to_db(before))
