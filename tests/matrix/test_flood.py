"""Flood protection on Matrix against a real Synapse: a person who floods the bot gets one
notice and no backlog, and another person is answered meanwhile. Counts, never durations."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.settings import BUNDLED_CONTENT
from adapters.storage.store import SqliteStore
from core.content.texts import Texts
from tests.matrix.people import Bot, Scene
from tests.support.synapse import Synapse

pytestmark = pytest.mark.integration

TEXTS = Texts(load_checked_content(BUNDLED_CONTENT).texts)
NOTICE = TEXTS.get("operations.slow_down", "de")
FLOOD = 100


def store_of(bot: Bot) -> SqliteStore:
    assert bot.app is not None
    return bot.app.store


async def handled(bot: Bot, event_id: str, within: float = 60) -> None:
    """Until the bot has taken the event in (its id is claimed in the store)."""
    store = store_of(bot)
    deadline = asyncio.get_running_loop().time() + within
    while not await store.event_claimed(f"mx:{event_id}"):
        assert asyncio.get_running_loop().time() < deadline, "the flood was never read"
        await asyncio.sleep(0.05)


async def test_a_flood_in_a_dm_gets_one_notice_and_another_person_is_answered(
    synapse: Synapse, tmp_path: Path
) -> None:
    async with Scene(synapse, tmp_path) as scene:
        bot = await scene.bot()
        anna, ben = await scene.person("anna"), await scene.person("ben")
        anna_dm = await anna.create_room(name=None, invite=(bot.user_id,), direct=True)
        ben_dm = await ben.create_room(name=None, invite=(bot.user_id,), direct=True)
        await anna.wait_for(anna_dm, lambda m: m.sender == bot.user_id)
        await ben.wait_for(ben_dm, lambda m: m.sender == bot.user_id)
        mark_anna, mark_ben = len(anna.seen), len(ben.seen)
        last = ""
        for n in range(FLOOD):
            last = await anna.say(anna_dm, f"Hallo {n}")
        await ben.say(ben_dm, "!datenschutz")
        await ben.wait_for(ben_dm, lambda m: m.sender == bot.user_id, after=mark_ben)
        await anna.wait_for(anna_dm, lambda m: m.body == NOTICE, after=mark_anna)
        await handled(bot, last)
        await anna.caught_up()
        to_anna = [m for m in anna.seen[mark_anna:] if m.room_id == anna_dm]
        assert [m.body for m in to_anna].count(NOTICE) == 1, "told once to slow down"
        replies = [m for m in to_anna if m.sender == bot.user_id]
        assert len(replies) <= 31, f"{len(replies)} replies to {FLOOD}: the backlog was not dropped"
