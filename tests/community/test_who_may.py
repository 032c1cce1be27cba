"""Every moderator command, by every kind of person, in every kind of place (README, "Who may do
what"): the table below is the model, and each cell is checked by what the bot did.

People: Cora is a community moderator (the operator's list), Rami moderates the room Hier,
Olga moderates only her own room Fremd (which no community moderator approved: the outsider),
Mats moderates nothing. Places: Hier and Dort belong to the community, Fremd does not, and the
private chat. Announcement #1 (scheduled, to all rooms) was written by Boss, another community
moderator; one member asked a question nobody could answer.

Outcomes: Y done, N refused (and nothing changed), O allowed but only their own (none of
Boss's), X not offered there, P "only in private chat", R "only in a room".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.settings import BUNDLED_CONTENT
from core.announcements.outbox import AnnouncementState, Audience
from core.content.texts import Texts
from core.kernel.choices import owned, split_owner
from core.kernel.messages import Action, Reply
from core.kernel.ports import RoomSettings
from tests.harness import FakeModerators, Harness, joined

TEXTS = Texts(load_checked_content(BUNDLED_CONTENT).texts)
ROLES = ("Cora", "Rami", "Olga", "Mats")
PLACES: tuple[str | None, ...] = ("Hier", "Dort", "Fremd", None)
"""Hier and Dort belong to the community, Fremd does not; None is the private chat."""

TABLE: dict[str, dict[str, str]] = {
    #                    Hier Dort Fremd private
    "settings": {"Cora": "YYYR", "Rami": "YNNR", "Olga": "NNYR", "Mats": "NNNR"},
    "language": {"Cora": "YYYY", "Rami": "YNNY", "Olga": "NNYY", "Mats": "NNNY"},
    "announce_room": {"Cora": "YYYX", "Rami": "YNNN", "Olga": "NNYN", "Mats": "NNNN"},
    "announce_all": {"Cora": "YYYY", "Rami": "NNNN", "Olga": "NNNN", "Mats": "NNNN"},
    "announce_subscribers": {"Cora": "YYYY", "Rami": "NNNN", "Olga": "NNNN", "Mats": "NNNN"},
    "announcements": {"Cora": "YYYY", "Rami": "ONNN", "Olga": "NNON", "Mats": "NNNN"},
    "cancel_others": {"Cora": "YYYY", "Rami": "NNNN", "Olga": "NNNN", "Mats": "NNNN"},
    "unanswered": {"Cora": "PPPY", "Rami": "PPPN", "Olga": "PPPN", "Mats": "PPPN"},
    "community_join": {"Cora": "YYYR", "Rami": "NNNR", "Olga": "NNNR", "Mats": "NNNR"},
    "moderators_add": {"Cora": "YYYY", "Rami": "NNNN", "Olga": "NNNN", "Mats": "NNNN"},
}

REFUSALS = {
    TEXTS.get(key, "de")
    for key in ("common.moderators_only", "common.community_only", "common.moderators_only_private")
} | {TEXTS.get("announce.not_yours", "de", id=1)}


@dataclass
class Case:
    """One cell: who does it, where, with the harness."""

    h: Harness
    user: str
    room: str | None

    async def say(self, text: str) -> list[Action]:
        return await self.h.say(text, user=self.user, room=self.room)

    async def press(self, value: str) -> list[Action]:
        return await self.h.choose(value, user=self.user, room=self.room)

    def mine(self, value: str) -> str:
        """A choice value as the bot would mark it for this person in a room."""
        return value if self.room is None else owned(value, self.h.user(self.user))


def _refused(actions: list[Action]) -> bool:
    return any(isinstance(a, Reply) and a.text in REFUSALS for a in actions)


def _where_only(actions: list[Action], command: str) -> str | None:
    texts = [a.text for a in actions if isinstance(a, Reply)]
    if TEXTS.get("common.private_only", "de", command=command) in texts:
        return "P"
    if TEXTS.get("common.room_only", "de", command=command) in texts:
        return "R"
    return None


def _offered(actions: list[Action], prefix: str) -> str | None:
    """The (marked) value of the offered choice whose value starts with `prefix`."""
    for action in actions:
        if isinstance(action, Reply):
            for choice in action.choices:
                if split_owner(choice.value)[0].startswith(prefix):
                    return choice.value
    return None


async def _room(case: Case) -> RoomSettings:
    assert case.room is not None
    room = await case.h.app.store.get_room("console", case.room.lower())
    assert room is not None
    return room


async def settings(case: Case) -> str:
    actions = await case.say("/settings welcome off")
    if case.room is None:
        return _where_only(actions, "settings") or "?"
    changed = not (await _room(case)).welcome_enabled
    return "N" if _refused(actions) and not changed else "Y" if changed else "?"


async def language(case: Case) -> str:
    actions = await case.say("/language en")
    if case.room is None:
        person = await case.h.app.store.get_person("console", case.user.lower())
        return "Y" if person is not None and person.language == "en" else "?"
    changed = (await _room(case)).language == "en"
    return "N" if _refused(actions) and not changed else "Y" if changed else "?"


async def _announced(case: Case, audience: str) -> bool:
    """Whether this person's announcement to `audience` went into the outbox."""
    store = case.h.app.store
    for ident in range(2, 10):
        found = await store.get_announcement(ident)
        if found is not None and found.audience == audience:
            return found.author == ("console", case.user.lower())
    return False


async def _announce_to(case: Case, prefix: str, audience: str) -> str:
    preview = await case.say(f"/announce Aufruf von {case.user}")
    if _refused(preview):
        return "N" if not await _announced(case, audience) else "?"
    value = _offered(preview, prefix)
    if value is None:
        if prefix == "ann:room" and case.room is None:
            return "X"
        value = case.mine(prefix)  # not offered: pressed anyway, as an attacker would craft it
    chosen = await case.press(value)
    if _refused(chosen):
        return "N" if not await _announced(case, audience) else "?"
    send = _offered(chosen, "ann:send")
    assert send is not None, joined(chosen)
    await case.press(send)
    return "Y" if await _announced(case, audience) else "?"


async def announce_room(case: Case) -> str:
    outcome = await _announce_to(case, "ann:room", Audience.ROOM.value)
    if outcome == "Y":
        [target] = await case.h.app.store.targets_of(2)
        assert case.room is not None and target.chat.id == case.room.lower()
    return outcome


async def announce_all(case: Case) -> str:
    outcome = await _announce_to(case, "ann:all", Audience.ALL.value)
    if outcome == "Y":
        targets = {t.chat.id for t in await case.h.app.store.targets_of(2)}
        assert targets == {"hier", "dort"}, "the rooms of the community, never Fremd"
    return outcome


async def announce_subscribers(case: Case) -> str:
    return await _announce_to(case, "ann:subs", Audience.SUBSCRIBERS.value)


async def announcements(case: Case) -> str:
    actions = await case.say("/announcements")
    if _refused(actions):
        return "N"
    text = joined(actions)
    if "#1" in text and "Weihnachtsfeier" in text:
        return "Y"
    return "O" if TEXTS.get("announce.list_empty", "de") in text else "?"


async def cancel_others(case: Case) -> str:
    actions = await case.say("/announce cancel 1")
    found = await case.h.app.store.get_announcement(1)
    assert found is not None
    cancelled = found.state is AnnouncementState.CANCELLED
    return "N" if _refused(actions) and not cancelled else "Y" if cancelled else "?"


async def unanswered(case: Case) -> str:
    actions = await case.say("/offenefragen")
    where = _where_only(actions, "offenefragen")
    if where is not None:
        return where
    return "N" if _refused(actions) else "Y" if "Pizza" in joined(actions) else "?"


async def community_join(case: Case) -> str:
    actions = await case.say("/gemeinschaft beitreten")
    if case.room is None:
        return _where_only(actions, "gemeinschaft") or "?"
    belongs = (await _room(case)).community
    if _refused(actions):
        return "N" if belongs == (case.room != "Fremd") else "?"
    return "Y" if belongs else "?"


async def moderators_add(case: Case) -> str:
    actions = await case.say("/moderatoren hinzufuegen console:neu")
    named = await case.h.app.store.is_named_moderator("console", "neu")
    return "N" if _refused(actions) and not named else "Y" if named else "?"


ACTS: dict[str, Callable[[Case], Awaitable[str]]] = {
    "settings": settings,
    "language": language,
    "announce_room": announce_room,
    "announce_all": announce_all,
    "announce_subscribers": announce_subscribers,
    "announcements": announcements,
    "cancel_others": cancel_others,
    "unanswered": unanswered,
    "community_join": community_join,
    "moderators_add": moderators_add,
}


async def scene(db: Path) -> Harness:
    """The community of the module docstring."""
    h = await Harness.create(
        db,
        moderators=FakeModerators(rooms={"hier": {"rami"}, "fremd": {"olga"}}),
        community={"cora", "boss"},
    )
    store = h.app.store
    for title, belongs in (("Hier", True), ("Dort", True), ("Fremd", False)):
        await store.save_room(RoomSettings("console", title.lower(), title, community=belongs))
    await h.say("/abonnieren", user="Sina")
    await h.say("Was kostet eine Pizza?", user="Sina")
    await h.say("/announce at 2026-12-24 10:00 Weihnachtsfeier", user="Boss")
    await h.choose("ann:all", user="Boss")
    await h.choose("ann:send", user="Boss")
    assert (await store.get_announcement(1)) is not None
    return h


CELLS = [
    pytest.param(command, role, place, id=f"{command}-{role}-{place or 'private'}")
    for command in TABLE
    for role in ROLES
    for place in PLACES
]


@pytest.mark.parametrize(("command", "role", "place"), CELLS)
async def test_who_may_do_what(tmp_path: Path, command: str, role: str, place: str | None) -> None:
    expected = TABLE[command][role][PLACES.index(place)]
    h = await scene(tmp_path / "lagerfeuer.db")
    try:
        assert await ACTS[command](Case(h, role, place)) == expected
    finally:
        await h.close()


def test_the_table_covers_every_moderator_command() -> None:
    from core.kernel.commands import COMMANDS

    covered = {"settings", "language", "announce", "announcements", "unanswered"}
    covered |= {"community", "moderators"}
    assert {spec.name for spec in COMMANDS if spec.moderator} <= covered
    assert all(len(row) == len(PLACES) for rows in TABLE.values() for row in rows.values())
