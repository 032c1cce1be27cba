"""Who may change room settings on Matrix: power level at the `kick` level, and v12 creators."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.settings import BUNDLED_CONTENT
from core.content.texts import Texts
from tests.matrix.people import Person, Scene
from tests.support.synapse import Synapse

pytestmark = pytest.mark.integration

TEXTS = Texts(load_checked_content(BUNDLED_CONTENT).texts)


async def ask(person: Person, room: str, bot: str, text: str, expected: str) -> list[str]:
    """Say `text`, wait for the bot's message starting with `expected`; all bot messages since."""
    mark = len(person.seen)
    await person.say(room, text)
    await person.wait_for(
        room, lambda m: m.sender == bot and m.body.startswith(expected), after=mark
    )
    return [m.body for m in person.seen[mark:] if m.sender == bot and m.room_id == room]


async def test_creator_and_power_level_moderate_members_are_refused(
    synapse: Synapse, tmp_path: Path
) -> None:
    async with Scene(synapse, tmp_path) as scene:
        bot = await scene.bot()
        anna = await scene.person("anna")
        mod = await scene.person("mod")
        member = await scene.person("member")
        room = await anna.create_room(
            invite=(bot.user_id,), power={"users": {mod.user_id: 50}, "kick": 50}
        )
        version = anna.client.rooms[room].room_version
        assert int(version) >= 12, "Synapse creates room version 12 rooms by default"
        await anna.wait_for(room, lambda m: m.sender == bot.user_id)
        for person in (mod, member):
            await person.join(room)
            await anna.wait_joined(room, person.user_id)

        overview = TEXTS.get("settings.title", "de", room="Netzwerk")
        refusal = TEXTS.get("common.moderators_only", "de")
        assert await ask(anna, room, bot.user_id, "!settings", overview)
        # the settings' numbered choices are answered by typing the number in the room
        assert await ask(anna, room, bot.user_id, "1", TEXTS.get("settings.saved", "de"))
        assert await ask(mod, room, bot.user_id, "!einstellungen", overview)
        answers = await ask(member, room, bot.user_id, "!settings", refusal)
        assert not [body for body in answers if body.startswith(overview)]
