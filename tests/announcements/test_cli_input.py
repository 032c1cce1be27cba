"""`lagerfeuer announce` in a real process: bytes that are not UTF-8 never reach SQLite."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from adapters.storage.store import SqliteStore
from core.kernel.ports import RoomSettings

LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


async def _seed(db: Path) -> None:
    store = await SqliteStore.open(db)
    await store.save_room(RoomSettings("telegram", "-1001", title="Kiel", community=True))
    await store.close()


async def _texts(db: Path) -> list[str]:
    store = await SqliteStore.open(db)
    try:
        return [a.text for a in reversed(await store.list_announcements(LONG_AGO, 10))]
    finally:
        await store.close()


def _announce(
    db: Path, args: list[bytes], stdin: bytes = b""
) -> subprocess.CompletedProcess[bytes]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LAGERFEUER_")}
    environment["LAGERFEUER_DATABASE"] = str(db)
    return subprocess.run(
        [os.fsencode(sys.executable), b"-m", b"adapters.cli.main", b"announce", *args],
        input=stdin,
        capture_output=True,
        cwd=db.parent,
        env=environment,
        timeout=60,
    )


def test_invalid_utf8_in_argument_and_stdin_is_stored_as_replacement_characters(
    tmp_path: Path,
) -> None:
    db = tmp_path / "cli.db"
    asyncio.run(_seed(db))
    # an argument the OS hands over as bytes: Python sees it as surrogate escapes
    from_argument = _announce(db, [b"Treffen \xff\xfe am Freitag"])
    assert from_argument.returncode == 0, from_argument.stderr.decode(errors="replace")
    from_stdin = _announce(db, [b"-"], b"Zeile \xc3 eins\nZeile zwei \xed\xa0\x80\n")
    assert from_stdin.returncode == 0, from_stdin.stderr.decode(errors="replace")
    texts = asyncio.run(_texts(db))
    assert texts[0] == "Treffen \ufffd\ufffd am Freitag"
    assert texts[1].startswith("Zeile \ufffd eins\nZeile zwei \ufffd")
    for text in texts:
        text.encode("utf-8")  # valid Unicode: no lone surrogate left
