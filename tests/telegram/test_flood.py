"""Flood protection on the real adapter: decided as updates arrive, not after paced sends.

The core reads the system clock here, and sends are paced at Telegram's real limits (1 a
second in a private chat, 20 a minute in a group), so a backlog behaves as it would in
service. What is asserted are counts and order, never durations.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.channels.telegram.pacing import Limits
from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.settings import BUNDLED_CONTENT
from core.content.texts import Texts
from tests.support.botapi import BotApiServer
from tests.telegram.rig import Rig

pytestmark = pytest.mark.integration

TELEGRAM = Limits()
"""Telegram's own limits, unshortened."""


TEXTS = Texts(load_checked_content(BUNDLED_CONTENT).texts)


def notice(language: str = "de") -> str:
    return TEXTS.get("operations.slow_down", language)


async def test_a_thousand_private_messages_get_one_notice_and_no_backlog(
    botapi: BotApiServer, tmp_path: Path
) -> None:
    rig = await Rig.start(botapi, tmp_path / "bot.db", limits=TELEGRAM, real_time=True)
    try:
        anna, ben = botapi.user(1301, "Anna"), botapi.user(1302, "Ben")
        for n in range(1000):
            await botapi.message(botapi.chats[1301], anna, f"Hallo {n}")
        await rig.do(botapi.message(botapi.chats[1302], ben, "/datenschutz"), updates=1001)
        await rig.until(lambda: rig.adapter.queues.busy == 0, within=60)
        inbox = await rig.app.store.inbox()
    finally:
        await rig.stop()
    to_anna = botapi.messages_to(1301)
    assert [s.text for s in to_anna].count(notice()) == 1, "told once to slow down"
    assert len(to_anna) <= 31, f"{len(to_anna)} messages: the backlog was not dropped"
    assert botapi.messages_to(1302), "Ben was answered"
    assert inbox == [], "every update was settled, none is left to replay"


async def test_a_flooder_in_a_group_does_not_hold_up_another_member(
    botapi: BotApiServer, tmp_path: Path
) -> None:
    rig = await Rig.start(botapi, tmp_path / "bot.db", limits=TELEGRAM, real_time=True)
    try:
        carla, dora = botapi.user(1311, "Carla"), botapi.user(1312, "Dora")
        group = botapi.group(-1001311, "Netzwerk", owner=botapi.user(1313, "Olga"))
        name = botapi.bot["username"]
        for n in range(60):
            await botapi.message(group, carla, f"@{name} wo fange ich an? {n}")
        before = len(botapi.messages_to(group["id"]))
        await rig.do(botapi.message(group, dora, f"/datenschutz@{name}"), updates=61)
        await rig.until(lambda: rig.adapter.queues.busy == 0, within=60)
    finally:
        await rig.stop()
    in_group = botapi.messages_to(group["id"])
    texts = [s.text for s in in_group]
    assert texts.count(notice()) == 1, "Carla is told once"
    assert len(in_group) <= 12, f"{len(in_group)} messages: Carla's backlog was not dropped"
    assert len(in_group) > before, "Dora was answered"
    assert any("Dora" in s.text or s.keyboard for s in in_group[before:]), texts[before:]
