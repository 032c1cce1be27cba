"""The retention job: idle dialogues go after 180 days, old event ids after a few days."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from core.basics.retention import IDLE_LIMIT
from core.kernel.deeplinks import room_payload
from tests.harness import FakeClock, Harness


def _count(harness: Harness, table: str) -> int:
    with sqlite3.connect(harness.db) as conn:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


async def test_idle_dialogues_are_deleted_after_180_days_and_fresh_ones_stay(
    harness: Harness,
) -> None:
    await harness.say("/forget", user="Alt")  # opens a confirmation dialogue
    await harness.tick(0)  # the job's first run: nothing is due yet
    assert await harness.app.store.get_conversation("console", "dm-alt", "alt") is not None
    harness.clock.advance((IDLE_LIMIT - timedelta(days=1)).total_seconds())
    await harness.say("/forget", user="Neu")
    await harness.tick(2 * 86400)  # Alt is now 181 days idle, Neu 2 days
    store = harness.app.store
    assert await store.get_conversation("console", "dm-alt", "alt") is None
    assert await store.get_conversation("console", "dm-neu", "neu") is not None


async def test_people_and_their_subscription_are_kept(harness: Harness) -> None:
    await harness.say("/language en", user="Bleibt")
    await harness.tick(0)
    await harness.tick(200 * 86400)
    person = await harness.app.store.get_person("console", "bleibt")
    assert person is not None and person.language == "en"


async def test_old_event_ids_are_pruned_and_recent_ones_kept(tmp_path: Path) -> None:
    # processed_events records the database's own time, so this clock starts at the real now
    harness = await Harness.create(tmp_path / "db.sqlite", clock=FakeClock(datetime.now(UTC)))
    try:
        await harness.say("/start")
        assert _count(harness, "processed_events") == 1
        await harness.tick(3600)
        assert _count(harness, "processed_events") == 1, "a redelivery within hours stays deduped"
        await harness.tick(4 * 86400)
        assert _count(harness, "processed_events") == 0
    finally:
        await harness.close()


async def test_job_runs_at_most_hourly(harness: Harness) -> None:
    await harness.say("/forget", user="Alt")
    await harness.tick(IDLE_LIMIT.total_seconds() - 600)  # runs: not yet due
    await harness.tick(1800)  # due now, but the job ran only half an hour ago
    store = harness.app.store
    assert await store.get_conversation("console", "dm-alt", "alt") is not None
    await harness.tick(31 * 60)
    assert await store.get_conversation("console", "dm-alt", "alt") is None


async def test_every_retention_table_is_emptied_of_rows_idle_180_days(harness: Harness) -> None:
    """A whole conversation (onboarding answers included), then 181 quiet days."""
    from tests.operations.conversation import NAME, full_conversation

    await full_conversation(harness)
    user_id = harness.user(NAME).id
    tables = [table for table, _ in harness.app.store.retention_tables]
    assert "flow_answers" in tables, "finished onboarding answers are under retention"
    held = {t: _rows_of(harness, t, user_id) for t in tables}
    assert held["flow_answers"] > 0, "the onboarding stored answers to expire"
    await harness.tick(0)
    await harness.tick(181 * 86400)
    assert {t: _rows_of(harness, t, user_id) for t in tables} == dict.fromkeys(tables, 0)
    person = await harness.app.store.get_person("console", user_id)
    assert person is not None, "language and subscription stay"


def _rows_of(harness: Harness, table: str, user_id: str) -> int:
    with sqlite3.connect(harness.db) as conn:
        row = conn.execute(f"SELECT COUNT(*) FROM {table} WHERE user_id = ?", (user_id,)).fetchone()
        return int(row[0])


async def _came_from(harness: Harness, user: str) -> str | None:
    person = await harness.app.store.get_person("console", user.lower())
    assert person is not None, "the person stays; only the room they came from goes"
    return person.came_from


async def test_the_room_someone_came_from_goes_after_180_idle_days(harness: Harness) -> None:
    """privacy.text lists it with the onboarding answers deleted after 180 idle days."""
    await harness.join("Kaffeeraum", "Ines")
    await harness.say("/onboarding " + room_payload("console", "kaffeeraum"), user="Ines")
    await harness.say("/onboarding " + room_payload("console", "kaffeeraum"), user="Jan")
    assert await _came_from(harness, "Ines") == "console:kaffeeraum"
    await harness.tick(0)
    await harness.tick((IDLE_LIMIT - timedelta(days=1)).total_seconds())
    assert await _came_from(harness, "Ines") == "console:kaffeeraum", "179 days: still there"
    await harness.say("/onboarding", user="Jan")  # Jan goes on: his 180 days begin anew
    await harness.tick(2 * 86400)
    assert await _came_from(harness, "Ines") is None, "181 idle days: gone"
    assert await _came_from(harness, "Jan") == "console:kaffeeraum"
