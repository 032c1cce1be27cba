"""The starter plan's rooms on a real Synapse: a public room's alias as a matrix.to link, a
public room without one by its id, and never an invite-only room or one outside the
community."""

from __future__ import annotations

import uuid
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.matrix.people import Scene
from tests.matrix.test_boundary import ask, dm, text
from tests.support.synapse import Synapse

pytestmark = pytest.mark.integration

ROOMS = "Und hier in unserer Community"


async def test_plan_offers_a_public_room_by_its_alias_on_matrix_to(
    synapse: Synapse, tmp_path: Path
) -> None:
    async with Scene(synapse, tmp_path) as scene:
        cora = await scene.person("cora")
        bot = await scene.bot(moderators=f"matrix:{cora.user_id}")
        olga, anna = await scene.person("olga"), await scene.person("anna")
        local = f"ehrenamt-koeln-{uuid.uuid4().hex[:8]}"
        server = cora.user_id.partition(":")[2]
        rooms = {
            "köln": await cora.create_room(
                name="Ehrenamt Köln", alias=local, invite=(bot.user_id,)
            ),
            "bonn": await cora.create_room(name="Ehrenamt <i>Bonn</i>", invite=(bot.user_id,)),
            "privat": await cora.create_room(
                name="Ehrenamt Privat", private=True, invite=(bot.user_id,)
            ),
            "fremd": await olga.create_room(name="Olgas Ehrenamt", invite=(bot.user_id,)),
        }
        for key, room in rooms.items():
            owner = olga if key == "fremd" else cora
            await owner.wait_for(room, lambda m: m.sender == bot.user_id)
            await ask(owner, room, bot, "!einstellungen tags ehrenamt, vor-ort", "Gespeichert")

        chat = await dm(anna, bot)
        await ask(anna, chat, bot, "!einstieg", text("onboarding.role.question"))
        await ask(anna, chat, bot, "ehrenamtlich", text("onboarding.setting.question"))
        await ask(anna, chat, bot, "vor Ort", text("onboarding.channels.question"))
        await ask(anna, chat, bot, "Treffen", text("onboarding.channels.question"))
        await ask(anna, chat, bot, "fertig", text("onboarding.time.question"))
        plan = await ask(anna, chat, bot, "ein paar Stunden", ROOMS)

        alias_link = f"https://matrix.to/#/{quote('#' + local + ':' + server, safe='')}"
        id_link = f"https://matrix.to/#/{quote(rooms['bonn'], safe='!')}?via={quote(server)}"
        lines = plan.body.splitlines()
        assert f"• Ehrenamt <i>Bonn</i>: {id_link}" in lines
        assert f"• Ehrenamt Köln: {alias_link}" in lines
        assert alias_link.startswith("https://matrix.to/#/%23ehrenamt-koeln-")
        assert (
            f'<a href="{alias_link}">Ehrenamt Köln</a>' in plan.source["content"]["formatted_body"]
        )
        assert "Ehrenamt &lt;i&gt;Bonn&lt;/i&gt;" in plan.source["content"]["formatted_body"]
        assert "Stell dich im Raum „Ehrenamt <i>Bonn</i>“ kurz vor" in plan.body
        assert "Privat" not in plan.body, "an invite-only room is never offered"
        assert "Olgas" not in plan.body, "a room outside the community is never offered"
