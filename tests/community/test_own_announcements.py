"""A room moderator lists and cancels only what they wrote; tags are the community's."""

from __future__ import annotations

from pathlib import Path

from core.announcements.outbox import AnnouncementState
from core.kernel.ports import RoomSettings
from tests.community.test_who_may import TEXTS
from tests.harness import FakeModerators, Harness, joined


async def test_a_room_moderator_sees_and_stops_only_their_own(tmp_path: Path) -> None:
    h = await Harness.create(
        tmp_path / "db", moderators=FakeModerators(rooms={"hier": {"rami"}}), community={"cora"}
    )
    try:
        store = h.app.store
        await store.save_room(RoomSettings("console", "hier", "Hier", community=True))
        await h.say("/announce at 2026-12-24 10:00 Von Cora", user="Cora")
        await h.choose("ann:all", user="Cora")
        await h.choose("ann:send", user="Cora")
        await h.say("/announce at 2026-12-24 11:00 Von Rami", user="Rami", room="Hier")
        await h.choose("ann:room", user="Rami", room="Hier")
        await h.choose("ann:send", user="Rami", room="Hier")

        mine = joined(await h.say("/announcements", user="Rami", room="Hier"))
        assert "#2" in mine and "#1" not in mine and "Cora" not in mine
        everything = joined(await h.say("/announcements", user="Cora", room="Hier"))
        assert "#1" in everything and "#2" in everything

        refused = joined(await h.say("/announce cancel 1", user="Rami", room="Hier"))
        assert refused == TEXTS.get("announce.not_yours", "de", id=1)
        assert "Cora" not in refused and "Hier" not in refused
        await h.say("/announce cancel 2", user="Rami", room="Hier")
        states = [(await store.get_announcement(i)) for i in (1, 2)]
        assert [a.state if a else None for a in states] == [
            AnnouncementState.SCHEDULED,
            AnnouncementState.CANCELLED,
        ]
    finally:
        await h.close()


async def test_forget_leaves_the_announcement_without_its_author(tmp_path: Path) -> None:
    h = await Harness.create(tmp_path / "db", moderators=FakeModerators(rooms={"hier": {"rami"}}))
    try:
        await h.say("/announce at 2026-12-24 11:00 Von Rami", user="Rami", room="Hier")
        await h.choose("ann:room", user="Rami", room="Hier")
        await h.choose("ann:send", user="Rami", room="Hier")
        await h.say("/forget", user="Rami")
        await h.choose("forget:yes", user="Rami")
        found = await h.app.store.get_announcement(1)
        assert found is not None and found.author is None
    finally:
        await h.close()


async def test_tags_are_the_communitys_and_for_community_moderators(tmp_path: Path) -> None:
    h = await Harness.create(
        tmp_path / "db", moderators=FakeModerators(rooms={"hier": {"rami"}}), community={"cora"}
    )
    try:
        store = h.app.store
        await store.save_room(
            RoomSettings("console", "hier", "Hier", tags=["kiel"], community=True)
        )
        await store.save_room(RoomSettings("console", "fremd", "Fremd", tags=["olga"]))
        offered = joined(await h.say("/announce Treffen", user="Cora"))
        assert "kiel" in offered and "olga" not in offered, "a tag of an unapproved room is none"
        await h.choose("ann:tag:0", user="Cora")
        await h.choose("ann:send", user="Cora")
        assert [t.chat.id for t in await store.targets_of(1)] == ["hier"]
        mine = joined(await h.say("/announce Treffen", user="Rami", room="Hier"))
        assert "kiel" not in mine, "a room moderator reaches their room only"
    finally:
        await h.close()
