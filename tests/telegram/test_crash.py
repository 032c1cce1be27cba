"""Every update answered exactly once across `kill -9` of the real `lagerfeuer run` process.

The bot is killed by the Bot API server at ten moments of a burst (while it makes its n-th
request: a getUpdates, an answer), then started again over the same database: every person
is answered; at most the one message in flight at the crash may arrive twice (Telegram has
no idempotent send).
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.botapi import BotApiServer, JSONDict, Params
from tests.telegram.process import BotProcess

pytestmark = pytest.mark.integration

PEOPLE = 30


def unanswered(db: Path) -> int:
    """Updates the bot journalled and has not answered yet."""
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM telegram_inbox").fetchone()[0])


async def until(check: Callable[[], bool], within: float = 120.0) -> None:
    """Wait until `check()` holds, looking again every 50 ms."""
    async with asyncio.timeout(within):
        while True:
            if check():
                return
            await asyncio.sleep(0.05)


MOMENTS = sorted(random.Random(20261204).sample(range(31), 10))
"""Ten moments, as the n-th request the bot makes once the burst is waiting: a getUpdates,
an answer, the command menu, whatever comes (at least 31 come: 30 answers and a getUpdates).
Drawn once, with a fixed seed, so every run tries the same ten."""


@pytest.mark.parametrize("killed_at", MOMENTS)
async def test_a_burst_of_30_starts_is_answered_once_across_kill_9(
    botapi: BotApiServer, tmp_path: Path, killed_at: int
) -> None:
    bot = BotProcess(botapi, tmp_path)
    await bot.start()
    people: list[JSONDict] = [botapi.user(5000 + n, f"Mensch{n}") for n in range(PEOPLE)]
    requests = 0
    killed: list[str] = []

    def crash(method: str, params: Params) -> None:
        nonlocal requests
        requests += 1
        if requests > killed_at:
            botapi.on_call = None
            killed.append(method)
            bot.kill()  # dies while this request is answered: the bot never hears back
            botapi.fail(method, 502, "Bad Gateway")

    try:
        for person in people:
            await botapi.message(botapi.chats[person["id"]], person, "/start")
        botapi.on_call = crash
        assert await bot.wait() == -9
        sent_at_kill = len(botapi.sent)
        botapi.injected.clear()
        await bot.start()

        def counts() -> list[int]:
            return [len(botapi.messages_to(person["id"])) for person in people]

        await until(lambda: min(counts()) >= 1 and unanswered(tmp_path / "bot.db") == 0)
    finally:
        await bot.stop()
    twice = sum(count - 1 for count in counts())
    print(
        f"killed at request {killed_at + 1} ({killed[0]}, {sent_at_kill} answers out): "
        f"{PEOPLE} answered, {twice} twice"
    )
    assert all(count >= 1 for count in counts()), "nobody is left without an answer"
    assert twice <= 1, f"{twice} answered twice; at most the one in flight at the crash"
    assert bot.process is not None and bot.process.returncode == 0
