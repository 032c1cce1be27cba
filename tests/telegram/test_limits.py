"""Pacing against a server that enforces Telegram's flood limits and answers 429 otherwise."""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path

import pytest

from adapters.channels.telegram.pacing import Limits
from core.kernel.messages import ChatRef, Platform, Reply
from tests.announcements.fanout import max_in_window
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


async def test_thirty_a_second_holds_as_a_server_behind_a_jittery_network_counts(
    botapi: BotApiServer, tmp_path: Path
) -> None:
    botapi.flood = FloodLimits(grace=0.0, jitter=0.02)  # no forgiveness, 0-20 ms delays
    rig = await Rig.start(botapi, tmp_path / "bot.db")
    try:
        people = [botapi.user(1200 + n, f"P{n}") for n in range(100)]
        chats = [ChatRef(Platform.TELEGRAM, str(p["id"]), True) for p in people]
        # two senders at once, each going through its chats as fast as it is let
        await asyncio.gather(
            rig.adapter.perform([Reply(chat, "Hallo") for chat in chats[:50]]),
            rig.adapter.perform([Reply(chat, "Hallo") for chat in chats[50:]]),
        )
    finally:
        await rig.stop()
    arrived = sorted(s.at for s in botapi.sent)
    assert len(arrived) == 100
    assert botapi.rejected_floods == 0, "no 429 was caused"
    assert max_in_window(arrived, 1.0) <= 30, "by the time each message reached the server"
