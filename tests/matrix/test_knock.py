"""Rules and knocks on a real Synapse: a room that asks newcomers to confirm its rules says so
in the welcome, and `!regeln` in a DM confirms them; in a room whose join rule is `knock`, a
knock opens a private chat with the rules; "Gelesen und einverstanden" invites the person,
who is then welcomed; without a confirmation the knock is turned down after the wait, with
the reason shown."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.harness import FakeClock
from tests.matrix.people import Bot, Person, Scene
from tests.matrix.test_boundary import ask, dm, text
from tests.support.synapse import Synapse

pytestmark = pytest.mark.integration

DAY = 24 * 3600 + 1


async def tick(bot: Bot, clock: FakeClock, seconds: float) -> None:
    """Move the core's clock and carry out what its timers produce."""
    assert bot.app is not None and bot.adapter is not None
    clock.advance(seconds)
    await bot.adapter.perform(await bot.app.assistant.tick())


async def rules_in_new_dm(person: Person, bot: Bot) -> str:
    """The private chat the bot opened after a knock, once the rules arrived in it."""
    await person.wait_until(lambda: bool(person.client.invited_rooms))
    dm = str(next(iter(person.client.invited_rooms)))
    await person.join(dm)
    await person.wait_for(
        dm, lambda m: m.sender == bot.user_id and "Gelesen und einverstanden" in m.body
    )
    return dm


async def test_a_knock_is_answered_with_the_rules_then_an_invite_or_a_decline(
    synapse: Synapse, tmp_path: Path
) -> None:
    async with Scene(synapse, tmp_path) as scene:
        cora, ben, dana = [await scene.person(name) for name in ("cora", "ben", "dana")]
        clock = FakeClock(datetime.now(UTC))
        bot = await scene.bot(moderators=f"matrix:{cora.user_id}", clock=clock, ticking=False)
        room = await cora.create_room(
            name="Kieler Runde", invite=(bot.user_id,), power={"users": {bot.user_id: 50}}
        )
        belongs = text("community.added_by_moderator", room="Kieler Runde")
        await cora.wait_for(room, lambda m: m.sender == bot.user_id and belongs in m.body)
        await cora.client.room_enable_knocking(room)
        await ask(cora, room, bot, "!einstellungen anfragen an", "Aufnahme): an")

        await ben.client.room_knock(room)
        dm = await rules_in_new_dm(ben, bot)
        await ask(ben, dm, bot, "1", "Deine Anfrage für „Kieler Runde“ ist angenommen")
        await ben.wait_until(lambda: room in ben.client.invited_rooms)
        await ben.join(room)
        await cora.wait_joined(room, ben.user_id)
        mark = len(cora.seen)
        await tick(bot, clock, 60)
        await cora.wait_for(room, lambda m: m.sender == bot.user_id and "ben" in m.body, mark)

        await dana.client.room_knock(room)
        dana_dm = await rules_in_new_dm(dana, bot)
        await tick(bot, clock, DAY)
        told = await dana.wait_for(dana_dm, lambda m: "abgelehnt" in m.body)
        assert "nicht innerhalb von 24 Stunden bestätigt" in told.body
        answer = await cora.client.room_get_state_event(room, "m.room.member", dana.user_id)
        content = getattr(answer, "content", {})
        assert content.get("membership") == "leave", "the knock was turned down"
        assert "nicht innerhalb von 24 Stunden" in str(content.get("reason", ""))


async def test_a_newcomer_confirms_the_rules_in_a_dm(synapse: Synapse, tmp_path: Path) -> None:
    async with Scene(synapse, tmp_path) as scene:
        cora, ben = [await scene.person(name) for name in ("cora", "ben")]
        bot = await scene.bot(moderators=f"matrix:{cora.user_id}")
        room = await cora.create_room(name="Kieler Runde", invite=(bot.user_id,))
        await cora.wait_for(room, lambda m: m.sender == bot.user_id)
        await ask(
            cora, room, bot, "!einstellungen bestaetigen an", "Neue bestätigen die Regeln: an"
        )
        mark = len(cora.seen)
        await ben.join(room)
        welcome = await cora.wait_for(
            room,
            lambda m: m.sender == bot.user_id and "privat bei mir zu bestätigen" in m.body,
            mark,
        )
        assert "tippe dort !regeln" in welcome.body, "Matrix has no deep link: the way in words"
        private = await dm(ben, bot)
        shown = await ask(ben, private, bot, "!regeln", "Die Regeln von „Kieler Runde“:")
        assert "Gelesen und einverstanden" in shown.body
        await ask(ben, private, bot, "1", "Du hast die Regeln von „Kieler Runde“ bestätigt")
