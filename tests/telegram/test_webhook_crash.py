"""Webhook mode: every update answered across `kill -9` of the real `lagerfeuer run` process.

The Bot API server posts each update to the bot's webhook as Telegram does, again until the
bot answers 2xx. The bot is killed at six moments of a burst of 30 `/start` (right after the
bot confirmed its n-th update, or while it makes its n-th answer), then started again over the
same database while the server keeps posting: every person is answered, and at most the one
message in flight at the crash arrives twice.
"""

from __future__ import annotations

import random
import socket
from pathlib import Path

import pytest

from tests.support.botapi import BotApiServer, JSONDict, Params
from tests.telegram.process import BotProcess
from tests.telegram.test_crash import PEOPLE, unanswered, until

pytestmark = pytest.mark.integration

URL = "https://bot.example.org/tg-hook"

MOMENTS = sorted(random.Random(20261205).sample(range(60), 6))
"""The n-th of the 60 events of a burst (30 updates confirmed to the server, 30 answers),
drawn once with a fixed seed so every run tries the same six."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("killed_at", MOMENTS)
async def test_a_burst_posted_to_the_webhook_is_answered_across_kill_9(
    botapi: BotApiServer, tmp_path: Path, killed_at: int
) -> None:
    port = free_port()
    botapi.webhook_target = f"http://127.0.0.1:{port}/tg-hook"
    bot = BotProcess(botapi, tmp_path)
    listen = f"127.0.0.1:{port}"
    await bot.start_webhook(URL, listen)
    people: list[JSONDict] = [botapi.user(7000 + n, f"Mensch{n}") for n in range(PEOPLE)]
    seen = 0
    killed: list[str] = []

    def crash(method: str, params: Params) -> None:
        nonlocal seen
        if method not in ("webhook", "sendmessage"):
            return
        seen += 1
        if seen > killed_at:
            botapi.on_call = None
            killed.append(method)
            bot.kill()
            botapi.fail(method, 502, "Bad Gateway")

    def counts() -> list[int]:
        return [len(botapi.messages_to(person["id"])) for person in people]

    try:
        botapi.on_call = crash
        for person in people:
            await botapi.message(botapi.chats[person["id"]], person, "/start")
        assert await bot.wait() == -9
        sent_at_kill = len(botapi.sent)
        botapi.injected.clear()
        await bot.start_webhook(URL, listen)
        await until(
            lambda: (
                min(counts()) >= 1 and not botapi.updates and unanswered(tmp_path / "bot.db") == 0
            )
        )
    finally:
        await bot.stop()
    twice = sum(count - 1 for count in counts())
    refused = sum(1 for _, status in botapi.webhook_posts if status != 200)
    print(
        f"killed at event {killed_at + 1} ({killed[0]}, {sent_at_kill} answers out, "
        f"{refused} posts unanswered): {PEOPLE} answered, {twice} twice"
    )
    assert all(count >= 1 for count in counts()), "nobody is left without an answer"
    assert twice <= 1, f"{twice} answered twice; at most the one in flight at the crash"
    assert bot.process is not None and bot.process.returncode == 0
