"""In a room, choices belong to the person they were offered to: typed numbers and presses."""

from __future__ import annotations

from pathlib import Path

from core.kernel.choices import split_owner
from core.kernel.messages import Action, Reply
from tests.community.test_who_may import TEXTS
from tests.harness import FakeModerators, Harness, joined


def choices_of(actions: list[Action]) -> list[str]:
    return [c.value for a in actions if isinstance(a, Reply) for c in a.choices]


async def test_a_members_number_after_a_moderators_list_answers_nothing(tmp_path: Path) -> None:
    h = await Harness.create(tmp_path / "db", moderators=FakeModerators(rooms={"treff": {"rami"}}))
    try:
        await h.say("/start", user="Mats", room="Treff")  # Mats's own list comes first
        overview = await h.say("/settings", user="Rami", room="Treff")
        assert choices_of(overview)
        room = await h.app.store.get_room("console", "treff")
        assert room is not None and room.welcome_enabled

        assert await h.say("2", user="Mats", room="Treff", addressed=True) == [], (
            "neither Rami's list (not his) nor Mats's own older list"
        )
        assert await h.say("1", user="Mats", room="Treff", addressed=True) == []
        room = await h.app.store.get_room("console", "treff")
        assert room is not None and room.welcome_enabled, "nothing changed"

        saved = joined(await h.say("1", user="Rami", room="Treff", addressed=True))
        assert TEXTS.get("settings.saved", "de") in saved, "Rami's number answers Rami's list"
    finally:
        await h.close()


async def test_a_press_on_someone_elses_buttons_is_refused(tmp_path: Path) -> None:
    h = await Harness.create(
        tmp_path / "db",
        moderators=FakeModerators(rooms={"treff": {"rami", "rita"}}),
    )
    try:
        overview = await h.say("/settings", user="Rami", room="Treff")
        welcome_off = next(v for v in choices_of(overview) if v.startswith("set:welcome="))
        assert split_owner(welcome_off)[1] is not None, "the button carries whose it is"
        for other in ("Mats", "Rita"):  # a member, and even another moderator of the room
            refused = joined(await h.choose(welcome_off, user=other, room="Treff"))
            assert refused == TEXTS.get("common.not_your_choice", "de")
        room = await h.app.store.get_room("console", "treff")
        assert room is not None and room.welcome_enabled
        await h.choose(welcome_off, user="Rami", room="Treff")
        room = await h.app.store.get_room("console", "treff")
        assert room is not None and not room.welcome_enabled
    finally:
        await h.close()


async def test_a_members_own_menu_is_answered_by_their_own_number(harness: Harness) -> None:
    await harness.say("/start", user="Mats", room="Treff")
    answered = await harness.say("3", user="Mats", room="Treff", addressed=True)
    assert answered and joined(answered) != TEXTS.get("common.not_your_choice", "de")
