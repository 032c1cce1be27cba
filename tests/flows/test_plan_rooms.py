"""The starter plan ends in the community: the community's own rooms whose tags fit the
answers, each with the way in its platform gives, and a first step in the first of them.
Rooms outside the community, the moderators' room, rooms a moderator set not to be suggested
and rooms nobody outside may join are never offered, whatever their tags."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from core.kernel.messages import BotAddedToRoom, ChatRef, Platform, Reply
from core.kernel.ports import ASK_A_MODERATOR, Door, WayIn
from tests.harness import FakeModerators, Harness, joined

INVITE = "https://t.me/+KoelnEinladung"


@dataclass
class FakeDoors:
    """Ways into console rooms, by chat id, as a platform would answer (ask by default)."""

    ways: dict[str, WayIn] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)

    async def way_in(self, chat: ChatRef, *, approval: bool = False) -> WayIn:
        self.asked.append(chat.id)
        return self.ways.get(chat.id, ASK_A_MODERATOR)


async def _room(h: Harness, title: str, tags: str, *, community: bool = True) -> None:
    """The bot is added to `title` (by the community moderator Cora, or by the room's own
    moderator Olga when the room stays outside the community), and Olga sets its tags."""
    by = "Cora" if community else "Olga"
    await h.send(BotAddedToRoom(uuid.uuid4().hex, h.chat(title), h.user(by)))
    said = joined(await h.say(f"/settings tags {tags}", user="Olga", room=title))
    assert "Gespeichert" in said


async def _volunteer_in_person(h: Harness, user: str = "Anna") -> list[Reply]:
    for value in (
        "menu:onboarding",
        "flow:role:volunteer",
        "flow:setting:offline",
        "flow:channels:events",
        "flow:channels:.done",
    ):
        await h.choose(value, user=user)
    return [a for a in await h.choose("flow:time:some", user=user) if isinstance(a, Reply)]


def _rooms_message(replies: list[Reply]) -> Reply:
    [found] = [r for r in replies if r.text.startswith("Und hier in unserer Community")]
    return found


async def _harness(tmp_path: Path) -> Harness:
    """Olga moderates every room; Cora is a community moderator."""
    return await Harness.create(
        tmp_path / "db", moderators=FakeModerators(user_ids={"olga"}), community={"cora"}
    )


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await _harness(tmp_path)
    try:
        yield harness
    finally:
        await harness.close()


async def _community(tmp_path: Path) -> tuple[Harness, FakeDoors]:
    h = await _harness(tmp_path)
    doors = FakeDoors(
        {
            "ehrenamt köln": WayIn(Door.LINK, INVITE),
            "geschlossen": WayIn(Door.CLOSED),
        }
    )
    h.app.doors.register(Platform.CONSOLE, doors)
    await _room(h, "Ehrenamt Köln", "ehrenamt, vor-ort")
    await _room(h, "Ehrenamt Bonn", "ehrenamt")
    await _room(h, "Hauptamt Treff", "hauptamt")
    await _room(h, "<b>Ehrenamt</b> & Co", "ehrenamt")
    # the attacks: each fits better than any room above
    await _room(h, "Außenstehend", "ehrenamt, vor-ort, treffen", community=False)
    await _room(h, "Leise", "ehrenamt, vor-ort, treffen")
    assert "Gespeichert" in joined(await h.say("/settings suggest off", user="Olga", room="Leise"))
    await _room(h, "Moderation", "ehrenamt, vor-ort, treffen")
    await h.say("/community modroom", user="Cora", room="Moderation")
    await _room(h, "Geschlossen", "ehrenamt, vor-ort, treffen")
    return h, doors


async def test_the_plan_ends_with_fitting_rooms_of_the_community_and_a_first_step(
    tmp_path: Path,
) -> None:
    h, doors = await _community(tmp_path)
    try:
        replies = await _volunteer_in_person(h)
        texts = [r.text for r in replies]
        plan_at = next(i for i, t in enumerate(texts) if t.startswith("Dein Startplan"))
        rooms = _rooms_message(replies)
        assert replies.index(rooms) == plan_at + 2, "after the plan and its first step"
        assert rooms.text.splitlines()[1:4] == [
            f"• Ehrenamt Köln: {INVITE}",
            "• <b>Ehrenamt</b> & Co: Frag eine:n Moderator:in, wie du hineinkommst.",
            "• Ehrenamt Bonn: Frag eine:n Moderator:in, wie du hineinkommst.",
        ]
        assert "Stell dich im Raum „Ehrenamt Köln“ kurz vor" in rooms.text
        assert [(link.label, link.url) for link in rooms.links] == [("Ehrenamt Köln", INVITE)]
        for never in ("Außenstehend", "Leise", "Moderation", "Geschlossen", "Hauptamt"):
            assert never not in joined(list(replies)), never
        assert "geschlossen" in doors.asked, "a closed room is asked and passed over"
        assert not {"außenstehend", "leise", "moderation"} & set(doors.asked)
        assert "t.me" not in rooms.text.replace(INVITE, ""), "no link is invented"
    finally:
        await h.close()


async def test_plan_again_shows_the_rooms_as_they_are_now(tmp_path: Path) -> None:
    h, _ = await _community(tmp_path)
    try:
        await _volunteer_in_person(h)
        refused = joined(await h.say("/settings suggest off", user="Anna", room="Ehrenamt Köln"))
        assert "Gespeichert" not in refused, "only a room moderator sets it"
        again = [a for a in await h.say("/plan") if isinstance(a, Reply)]
        assert f"• Ehrenamt Köln: {INVITE}" in _rooms_message(again).text

        said = joined(await h.say("/settings suggest off", user="Olga", room="Ehrenamt Köln"))
        assert "Im Startplan neuen Leuten vorschlagen: aus" in said
        now = _rooms_message([a for a in await h.say("/plan") if isinstance(a, Reply)])
        assert "Ehrenamt Köln" not in now.text
        assert "Stell dich im Raum „<b>Ehrenamt</b> & Co“ kurz vor" in now.text
        assert now.links == ()

        await h.say("/community leave", user="Cora", room="Ehrenamt Bonn")
        await h.say("/community leave", user="Cora", room="<b>Ehrenamt</b> & Co")
        last = [a for a in await h.say("/plan") if isinstance(a, Reply)]
        assert "Dein letzter Startplan" in joined(list(last))
        assert not [r for r in last if r.text.startswith("Und hier in unserer Community")]
    finally:
        await h.close()


async def test_without_a_fitting_room_rooms_open_to_everyone_are_offered(h: Harness) -> None:
    await _room(h, "Hauptamt Treff", "hauptamt")
    await h.send(BotAddedToRoom(uuid.uuid4().hex, h.chat("Lagerfeuer"), h.user("Cora")))
    rooms = _rooms_message(await _volunteer_in_person(h))
    assert "• Lagerfeuer: Frag eine:n Moderator:in" in rooms.text
    assert "Hauptamt" not in rooms.text
    assert "Stell dich im Raum „Lagerfeuer“ kurz vor" in rooms.text


async def test_a_room_name_that_shows_nothing_and_one_full_of_controls(h: Harness) -> None:
    await _room(h, "\u202e\u200b", "ehrenamt")
    await _room(h, "Ehren\u202eamt " + "x" * 500, "ehrenamt, vor-ort")
    rooms = _rooms_message(await _volunteer_in_person(h))
    assert "\u202e" not in rooms.text and "\u200b" not in rooms.text
    assert "ein Raum ohne Namen" in rooms.text
    assert len(rooms.text) < 1000, "a long name is shortened"


@dataclass
class BrokenDoors:
    """A platform whose answer about a room's way in breaks."""

    async def way_in(self, chat: ChatRef, *, approval: bool = False) -> WayIn:
        raise RuntimeError("the platform answered nonsense")


async def test_a_broken_answer_about_the_way_in_costs_the_link_not_the_plan(h: Harness) -> None:
    h.app.doors.register(Platform.CONSOLE, BrokenDoors())
    await _room(h, "Ehrenamt Köln", "ehrenamt")
    rooms = _rooms_message(await _volunteer_in_person(h))
    assert "• Ehrenamt Köln: Frag eine:n Moderator:in" in rooms.text
    assert rooms.links == ()


async def test_rooms_of_another_platform_are_not_offered(h: Harness) -> None:
    await _room(h, "Ehrenamt Köln", "ehrenamt")
    h.platform = Platform.TELEGRAM  # the same name, on Telegram: the console room is no way in
    replies = await _volunteer_in_person(h, user="Tom")
    assert "Dein Startplan" in joined(list(replies))
    assert "Ehrenamt Köln" not in joined(list(replies))
