"""Refusals say what is true where they are given: a private chat is no room."""

from __future__ import annotations

from core.kernel.messages import Reply
from tests.harness import Harness


async def test_a_moderator_command_refused_in_private_chat_names_no_room(
    harness: Harness,
) -> None:
    for command in ("/unanswered", "/announce Hallo", "/announcements"):
        refusal = await harness.say(command, user="Bob")
        assert len(refusal) == 1 and isinstance(refusal[0], Reply)
        assert "Moderat" in refusal[0].text
        assert "Raum" not in refusal[0].text and "room" not in refusal[0].text.lower()
    await harness.say("/language en", user="Bob")
    refusal = await harness.say("/unanswered", user="Bob")
    assert isinstance(refusal[0], Reply) and "moderators" in refusal[0].text
    assert "room" not in refusal[0].text.lower()


async def test_in_a_room_the_refusal_changes_nothing(harness: Harness) -> None:
    refusal = await harness.say("/settings welcome off", user="Bob", room="Treff")
    assert isinstance(refusal[0], Reply) and "Moderat" in refusal[0].text
    room = await harness.app.store.get_room("console", "treff")
    assert room is None or room.welcome_enabled
