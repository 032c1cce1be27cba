"""Pruning more rows than one chunk: all idle ones go, recent ones stay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from adapters.storage.chunks import CHUNK
from adapters.storage.store import SqliteStore
from core.kernel.ports import Conversation, Person

NOW = datetime(2026, 12, 1, tzinfo=UTC)
OLD = NOW - timedelta(days=200)


async def test_idle_rows_beyond_one_chunk_all_go(tmp_path: Path) -> None:
    store = await SqliteStore.open(tmp_path / "db.sqlite")
    try:
        for n in range(CHUNK + 300):
            at = OLD + timedelta(seconds=n)
            await store.save_conversation(
                Conversation("console", f"c{n}", f"u{n}", "x", updated_at=at)
            )
            person = Person("console", f"u{n}", came_from="room", last_seen=at)
            await store.save_person(person)
        await store.save_conversation(Conversation("console", "fresh", "f", "x", updated_at=NOW))
        for n in range(CHUNK + 10):
            await store.remember_join("console", "room", f"j{n}", OLD + timedelta(seconds=n))
        await store.remember_join("console", "room", "new", NOW)
        cutoff = NOW - timedelta(days=180)
        assert await store.prune_idle(cutoff) == 2 * (CHUNK + 300)
        assert await store.get_conversation("console", "c5", "u5") is None
        assert await store.get_conversation("console", "fresh", "f") is not None
        kept = await store.get_person("console", f"u{CHUNK + 299}")
        assert kept is not None and kept.came_from is None
        assert await store.forget_joins_before(cutoff) == CHUNK + 10
        assert await store.welcomed_since("console", "room", "new", cutoff)
    finally:
        await store.close()
