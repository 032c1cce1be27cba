"""The community's boundary on Matrix, against a real Synapse, with `LAGERFEUER_MATRIX_AUTOJOIN`
empty (anyone may invite the bot).

Olga invites the bot to a room of her own; as its creator she moderates that room and nothing
else: no announcement beyond it, no unanswered questions, no list or cancel of Cora's
announcement. Cora is a community moderator (the operator's list). A Space is never a target.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from nio import RoomCreateResponse

from adapters.channels.matrix.render import matrix_commands
from core.announcements.outbox import AnnouncementState
from core.announcements.service import rooms_for
from tests.community.test_who_may import TEXTS
from tests.matrix.people import Bot, Person, Scene, Seen
from tests.support.synapse import Synapse
from tests.support.words import COMMAND_WORDS

pytestmark = pytest.mark.integration


def text(key: str, **params: object) -> str:
    """A German text as the bot writes it on Matrix (commands as `!name`)."""
    return matrix_commands(TEXTS.get(key, "de", **params), COMMAND_WORDS)


async def ask(person: Person, room: str, bot: Bot, said: str, expected: str) -> Seen:
    """Say `said`, and wait for the bot's message in `room` that contains `expected`."""
    mark = len(person.seen)
    await person.say(room, said)
    return await person.wait_for(
        room, lambda m: m.sender == bot.user_id and expected in m.body, after=mark
    )


async def dm(person: Person, bot: Bot) -> str:
    """A direct chat with the bot, once the bot's greeting arrived in it."""
    room = await person.create_room(name=None, invite=(bot.user_id,), direct=True)
    await person.wait_for(room, lambda m: m.sender == bot.user_id)
    return room


async def test_an_outsider_who_invites_the_bot_moderates_only_her_room(
    synapse: Synapse, tmp_path: Path
) -> None:
    async with Scene(synapse, tmp_path) as scene:
        cora, olga, sina = [await scene.person(name) for name in ("cora", "olga", "sina")]
        bot = await scene.bot(moderators=f"matrix:{cora.user_id}")
        assert bot.app is not None
        store = bot.app.store

        # Cora's room belongs at once; Olga's waits for a community moderator
        kiel = await cora.create_room(name="Kieler Runde", invite=(bot.user_id,))
        belongs = text("community.added_by_moderator", room="Kieler Runde")
        await cora.wait_for(kiel, lambda m: m.sender == bot.user_id and belongs in m.body)
        own = await olga.create_room(name="Olgas Raum", invite=(bot.user_id,))
        intro = await olga.wait_for(own, lambda m: m.sender == bot.user_id)
        assert text("community.waiting") in intro.body
        assert await ask(olga, own, bot, "1", text("common.community_only")), "her own button"

        # a subscriber, a question nobody could answer, and Cora's scheduled announcement
        sina_dm = await dm(sina, bot)
        await ask(sina, sina_dm, bot, "!abonnieren", text("subscribe.on"))
        question = "Ich bin Sina, Musterweg 1: wer leiht mir einen Beamer?"
        await ask(sina, sina_dm, bot, question, text("answers.unknown"))
        cora_dm = await dm(cora, bot)
        await ask(cora, cora_dm, bot, "!announce at 2026-12-24 10:00 Weihnachtsfeier", "Vorschau")
        await ask(cora, cora_dm, bot, "1", "Chats im Moment: 1.")  # all rooms: only Kieler Runde
        await ask(cora, cora_dm, bot, "1", "#1")

        # Olga tries: in her room only "this room" is offered
        preview = await ask(olga, own, bot, "!announce Werbung für Olga", "Vorschau")
        assert "Nur dieser Raum" in preview.body and "Alle Räume" not in preview.body
        assert "Abonnent" not in preview.body
        await ask(olga, own, bot, "!announcements", TEXTS.get("announce.list_empty", "de"))
        await ask(olga, own, bot, "!announce cancel 1", text("announce.not_yours", id=1))
        olga_dm = await dm(olga, bot)
        private = text("common.moderators_only_private")
        await ask(olga, olga_dm, bot, "!announce Werbung", private)
        await ask(olga, olga_dm, bot, "!offenefragen", text("common.community_only"))
        await ask(olga, olga_dm, bot, "!announcements", private)
        await ask(olga, olga_dm, bot, "!announce cancel 1", private)

        # nothing announced, nothing read, nothing cancelled
        first = await store.get_announcement(1)
        assert first is not None and first.state is AnnouncementState.SCHEDULED
        assert await store.get_announcement(2) is None, "no announcement of hers was queued"
        seen_by_olga = " ".join(m.body for m in olga.seen if m.sender == bot.user_id)
        for secret in ("Beamer", "Musterweg", "Weihnachtsfeier", "Kieler Runde"):
            assert secret not in seen_by_olga, secret

        # Olga is no moderator in Cora's room; Cora takes Olga's room in
        await olga.join(kiel)
        for person in (olga, cora):  # both clients know of the join
            await person.wait_joined(kiel, olga.user_id)
        await ask(olga, kiel, bot, "!settings", text("common.moderators_only"))
        await ask(olga, own, bot, "!settings", TEXTS.get("settings.title", "de", room="Olgas Raum"))
        await cora.join(own)
        for person in (olga, cora):
            await person.wait_joined(own, cora.user_id)
        await ask(cora, own, bot, "!gemeinschaft beitreten", "gehört jetzt zur Gemeinschaft")
        questions = await ask(cora, cora_dm, bot, "!offenefragen", "Beamer")
        assert "Ich bin Sina, [Adresse]: wer leiht mir einen Beamer?" in questions.body, "masked"
        assert {c.id for c in await rooms_for(store, "all")} == {kiel, own}


async def test_a_space_is_never_a_target_nor_counted(synapse: Synapse, tmp_path: Path) -> None:
    async with Scene(synapse, tmp_path) as scene:
        cora = await scene.person("cora")
        bot = await scene.bot(moderators=f"matrix:{cora.user_id}")
        assert bot.app is not None and bot.adapter is not None
        kiel = await cora.create_room(name="Kieler Runde", invite=(bot.user_id,))
        await cora.wait_for(kiel, lambda m: m.sender == bot.user_id)
        answer = await cora.client.room_create(
            name="Unser Bereich", invite=[bot.user_id], space=True
        )
        assert isinstance(answer, RoomCreateResponse), answer
        space = str(answer.room_id)
        await cora.wait_joined(space, bot.user_id)
        client = bot.adapter.client
        assert client is not None
        await cora.wait_until(lambda: space in client.rooms)
        handled = bot.adapter.syncs
        await cora.wait_until(lambda: bot.adapter is not None and bot.adapter.syncs > handled)

        row = await bot.app.store.get_room("matrix", space)
        assert row is None or not row.active, "the Space is no room of the bot's"
        assert [c.id for c in await rooms_for(bot.app.store, "all")] == [kiel]
        cora_dm = await dm(cora, bot)
        await ask(cora, cora_dm, bot, "!announce Sommerfest", "Vorschau")
        await ask(cora, cora_dm, bot, "1", "Chats: 1.")
