"""Who may change room settings on Matrix: power level at the `kick` level, and v12 creators."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.bootstrap import load_checked_content
from adapters.settings import BUNDLED_CONTENT
from core.texts import Texts
from tests.matrix.people import Person, Scene
from tests.support.synapse import Synapse

pytestmark = pytest.mark.integration

TEXTS = Texts(load_checked_content(BUNDLED_CONTENT).texts)


async def ask(person: Person, room: str, bot: str, text: str) -> str:
    mark = len(person.seen)
    await person.say(room, text)
    return (await person.wait_for(room, lambda m: m.sender == bot, after=mark)).body


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
        assert (await ask(anna, room, bot.user_id, "!settings")).startswith(overview)
        assert (await ask(mod, room, bot.user_id, "!einstellungen")).startswith(overview)
        assert (await ask(member, room, bot.user_id, "!settings")) == refusal
