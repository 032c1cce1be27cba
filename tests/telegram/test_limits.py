"""Pacing against a server that enforces Telegram's flood limits and answers 429 otherwise."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from adapters.telegram.pacing import Limits
from core.messages import ChatRef, Platform, Reply
from tests.support.botapi import BotApiServer, FloodLimits
from tests.telegram.rig import Rig

pytestmark = pytest.mark.integration

SHORT_MINUTE = 3.0
"""The per-group window, shortened from 60 s on both sides so the test stays quick."""


async def test_replies_keep_every_limit_and_a_slow_chat_holds_up_no_other(
    botapi: BotApiServer, tmp_path: Path
) -> None:
    botapi.flood = FloodLimits(group=(20, SHORT_MINUTE))
    limits = Limits(group=(20, SHORT_MINUTE))
    rig = await Rig.start(botapi, tmp_path / "bot.db", limits=limits)
    try:
        anna, ben = botapi.user(1101, "Anna"), botapi.user(1102, "Ben")
        group = botapi.group(-1001101, "Netzwerk", owner=botapi.user(1103, "Olga"))
        chat = ChatRef(Platform.TELEGRAM, str(group["id"]), False)
        # Anna gets three messages (1 a second), the group 25 (20 per window), Ben one.
        for _ in range(3):
            await botapi.message(botapi.chats[1101], anna, "/privacy")
        await rig.adapter.queues.submit(
            "group", lambda: rig.adapter.perform([Reply(chat, f"Nr. {n}") for n in range(25)])
        )
        await rig.do(botapi.message(botapi.chats[1102], ben, "/privacy"), updates=4)
        await rig.until(lambda: len(botapi.messages_to(group["id"])) == 25, within=20)
    finally:
        await rig.stop()
    assert botapi.rejected_floods == 0, "no 429 was needed"
    annas = [s.at for s in botapi.messages_to(1101)]
    assert len(annas) == 3
    assert all(b - a >= 0.95 for a, b in itertools.pairwise(annas))
    [bens] = [s.at for s in botapi.messages_to(1102)]
    assert bens < annas[-1], "Ben was answered while Anna's chat was still being paced"
    groups = [s.at for s in botapi.messages_to(group["id"])]
    assert groups[20] - groups[0] >= SHORT_MINUTE - 0.05
