"""A database that cannot grow while the bot runs (the disk is full): SQLite's own error,
produced by `PRAGMA max_page_count` on a real database, becomes one line naming the file;
the message that could not be stored gets no answer, and what was stored stays."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest

from adapters.channels.console.chat import ConsoleChat
from adapters.channels.telegram.chats import ChatQueues
from adapters.runtime.bootstrap import build_app
from adapters.runtime.settings import Settings
from adapters.storage.store import SqliteStore
from core.errors import StorageError

TRIES = 5000


async def _fill(store: SqliteStore) -> None:
    """No page more than the database has now."""
    row = await store.db.fetchone("PRAGMA page_count")
    assert row is not None
    await store.db.conn.execute(f"PRAGMA max_page_count={int(row[0])}")


async def test_a_full_database_stops_the_chat_with_the_file_named(tmp_path: Path) -> None:
    database = tmp_path / "full.db"
    app = await build_app(Settings(database=database))
    out = io.StringIO()
    chat = ConsoleChat(app.assistant, out=out)
    try:
        await chat.send_line("/start")
        answered = out.getvalue()
        assert answered
        await _fill(app.store)
        with pytest.raises(StorageError) as failure:
            for number in range(TRIES):
                before = out.getvalue()
                await chat.send_line(f"Was ist ein Barcamp? {number}")
        assert str(database) in str(failure.value) and "full" in str(failure.value)
        assert "\n" not in str(failure.value)
        assert out.getvalue() == before  # the message not stored got no half-answer
    finally:
        await app.close()
    reopened = await SqliteStore.open(database)
    try:
        row = await reopened.db.fetchone("PRAGMA quick_check")
        assert row is not None and row[0] == "ok"
    finally:
        await reopened.close()


async def test_a_telegram_update_on_a_full_disk_logs_one_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    database = tmp_path / "full.db"
    store = await SqliteStore.open(database)
    queues = ChatQueues()
    try:
        await _fill(store)

        async def claim_many() -> None:
            for number in range(TRIES):
                await store.claim_event(f"tg:{number}")

        with caplog.at_level(logging.ERROR, logger="lagerfeuer.telegram"):
            await queues.submit("1", claim_many)
            await queues.drain(30.0)
    finally:
        await store.close()
    lines = [r.getMessage() for r in caplog.records if r.name == "lagerfeuer.telegram"]
    assert len(lines) == 1, lines
    assert str(database) in lines[0] and "full" in lines[0], lines
    assert all(r.exc_info is None for r in caplog.records)
