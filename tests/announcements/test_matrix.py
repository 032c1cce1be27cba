"""Announcements on a real Synapse with its default rate limits, also from Telegram."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.announcements.outbox import Audience, NewTarget, Target, TargetState
from core.announcements.sender import Delivery
from core.announcements.service import queue
from core.kernel.messages import ChatRef, Platform
from tests.announcements.service_rig import Running, settings_for
from tests.matrix.people import Person, Scene
from tests.support.botapi import BotApiServer, FloodLimits, Sent
from tests.support.synapse import Synapse

pytestmark = pytest.mark.integration

ROOMS = 6
"""Rooms the bot joins; with the introductions and two announcements its sends exceed
Synapse's default burst of 10 messages (then 1 each 5 s)."""


@pytest.fixture(scope="module")
def default_synapse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synapse]:
    server = Synapse(tmp_path_factory.mktemp("synapse-defaults"), raise_limits=False)
    server.start()
    try:
        yield server
    finally:
        server.stop()


async def test_telegram_moderator_reaches_matrix_rooms_within_default_limits(
    default_synapse: Synapse, botapi: BotApiServer, tmp_path: Path
) -> None:
    botapi.flood = FloodLimits()
    async with Scene(default_synapse, tmp_path) as scene:
        account = scene.account("lagerfeuer")
        anna = await scene.person("anna")
        # Mia and Anna moderate the community: the rooms Anna invites the bot to belong to it
        moderators = f"telegram:700,matrix:{anna.user_id}"
        bot = await Running(
            settings_for(tmp_path / "bot", botapi, (default_synapse, account), moderators)
        ).start()
        try:
            rooms = [
                await anna.create_room(name=f"Raum {i}", invite=(account.user_id,))
                for i in range(ROOMS)
            ]
            for room in rooms:
                await anna.wait_for(room, lambda m: m.sender == account.user_id)
            mia = botapi.user(700, "Mia")
            group = botapi.group(-100700, "Telegram-Gruppe", admins=[mia])
            await botapi.bot_status(group, mia, "left", "administrator")  # Mia adds the bot
            await bot.until(lambda: any("Gemeinschaft" in s.text for s in botapi.sent))
            await botapi.message(group, mia, "/announce Sommerfest am **Samstag**")
            preview = await _bot_said(bot, botapi, -100700, "Vorschau")
            [to_all] = [b for b in preview.buttons() if b["text"].startswith("Alle Räume")]
            await botapi.press(preview, mia, to_all["callback_data"])
            confirm = await _bot_said(bot, botapi, -100700, "Bestätigen?")
            assert f"Chats: {ROOMS + 1}" in confirm.text
            [send] = [b for b in confirm.buttons() if b["text"] == "Jetzt bestätigen"]
            await botapi.press(confirm, mia, send["callback_data"])

            report = await _bot_said(bot, botapi, -100700, "Bericht zu", within=90)
            assert f"{ROOMS + 1} von {ROOMS + 1}" in report.text
            for room in rooms:
                got = await anna.wait_for(room, lambda m: m.body == "Sommerfest am Samstag")
                assert got.source["content"]["msgtype"] == "m.notice"
                assert "<b>Samstag</b>" in got.source["content"]["formatted_body"]
            assert [s.body for s in anna.seen].count("Sommerfest am Samstag") == ROOMS
            assert botapi.messages_to(-100700)[-2].text == "Sommerfest am Samstag"
            assert botapi.rejected_floods == 0

            assert bot.app is not None
            store, now = bot.app.store, bot.app.clock.now()
            chats = [ChatRef(Platform.MATRIX, room, False) for room in rooms]
            second = await queue(
                store,
                text="Zweite Runde",
                audience=Audience.ALL,
                targets=[NewTarget(chat) for chat in chats],
                now=now,
                send_at=None,
            )
            for room in rooms:
                await anna.wait_for(room, lambda m: m.body == "Zweite Runde", within=90)
            tries = [t.attempts for i in (1, second) for t in await store.targets_of(i)]
            assert max(tries) > 1, "Synapse's M_LIMIT_EXCEEDED was met and waited out"
            assert [s.body for s in anna.seen].count("Zweite Runde") == ROOMS
        finally:
            await bot.stop()


async def test_matrix_moderators_and_a_resume_that_never_doubles(
    default_synapse: Synapse, tmp_path: Path
) -> None:
    async with Scene(default_synapse, tmp_path) as scene:
        account = scene.account("lagerfeuer")
        settings = settings_for(tmp_path / "bot", None, (default_synapse, account))
        bot = await Running(settings).start()
        try:
            anna, rooms, first, sent = await _moderators_then_a_send_cut_short(scene, bot)
        finally:
            await bot.stop()  # the mark after the send never happened

        again = await Running(settings).start()
        try:
            assert again.app is not None
            await again.until(
                lambda: len([s for s in anna.seen if s.body == "Einmal"]) >= len(rooms), 60
            )
            doubled = await anna.quiet(first.chat.id, 2.0, 0)
            assert [s.body for s in doubled].count("Einmal") == 1, "the repeat was dropped"
            final = await again.app.store.targets_of(first.announcement_id)
            assert {t.state for t in final} == {TargetState.SENT}
            assert [t.message_id for t in final if t.chat == first.chat] == [sent.message_id]
        finally:
            await again.stop()


async def _moderators_then_a_send_cut_short(
    scene: Scene, bot: Running
) -> tuple[Person, list[str], Target, Delivery]:
    """Non-moderator refused, moderator previewed; then one target sent and not marked."""
    assert bot.app is not None and bot.worker is not None
    bot_id = bot.settings.matrix_user_id
    anna = await scene.person("anna")
    rooms = [await anna.create_room(invite=(str(bot_id),)) for _ in range(3)]
    for room in rooms:
        await anna.wait_for(room, lambda m: m.sender == bot_id)
    ben = await scene.person("ben")
    await ben.join(rooms[0])
    await ben.wait_joined(rooms[0], ben.user_id)
    seen = len(ben.seen)
    await ben.say(rooms[0], "!announce Ich bin kein Moderator")
    refusal = await ben.wait_for(
        rooms[0], lambda m: m.sender == bot_id and "Moderator" in m.body, seen
    )  # a member below the kick level is refused (his welcome may come before or after)
    await anna.wait_for(rooms[0], lambda m: m.event_id == refusal.event_id)
    seen = len(anna.seen)
    await anna.say(rooms[0], "!ankuendigen Probe")
    preview = await anna.wait_for(
        rooms[0], lambda m: m.sender == bot_id and "Vorschau" in m.body, seen
    )
    assert "Vorschau" in preview.body and "Nur dieser Raum" in preview.body, "the creator may"
    assert "Alle Räume" not in preview.body, "to her room only: she moderates no community"
    store, clock = bot.app.store, bot.app.clock
    assert await store.list_announcements(clock.now(), 5) == []

    bot.worker.stop()  # deliver one by hand below, the way a crashed process left it
    targets = [NewTarget(ChatRef(Platform.MATRIX, room, False)) for room in rooms]
    ident = await queue(
        store, text="Einmal", audience=Audience.ALL, targets=targets, now=clock.now(), send_at=None
    )
    first = (await store.targets_of(ident))[0]
    assert await store.claim_target(first, clock.now())
    [announcer] = [adapter.announcement_sender for adapter in bot.adapters]
    sent = await announcer.deliver(first.chat, "Einmal", None, first.key, False)
    await anna.wait_for(first.chat.id, lambda m: m.body == "Einmal")
    return anna, rooms, first, sent


async def _bot_said(
    bot: Running, botapi: BotApiServer, chat_id: int, words: str, within: float = 30
) -> Sent:
    """The first message the bot sent to `chat_id` that contains `words` (not "the next one")."""

    def said() -> Sent | None:
        return next((m for m in botapi.messages_to(chat_id) if words in m.text), None)

    await bot.until(lambda: said() is not None, within=within)
    found = said()
    assert found is not None
    return found
