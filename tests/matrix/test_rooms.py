"""Rooms on a real Synapse: invites, the introduction, welcomes (once, also after a restart)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.settings import BUNDLED_CONTENT
from core.content.texts import Texts
from core.kernel.messages import ChatRef, DeleteMessage, Pin, Platform
from tests.matrix.people import Scene
from tests.support.synapse import Synapse

pytestmark = pytest.mark.integration

TEXTS = Texts(load_checked_content(BUNDLED_CONTENT).texts)


def first_line(key: str, lang: str = "de") -> str:
    return TEXTS.get(key, lang).splitlines()[0]


async def test_bot_accepts_invite_and_introduces_itself(synapse: Synapse, tmp_path: Path) -> None:
    async with Scene(synapse, tmp_path) as scene:
        bot = await scene.bot()
        anna = await scene.person("anna")
        room = await anna.create_room(invite=(bot.user_id,))
        intro = await anna.wait_for(room, lambda m: m.sender == bot.user_id)
        assert intro.body.startswith(first_line("welcome.introduction"))
        assert intro.source["content"]["msgtype"] == "m.notice"
        assert intro.source["content"]["m.mentions"] == {"user_ids": []}


async def test_invite_from_outside_autojoin_is_declined(synapse: Synapse, tmp_path: Path) -> None:
    async with Scene(synapse, tmp_path) as scene:
        anna = await scene.person("anna")
        bot = await scene.bot(autojoin=":elsewhere.example")
        room = await anna.create_room(invite=(bot.user_id,))

        def declined() -> bool:
            known = anna.client.rooms.get(room)
            return known is not None and bot.user_id not in known.users

        await anna.wait_until(declined)
        assert await anna.quiet(room, 0.5, 0) == []


async def test_join_is_welcomed_once_also_after_restart(synapse: Synapse, tmp_path: Path) -> None:
    async with Scene(synapse, tmp_path) as scene:
        bot = await scene.bot()
        anna = await scene.person("anna")
        room = await anna.create_room(invite=(bot.user_id,))
        other_room = await anna.create_room(name="Zweiter Raum", invite=(bot.user_id,))
        await anna.wait_for(room, lambda m: m.sender == bot.user_id)
        await anna.wait_for(other_room, lambda m: m.sender == bot.user_id)
        assert bot.adapter is not None and bot.adapter.session is not None
        device = bot.adapter.session.device_id
        assert bot.adapter.client is not None
        devices_before = {d.id for d in (await bot.adapter.client.devices()).devices}

        ben = await scene.person("ben")
        await ben.client.set_displayname("Ben <b>Bold</b>")
        mark = len(anna.seen)
        await ben.join(room)
        welcome = await anna.wait_for(
            room, lambda m: m.sender == bot.user_id and "Ben" in m.body, after=mark
        )
        content = welcome.source["content"]
        assert content["m.mentions"] == {"user_ids": [ben.user_id]}
        assert "Ben <b>Bold</b>" in content["body"]
        assert "&lt;b&gt;Bold&lt;/b&gt;" in content["formatted_body"]
        assert "<b>Bold</b>" not in content["formatted_body"]
        assert "!einstieg" in content["body"]

        await bot.restart()
        assert bot.adapter.session is not None
        assert bot.adapter.session.device_id == device, "a restart is the same device"
        saved = json.loads((bot.folder / "matrix-store" / "session.json").read_text())
        assert saved["device_id"] == device
        assert bot.adapter.client is not None
        devices_after = {d.id for d in (await bot.adapter.client.devices()).devices}
        assert device in devices_after and devices_after == devices_before, "no new device"

        # a quiet room, so the welcome is not held back to be combined with Ben's
        cem = await scene.person("cem")
        mark = len(anna.seen)
        await cem.join(other_room)
        await anna.wait_for(
            other_room, lambda m: m.sender == bot.user_id and "cem" in m.body, after=mark
        )
        welcomes_for_ben = [m for m in anna.seen if m.sender == bot.user_id and "Ben" in m.body]
        assert len(welcomes_for_ben) == 1


async def test_history_before_the_first_sync_is_not_answered(
    synapse: Synapse, tmp_path: Path
) -> None:
    async with Scene(synapse, tmp_path) as scene:
        anna = await scene.person("anna")
        ben = await scene.person("ben")
        bot_account = scene.account("lagerfeuer")
        room = await anna.create_room(invite=(bot_account.user_id,))
        await anna.say(room, "!start")
        await ben.join(room)
        await anna.say(room, f"{bot_account.user_id}: wo fange ich an?")

        bot = await scene.bot(account=bot_account)
        intro = await anna.wait_for(room, lambda m: m.sender == bot.user_id)
        assert intro.body.startswith(first_line("welcome.introduction"))
        from_bot = [m for m in await anna.quiet(room, 1.5, 0) if m.sender == bot.user_id]
        assert from_bot == [intro], "only the introduction, no answer to history"


async def test_delete_is_a_redaction_and_pin_sets_pinned_events(
    synapse: Synapse, tmp_path: Path
) -> None:
    async with Scene(synapse, tmp_path) as scene:
        bot = await scene.bot()
        anna = await scene.person("anna")
        # pinning is a state change: the bot needs the power a room gives its moderators
        room = await anna.create_room(invite=(bot.user_id,), power={"users": {bot.user_id: 50}})
        intro = await anna.wait_for(room, lambda m: m.sender == bot.user_id)
        assert bot.adapter is not None
        chat = ChatRef(Platform.MATRIX, room, is_private=False)

        await bot.adapter.perform([Pin(chat, intro.event_id)])
        state = await anna.client.room_get_state_event(room, "m.room.pinned_events")
        assert state.content["pinned"] == [intro.event_id]

        await bot.adapter.perform([DeleteMessage(chat, intro.event_id)])
        event = await anna.client.room_get_event(room, intro.event_id)
        assert event.event.source.get("unsigned", {}).get("redacted_because"), "redacted"
