"""Rooms of the community: what the bot says when it is added, approving a room (command,
button, command line), the moderators' room, Spaces, and rooms from before the change."""

from __future__ import annotations

import asyncio
import sqlite3
import uuid
from pathlib import Path

import pytest

from adapters.cli.main import main
from adapters.storage.db import Database, bundled_migrations
from adapters.storage.store import SqliteStore
from core.announcements.service import rooms_for
from core.kernel.messages import Action, BotAddedToRoom, ChatRef, Platform, Reply
from core.kernel.ports import RoomSettings
from tests.community.test_who_may import TEXTS
from tests.harness import FakeModerators, Harness, joined


async def added(h: Harness, by: str, room: str) -> list[Action]:
    """`by` adds the bot to `room`."""
    return await h.send(BotAddedToRoom(uuid.uuid4().hex, h.chat(room), h.user(by)))


def replies(actions: list[Action]) -> list[Reply]:
    return [a for a in actions if isinstance(a, Reply)]


async def belongs(h: Harness, room: str) -> bool:
    found = await h.app.store.get_room("console", room.lower())
    assert found is not None
    return found.community


async def test_added_by_an_outsider_the_room_waits_and_only_a_community_moderator_approves(
    tmp_path: Path,
) -> None:
    h = await Harness.create(
        tmp_path / "db", moderators=FakeModerators(rooms={"fremd": {"olga"}}), community={"cora"}
    )
    try:
        [intro] = replies(await added(h, "Olga", "Fremd"))
        assert TEXTS.get("community.waiting", "de") in intro.text, "one message says it all"
        assert "/einstellungen" in intro.text, "the introduction itself is still there"
        assert "LAGERFEUER_MODERATORS" not in intro.text, "a community moderator exists"
        [button] = intro.choices
        assert button.label == TEXTS.get("community.approve_button", "de")
        assert not await belongs(h, "Fremd")

        refused = await h.choose(button.value, user="Olga", room="Fremd")
        assert joined(refused) == TEXTS.get("common.community_only", "de")
        assert await h.say("1", user="Olga", room="Fremd", addressed=True) != []
        assert not await belongs(h, "Fremd"), "the room's own administrator cannot approve it"
        assert await rooms_for(h.app.store, "all") == []
        welcome = joined(await h.join("Fremd", "Anna"))
        assert "Anna" in welcome, "outside the community the bot still welcomes"

        done = await h.choose(button.value, user="Cora", room="Fremd")
        assert "gehört jetzt zur Gemeinschaft" in joined(done)
        assert await belongs(h, "Fremd")
        assert [c.id for c in await rooms_for(h.app.store, "all")] == ["fremd"]
    finally:
        await h.close()


async def test_the_intro_number_is_typed_by_whoever_may(tmp_path: Path) -> None:
    h = await Harness.create(tmp_path / "db", community={"cora"})
    try:
        await added(h, "Olga", "Fremd")
        typed = await h.say("1", user="Cora", room="Fremd", addressed=True)
        assert "gehört jetzt zur Gemeinschaft" in joined(typed)
        assert await belongs(h, "Fremd")
    finally:
        await h.close()


async def test_added_by_a_community_moderator_the_room_belongs_at_once(tmp_path: Path) -> None:
    h = await Harness.create(tmp_path / "db", community={"cora"})
    try:
        [intro] = replies(await added(h, "Cora", "Neu"))
        assert TEXTS.get("community.added_by_moderator", "de", room="Neu") in intro.text
        assert intro.choices == ()
        assert await belongs(h, "Neu")
    finally:
        await h.close()


async def test_with_nobody_named_the_bot_says_how_the_first_moderator_is_named(
    harness: Harness,
) -> None:
    [intro] = replies(await added(harness, "Olga", "Erster"))
    hint = TEXTS.get("community.first_moderator", "de", id="console:olga")
    assert hint in intro.text, "the operator learns whose id to put into LAGERFEUER_MODERATORS"
    assert not await belongs(harness, "Erster")


async def test_community_command_join_leave_and_the_moderators_room(tmp_path: Path) -> None:
    h = await Harness.create(tmp_path / "db", community={"cora"})
    try:
        status = joined(await h.say("/gemeinschaft", user="Cora", room="Team"))
        assert TEXTS.get("community.status_out", "de", room="Team") in status
        await h.say("/gemeinschaft modraum", user="Cora", room="Team")
        team = await h.app.store.get_room("console", "team")
        assert team is not None and team.community and team.modroom

        arrival = await added(h, "Olga", "Fremd")
        [notice] = [r for r in replies(arrival) if r.chat.id == "team"]
        assert notice.text == TEXTS.get(
            "community.waiting_notice", "de", room="Fremd", id="console:fremd"
        )
        again = await added(h, "Cora", "Zweiter")
        assert not [r for r in replies(again) if r.chat.id == "team"], "approved: nothing to do"

        await h.say("/community modroom", user="Cora", room="Zweiter")
        team = await h.app.store.get_room("console", "team")
        assert team is not None and not team.modroom, "there is one moderators' room"

        left = joined(await h.say("/community leave", user="Cora", room="Zweiter"))
        assert "gehört nicht mehr zur Gemeinschaft" in left
        assert not await belongs(h, "Zweiter")
    finally:
        await h.close()


async def test_a_space_is_set_aside(tmp_path: Path) -> None:
    h = await Harness.create(tmp_path / "db")
    try:
        store = h.app.store
        await store.save_room(RoomSettings("matrix", "!space:x", "Bereich", community=True))
        await store.save_room(RoomSettings("matrix", "!room:x", "Raum", community=True))
        await h.app.assistant.not_a_room(ChatRef(Platform.MATRIX, "!space:x", False))
        assert [c.id for c in await rooms_for(store, "all")] == ["!room:x"]
        space = await store.get_room("matrix", "!space:x")
        assert space is not None and not space.active and not space.community
    finally:
        await h.close()


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "bot.db"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LAGERFEUER_DATABASE", str(path))
    monkeypatch.setenv("LAGERFEUER_LANGUAGE", "en")  # the operator lines in English

    async def seed() -> None:
        store = await SqliteStore.open(path)
        await store.save_room(RoomSettings("telegram", "-1001", "Kiel", community=True))
        await store.save_room(RoomSettings("telegram", "-1002", "Fremde Gruppe"))
        await store.save_room(RoomSettings("matrix", "!r:x", "Köln"))
        await store.close()

    asyncio.run(seed())
    return path


def _community(path: Path) -> dict[str, bool]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT platform, chat_id, community FROM rooms").fetchall()
    return {f"{platform}:{chat}": bool(flag) for platform, chat, flag in rows}


def test_rooms_on_the_command_line(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rooms"]) == 0
    listing = capsys.readouterr().out
    assert "telegram:-1001  [community]  Kiel" in listing
    assert "telegram:-1002  [not approved]  Fremde Gruppe" in listing
    assert "3 rooms, 1 in the community, 2 not approved" in listing
    assert main(["rooms", "--approve", "telegram:-1002"]) == 0
    assert main(["rooms", "--approve", "!r:x"]) == 0
    assert main(["rooms", "--remove", "-1001"]) == 0
    assert _community(db) == {"telegram:-1001": False, "telegram:-1002": True, "matrix:!r:x": True}
    capsys.readouterr()
    assert main(["rooms", "--approve", "telegram:-999"]) == 1
    assert "not a room the bot knows" in capsys.readouterr().err


def test_rooms_speak_the_operators_language(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LAGERFEUER_LANGUAGE", "de")
    assert main(["rooms"]) == 0
    listing = capsys.readouterr().out
    assert "telegram:-1002  [nicht freigegeben]  Fremde Gruppe" in listing
    assert "3 Räume, 1 in der Community, 2 nicht freigegeben" in listing
    assert main(["rooms", "--approve", "-999"]) == 1
    assert capsys.readouterr().err.strip() == "Fehler: -999 ist kein Raum, den der Bot kennt"


async def test_rooms_the_bot_was_in_before_keep_belonging(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    before = [m for m in bundled_migrations() if m.version < 11]
    old = await Database.open(path, before)
    await old.conn.execute(
        "INSERT INTO rooms (platform, chat_id, title, active) VALUES"
        " ('telegram', '-1', 'Dabei', 1), ('telegram', '-2', 'Verlassen', 0)"
    )
    await old.conn.execute(
        "INSERT INTO unanswered_questions VALUES ('k', 'Musterweg 1', 'de', 1, 'a', 'a')"
    )
    await old.close()
    store = await SqliteStore.open(path)
    try:
        rooms = {r.chat_id: r.community for r in await store.list_rooms(active_only=False)}
        assert rooms == {"-1": True, "-2": False}, "only rooms the bot is in keep working"
        assert await store.list_unanswered(10) == [], "questions stored unmasked are gone"
    finally:
        await store.close()
