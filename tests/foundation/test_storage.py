"""The SQLite store against real database files: migrations, refusal, idempotent events, and
the one form of stored times."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from adapters.storage.db import Database, Migration, bundled_migrations, from_db, to_db
from adapters.storage.store import SqliteStore
from core.errors import StorageError
from core.kernel.deeplinks import room_payload
from core.kernel.ports import Conversation, Person, RoomSettings


async def test_empty_database_is_migrated_and_recorded(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    store = await SqliteStore.open(path)
    await store.close()
    with sqlite3.connect(path) as conn:
        versions = [row[0] for row in conn.execute("SELECT version FROM schema_migrations")]
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert versions == [m.version for m in bundled_migrations()]
    assert mode == "wal"


async def test_reopening_applies_nothing_twice(tmp_path: Path) -> None:
    path = tmp_path / "twice.db"
    for _ in range(2):
        store = await SqliteStore.open(path)
        await store.close()
    with sqlite3.connect(path) as conn:
        count = conn.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0]
    assert count == len(bundled_migrations())


async def test_newer_database_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    store = await SqliteStore.open(path)
    await store.close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (9999, 'from the future', 'now')")
    with pytest.raises(StorageError, match="newer than this"):
        await SqliteStore.open(path)


async def test_failed_migration_leaves_nothing_behind(tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    good = Migration(1, "one table", "CREATE TABLE a (x INTEGER);")
    bad = Migration(2, "broken", "CREATE TABLE b (x INTEGER);\nTHIS IS NOT SQL;")
    with pytest.raises(StorageError, match="syntax error"):
        await Database.open(path, [good, bad])
    db = await Database.open(path, [good])
    try:
        assert await db.version() == 1
        tables = {row[0] for row in await db.fetchall("SELECT name FROM sqlite_master")}
        assert "a" in tables and "b" not in tables
    finally:
        await db.close()


async def test_second_delivery_of_an_event_does_nothing(tmp_path: Path) -> None:
    store = await SqliteStore.open(tmp_path / "events.db")
    try:
        assert await store.claim_event("tg:1") is True
        assert await store.claim_event("tg:1") is False
        assert await store.claim_event("tg:2") is True
    finally:
        await store.close()


async def test_people_rooms_and_conversations_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "rt.db"
    store = await SqliteStore.open(path)
    await store.save_person(Person("matrix", "@a:x", language="en", subscribed=True))
    await store.save_room(RoomSettings("telegram", "-100", title="Netz", tags=["nord"]))
    await store.save_conversation(
        Conversation(
            "console",
            "dm-a",
            "a",
            kind="flow",
            step="role",
            data={"k": ["v"]},
            offered=[("Eins", "x:1")],
        )
    )
    await store.close()
    store = await SqliteStore.open(path)
    try:
        person = await store.get_person("matrix", "@a:x")
        assert person is not None and person.language == "en" and person.subscribed
        room = await store.get_room("telegram", "-100")
        assert room is not None and room.tags == ["nord"] and room.welcome_enabled
        conv = await store.get_conversation("console", "dm-a", "a")
        assert conv is not None and conv.data == {"k": ["v"]} and conv.offered == [("Eins", "x:1")]
        assert await store.forget_person("console", "a") >= 1
        assert await store.get_conversation("console", "dm-a", "a") is None
    finally:
        await store.close()


async def test_a_migration_numbered_below_the_newest_applied_one_is_still_applied(
    tmp_path: Path,
) -> None:
    path = tmp_path / "gap.db"
    first = Migration(1, "a", "CREATE TABLE a (x INTEGER);")
    third = Migration(3, "c", "CREATE TABLE c (x INTEGER);")
    second = Migration(2, "b", "CREATE TABLE b (x INTEGER);")
    db = await Database.open(path, [first, third])
    await db.close()
    db = await Database.open(path, [first, second, third])
    try:
        tables = {row[0] for row in await db.fetchall("SELECT name FROM sqlite_master")}
        assert {"a", "b", "c"} <= tables
    finally:
        await db.close()


async def test_times_stored_in_older_forms_are_brought_to_the_one_form(tmp_path: Path) -> None:
    path = tmp_path / "older.db"
    db = await Database.open(path, [m for m in bundled_migrations() if m.version < 11])
    await db.close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO processed_events (event_id) VALUES ('tg:1')")  # SQLite's form
        conn.execute(
            "INSERT INTO welcome_seen VALUES"
            " ('matrix', '!r', '@a', '2026-11-26T10:00:00.250000+00:00')"
        )
        conn.execute(  # a dialogue saved in local time, with its offset
            "INSERT INTO conversations (platform, chat_id, user_id, updated_at)"
            " VALUES ('console', 'c', 'u', '2026-11-26T11:30:00+01:00')"
        )
    store = await SqliteStore.open(path)
    try:
        with sqlite3.connect(path) as conn:
            seen = conn.execute("SELECT seen_at FROM welcome_seen").fetchone()[0]
            updated = conn.execute("SELECT updated_at FROM conversations").fetchone()[0]
            handled = conn.execute("SELECT handled_at FROM processed_events").fetchone()[0]
        assert seen == "2026-11-26T10:00:00.250000Z"
        assert updated == "2026-11-26T10:30:00.000000Z"
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", handled)
        at = datetime(2026, 11, 26, 10, 0, 0, 250000, tzinfo=UTC)
        assert await store.welcomed_since("matrix", "!r", "@a", at)
        assert not await store.welcomed_since("matrix", "!r", "@a", at + timedelta(microseconds=1))
        conversation = await store.get_conversation("console", "c", "u")
        assert conversation is not None
        assert conversation.updated_at == datetime(2026, 11, 26, 10, 30, tzinfo=UTC)
        assert await store.claim_event("tg:1") is False, "a migrated event id stays claimed"
        assert await store.prune_events(from_db(handled) + timedelta(seconds=1)) == 1
    finally:
        await store.close()


async def test_new_event_ids_are_stamped_by_the_database_in_the_one_form(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    store = await SqliteStore.open(path)
    try:
        before = datetime.now(UTC) - timedelta(seconds=1)
        assert await store.claim_event("tg:1")
        with sqlite3.connect(path) as conn:
            handled = conn.execute("SELECT handled_at FROM processed_events").fetchone()[0]
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", handled)
        assert to_db(before) < handled
        assert await store.prune_events(before) == 0
        assert await store.prune_events(from_db(handled) + timedelta(seconds=1)) == 1
    finally:
        await store.close()


def test_stored_times_sort_as_text_in_time_order() -> None:
    start = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    moments = [
        start,
        start + timedelta(microseconds=1),
        start.astimezone(timezone(timedelta(hours=2))) + timedelta(seconds=1),
        start + timedelta(days=400),
    ]
    texts = [to_db(moment) for moment in moments]
    assert texts == sorted(texts)
    assert len({len(text) for text in texts}) == 1
    assert [from_db(text) for text in texts] == moments


async def test_rooms_known_before_links_were_indexed_are_found_by_their_link(
    tmp_path: Path,
) -> None:
    path = tmp_path / "links.db"
    before = [m for m in bundled_migrations() if m.version < 21]
    db = await Database.open(path, before)
    await db.conn.execute(
        "INSERT INTO rooms (platform, chat_id, title, active, community)"
        " VALUES ('telegram', '-1005', 'Ehrenamt Köln', 1, 1)"
    )
    await db.close()
    store = await SqliteStore.open(path)
    try:
        found = await store.room_by_link(room_payload("telegram", "-1005"))
        assert found is not None and found.title == "Ehrenamt Köln"
        assert await store.room_by_link(room_payload("telegram", "-1006")) is None
        await store.move_room("telegram", "-1005", "-1007")
        assert await store.room_by_link(room_payload("telegram", "-1005")) is None
        moved = await store.room_by_link(room_payload("telegram", "-1007"))
        assert moved is not None and moved.chat_id == "-1007"
    finally:
        await store.close()


async def test_announcement_choices_and_audiences_come_from_the_community_rooms(
    tmp_path: Path,
) -> None:
    store = await SqliteStore.open(tmp_path / "rooms.db")
    try:
        rooms = [
            RoomSettings("telegram", "-1", title="A", tags=["köln", "ehrenamt"], community=True),
            RoomSettings("telegram", "-2", title="B", tags=["ehrenamt"], community=True),
            RoomSettings("telegram", "-3", title="C", tags=["berlin"], community=False),
            RoomSettings(
                "matrix", "!x:s", title="D", tags=["alle"], community=True, receives_all=False
            ),
            RoomSettings("telegram", "-4", title="E", tags=["weg"], community=True, active=False),
        ]
        for room in rooms:
            await store.save_room(room)
        assert await store.community_tags(10) == ["alle", "ehrenamt", "köln"]
        assert await store.community_tags(1) == ["alle"]
        assert await store.community_chats("ehrenamt") == [
            ("telegram", "-1", "A"),
            ("telegram", "-2", "B"),
        ]
        assert await store.community_chats(None) == [
            ("telegram", "-1", "A"),
            ("telegram", "-2", "B"),
        ]
        assert await store.community_chats("berlin") == []
    finally:
        await store.close()
