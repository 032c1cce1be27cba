"""`lagerfeuer announce` queues into the database the running bot delivers from."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest

from adapters.cli.main import main
from adapters.storage.store import SqliteStore
from core.announcements.outbox import AnnouncementState, TargetState
from core.kernel.ports import Person, RoomSettings


async def _seed(db: Path) -> None:
    store = await SqliteStore.open(db)
    await store.save_room(RoomSettings("telegram", "-1001", title="Kiel", community=True))
    await store.save_room(RoomSettings("matrix", "!r:example.org", title="Köln", community=True))
    await store.save_room(RoomSettings("console", "local", title="Terminal", community=True))
    await store.save_person(Person("telegram", "42", subscribed=True))
    await store.close()


async def _targets(db: Path, ident: int) -> list[tuple[str, str, TargetState]]:
    store = await SqliteStore.open(db)
    try:
        return [(t.chat.platform.value, t.chat.id, t.state) for t in await store.targets_of(ident)]
    finally:
        await store.close()


async def _state(db: Path, ident: int) -> AnnouncementState:
    store = await SqliteStore.open(db)
    try:
        found = await store.get_announcement(ident)
        assert found is not None
        return found.state
    finally:
        await store.close()


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "bot.db"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LAGERFEUER_DATABASE", str(path))
    monkeypatch.setenv("LAGERFEUER_LANGUAGE", "en")  # the operator lines in English
    asyncio.run(_seed(path))
    return path


def test_all_rooms_by_default(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["announce", "Sommerfest am **Samstag**"]) == 0
    assert "#1 to 2 chats, now" in capsys.readouterr().out
    targets = asyncio.run(_targets(db, 1))
    assert sorted(t[:2] for t in targets) == [("matrix", "!r:example.org"), ("telegram", "-1001")]
    assert asyncio.run(_state(db, 1)) is AnnouncementState.SENDING


def test_rooms_subscribers_schedule_and_cancel(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["announce", "--room", "matrix:!r:example.org", "--room", "-1001", "Hi"]) == 0
    assert len(asyncio.run(_targets(db, 1))) == 2
    monkeypatch.setattr("sys.stdin", io.StringIO("Zeile eins\nZeile zwei\n"))
    assert main(["announce", "--subscribers", "--at", "2099-01-01 09:00", "-"]) == 0
    assert "#2 to 1 chats at the moment, at 2099-01-01 09:00" in capsys.readouterr().out
    assert asyncio.run(_targets(db, 2)) == [], "subscribers are settled when it starts"
    assert asyncio.run(_state(db, 2)) is AnnouncementState.SCHEDULED
    assert main(["announce", "--list"]) == 0
    listed = capsys.readouterr().out
    assert "#2 scheduled" in listed and "subscribers: chats settled when it starts" in listed
    assert main(["announce", "--cancel", "2"]) == 0
    assert asyncio.run(_state(db, 2)) is AnnouncementState.CANCELLED
    assert main(["announce", "--cancel", "2"]) == 1


def test_bad_input_is_refused_with_a_clear_line(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["announce", "--room", "nowhere", "Hi"]) == 1
    assert "nowhere is not a room the bot knows" in capsys.readouterr().err
    assert main(["announce", "--at", "2020-01-01 10:00", "Hi"]) == 1
    assert "already passed" in capsys.readouterr().err
    assert main(["announce", "--at", "morgen", "Hi"]) == 1
    assert "cannot read the time" in capsys.readouterr().err
    assert main(["announce", "--at", "2027-03-28 02:30", "Hi"]) == 1  # Berlin skips 02:00-03:00
    assert "does not exist in Europe/Berlin" in capsys.readouterr().err
    assert main(["announce", "--at", "", "Hi"]) == 1  # an unset shell variable: not "now"
    assert "--at is empty" in capsys.readouterr().err
    assert main(["announce", "   "]) == 1
    assert main(["announce", "\u200b\u2066"]) == 1
    assert "invisible" in capsys.readouterr().err
    assert main(["announce", "x" * 5000]) == 1
    assert main(["announce", "--list"]) == 0
    assert "#" not in capsys.readouterr().out, "nothing was queued"


async def _forget(db: Path, platform: str, user_id: str) -> None:
    store = await SqliteStore.open(db)
    try:
        await store.forget_person(platform, user_id)
    finally:
        await store.close()


def test_list_says_so_when_no_chat_is_left(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["announce", "--subscribers", "Hallo"]) == 0
    asyncio.run(_forget(db, "telegram", "42"))  # the only subscriber asked to be forgotten
    capsys.readouterr()
    assert main(["announce", "--list"]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("#1 sending") and line.endswith("subscribers: no chats left"), line
