"""What `/kontakt` keeps: the way back from the moderators' post to the person, not the message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Contact:
    """One message passed on: whose, their private chat (where the answer goes) and its language."""

    contact_id: str
    platform: str
    user_id: str
    chat_id: str
    lang: str
    created_at: datetime


class ContactStore(Protocol):
    """Storage of `/kontakt` (the SQLite store implements it)."""

    async def open_contact(self, contact: Contact) -> None:
        """Record a message passed on (without its text)."""
        ...

    async def contacts_since(self, platform: str, user_id: str, since: datetime) -> int:
        """How many messages the person passed on at or after `since`."""
        ...

    async def remember_post(
        self, platform: str, chat_id: str, message_id: str, contact_id: str
    ) -> None:
        """The bot posted the contact `contact_id` as `message_id` in `chat_id` (nothing
        happens when the contact is gone meanwhile)."""
        ...

    async def contact_for_post(
        self, platform: str, chat_id: str, message_id: str
    ) -> Contact | None:
        """The contact the bot's post `message_id` in `chat_id` stands for, or None."""
        ...

    async def prune_contacts(self, before: datetime) -> int:
        """Forget the contacts passed on before `before` (and their posts); returns how many."""
        ...
