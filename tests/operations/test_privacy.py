"""Privacy (docs/capabilities.md, C7): /forget leaves no row about the person; logs carry
no ids, names or texts."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from core.kernel.messages import Reply
from tests.harness import Harness, joined
from tests.operations.conversation import NAME, SAID, full_conversation


def rows_mentioning(db: Path, needle: str) -> list[str]:
    """`table: row` for every row of every table with a cell containing `needle`."""
    found: list[str] = []
    with sqlite3.connect(db) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for table in tables:
            for row in conn.execute(f"SELECT * FROM {table}"):
                if any(needle.casefold() in str(cell).casefold() for cell in row):
                    found.append(f"{table}: {row}")
    return found


async def test_forget_leaves_no_row_about_the_person_on_any_table(harness: Harness) -> None:
    await full_conversation(harness)
    await harness.say("/language en", user="Bleibt")
    user_id = harness.user(NAME).id
    assert rows_mentioning(harness.db, user_id), "the conversation stored something to forget"
    confirm = await harness.say("/vergessen", user=NAME)
    assert isinstance(confirm[0], Reply) and confirm[0].choices
    done = await harness.choose("forget:yes", user=NAME)
    assert "gelöscht" in joined(done)
    assert rows_mentioning(harness.db, user_id) == []
    assert rows_mentioning(harness.db, NAME) == []
    assert await harness.app.store.get_person("console", "bleibt") is not None, "others stay"


async def test_forget_covers_every_table_that_names_a_person(harness: Harness) -> None:
    """Every table with a user column is on the store's forget list (new tables too), or its
    rows are made nameless by one of the forget updates."""
    store = harness.app.store
    listed = {table for table, _, _ in store.person_tables}
    listed |= {statement.split()[1] for statement in store.person_updates}
    with sqlite3.connect(harness.db) as conn:
        tables = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        with_user = {
            table
            for table in tables
            if any(col[1] == "user_id" for col in conn.execute(f"PRAGMA table_info({table})"))
        }
    missing = with_user - listed
    assert not missing, f"tables with a user_id column missing from person_tables: {missing}"


async def test_logs_of_a_full_conversation_carry_no_ids_names_or_texts(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await full_conversation(harness)
    await harness.say("/forget", user=NAME)
    await harness.choose("forget:yes", user=NAME)
    logged = "\n".join(
        f"{record.name} {record.getMessage()} {record.exc_text or ''}" for record in caplog.records
    )
    user_id = harness.user(NAME).id
    for needle in (user_id, NAME, *SAID):
        assert needle.casefold() not in logged.casefold(), f"{needle!r} reached the logs"


PRIVACY_TOPICS: dict[str, tuple[str, str]] = {
    "people": ("Nutzer-ID", "user id"),
    "conversations": ("wo du darin gerade stehst", "where you are in it"),
    "flow_answers": ("Antworten im geführten Einstieg", "answers in the guided tour"),
    "welcome_seen": ("begrüßt", "welcomed you"),
    "welcome_pending": ("begrüßt", "welcomed you"),
    "announcement_targets": ("Ankündigungen ich dir zugestellt", "announcements I delivered"),
    "private_chats": ("privaten Chat", "private chat"),
    "telegram_pending": ("Telegram-Knopf", "Telegram button"),
    "telegram_inbox": ("noch nicht beantwortet", "not answered yet"),
    "room_offers": ("Auswahl ich dir dort zuletzt angeboten", "choices I last offered you"),
    "community_moderators": ("dass du die Gemeinschaft moderierst", "community moderator"),
    "contact_requests": ("den Weg zurück zu dir", "the way back to you"),
    "contact_posts": ("welche meiner Beiträge dort dafür stehen", "which of my posts there"),
    "rules_confirmed": ("ihre Regeln bestätigt", "confirmed their rules"),
    "rules_reminders": ("einmal daran erinnert", "reminded you of it once"),
    "join_requests": ("Beitrittsanfrage von dir", "request of yours to join"),
}
"""What /privacy says about each table holding rows about a person (German, English)."""


async def test_privacy_text_names_what_every_person_table_holds(harness: Harness) -> None:
    tables = {table for table, _, _ in harness.app.store.person_tables}
    unexplained = tables - set(PRIVACY_TOPICS)
    assert not unexplained, f"say in privacy.text what these hold, then list them: {unexplained}"
    texts = harness.app.content.texts
    for table in tables:
        german, english = PRIVACY_TOPICS[table]
        assert german in texts.get("privacy.text", "de"), table
        assert english in texts.get("privacy.text", "en"), table
    assert "180" in texts.get("privacy.text", "de") and "/vergessen" in texts.get(
        "privacy.text", "de"
    )


async def test_forget_deletes_the_identity_of_its_own_platform_as_privacy_says(
    harness: Harness,
) -> None:
    """/privacy promises the account on this platform, and to type /forget elsewhere too."""
    from core.kernel.messages import ChatRef, CommandReceived, Platform, UserRef

    other = UserRef(Platform.TELEGRAM, "anna", "Anna")
    dm = ChatRef(Platform.TELEGRAM, "anna", is_private=True)
    await harness.send(CommandReceived("tg-1", dm, other, "language", "en"))
    await harness.say("/language en")
    text = joined(await harness.say("/privacy"))
    assert "auf dieser Plattform gehört" in text or "on this platform" in text
    await harness.say("/vergessen")
    await harness.choose("forget:yes")
    store = harness.app.store
    assert await store.get_person("console", "anna") is None
    assert await store.get_person("telegram", "anna") is not None, "the other platform's stays"
