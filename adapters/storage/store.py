"""The SQLite store: one object implementing every store port of the core."""

from __future__ import annotations

from pathlib import Path

from adapters.storage.announcements import (
    OUTBOX_PERSON_TABLES,
    OUTBOX_PERSON_UPDATES,
    OutboxQueries,
)
from adapters.storage.answers import QuestionQueries, RoomAnswerQueries
from adapters.storage.community import COMMUNITY_PERSON_TABLES, CommunityQueries
from adapters.storage.contact import (
    CONTACT_PERSON_TABLES,
    CONTACT_PERSON_UPDATES,
    ContactQueries,
)
from adapters.storage.db import Database
from adapters.storage.flows import FLOW_PERSON_TABLES, FLOW_RETENTION_TABLES, FlowQueries
from adapters.storage.matrix_waits import KeyWaitQueries
from adapters.storage.people import PERSON_TABLES, PeopleQueries
from adapters.storage.retention import RETENTION_TABLES, RetentionQueries
from adapters.storage.rooms import RoomQueries
from adapters.storage.rules import RULES_PERSON_TABLES, RulesQueries
from adapters.storage.subscribers import SubscriberQueries
from adapters.storage.taught import TaughtQueries
from adapters.storage.telegram import (
    TELEGRAM_PENDING_PERSON_TABLES,
    TelegramInviteQueries,
    TelegramPendingQueries,
    TelegramQueries,
)
from adapters.storage.telegram_inbox import TELEGRAM_INBOX_PERSON_TABLES, TelegramInboxQueries
from adapters.storage.welcome import WELCOME_PERSON_TABLES, WelcomeQueries


class SqliteStore(
    PeopleQueries,
    RoomQueries,
    CommunityQueries,
    RetentionQueries,
    WelcomeQueries,
    TelegramQueries,
    TelegramPendingQueries,
    TelegramInviteQueries,
    TelegramInboxQueries,
    FlowQueries,
    OutboxQueries,
    SubscriberQueries,
    QuestionQueries,
    RoomAnswerQueries,
    TaughtQueries,
    ContactQueries,
    RulesQueries,
    KeyWaitQueries,
):
    """All persistence, over one Database. Each concern's SQL lives in its own module."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.person_tables = [*PERSON_TABLES, *WELCOME_PERSON_TABLES]
        self.retention_tables = list(RETENTION_TABLES)
        self.person_tables += FLOW_PERSON_TABLES
        self.retention_tables += FLOW_RETENTION_TABLES
        self.person_tables += OUTBOX_PERSON_TABLES
        self.person_updates = list(OUTBOX_PERSON_UPDATES)
        self.person_tables += TELEGRAM_PENDING_PERSON_TABLES
        self.person_tables += COMMUNITY_PERSON_TABLES
        self.person_tables += TELEGRAM_INBOX_PERSON_TABLES
        self.person_tables += CONTACT_PERSON_TABLES
        self.person_updates += CONTACT_PERSON_UPDATES
        self.person_tables += RULES_PERSON_TABLES

    @classmethod
    async def open(cls, path: str | Path) -> SqliteStore:
        """Open and migrate the database at `path`."""
        return cls(await Database.open(path))

    async def close(self) -> None:
        """Close the database."""
        await self.db.close()
