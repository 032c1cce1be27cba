"""Telegram replies: round trip from a queued update to the bot's answer, and a burst of them.

The real adapter (python-telegram-bot long polling, per-chat queues, paced sender) and the
real core over SQLite, against the project's Bot API server enforcing Telegram's flood limits.
Round trip: one private `/start` at a time, from update queued to menu received. Burst: many
people write at once; the 30 messages/s limit decides how long answering them all may take.
Run alone with `python -m benchmarks.telegram_replies`.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pydantic import SecretStr

from adapters.channels.telegram.app import TelegramConfig
from adapters.runtime.bootstrap import build_app
from adapters.runtime.channels import telegram_adapter
from adapters.runtime.settings import Settings
from benchmarks.figures import Figure, median, table
from tests.support.botapi import BotApiServer, FloodLimits

SEQUENTIAL = 100
BURST = 150
OVERALL_PER_SECOND = 30


async def _run(folder: Path) -> tuple[list[float], float, int]:
    server = BotApiServer()
    server.flood = FloodLimits()
    await server.start()
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database=folder / "bench.db",
        telegram_token=SecretStr(server.token),
        telegram_base_url=server.base_url,
    )
    app = await build_app(settings)
    config = TelegramConfig(token=server.token, base_url=server.base_url, poll_timeout=5)
    adapter = telegram_adapter(app, config=config)
    await adapter.start()
    try:
        trips: list[float] = []
        for n in range(SEQUENTIAL):
            person = server.user(10_000 + n, "Anna")
            started = time.monotonic()
            await server.message(server.chats[person["id"]], person, "/start")
            await server.wait_sent(person["id"], within=30)
            trips.append(time.monotonic() - started)
        await asyncio.sleep(1.1)  # let the overall window empty
        first = 20_000
        people = [server.user(first + n, "Ben") for n in range(BURST)]
        started = time.monotonic()
        for person in people:
            await server.message(server.chats[person["id"]], person, "/start")
        await server.wait_for(lambda: all(server.messages_to(p["id"]) for p in people), within=120)
        burst = time.monotonic() - started
        return trips, burst, server.rejected_floods
    finally:
        await adapter.stop()
        await app.close()
        await server.stop()


async def figures(runs: int = 3) -> list[Figure]:
    """Round-trip latency and burst time, median of `runs`."""
    medians: list[float] = []
    p95s: list[float] = []
    bursts: list[float] = []
    rejected = 0
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            trips, burst, floods = await _run(Path(folder))
        medians.append(statistics.median(trips))
        p95s.append(statistics.quantiles(trips, n=20)[18])
        bursts.append(burst)
        rejected += floods
    ideal = (BURST - OVERALL_PER_SECOND) / OVERALL_PER_SECOND
    return [
        Figure(
            f"Telegram round trip, private /start (median of {runs} x {SEQUENTIAL})",
            "-",
            f"median {median(medians) * 1000:.0f} ms, p95 {median(p95s) * 1000:.0f} ms",
            None,
        ),
        Figure(
            f"Telegram burst, {BURST} people write at once",
            f"limit allows {ideal:.1f} s at 30/s",
            f"all answered in {median(bursts):.2f} s",
            None,
        ),
        Figure("Telegram replies, 429 answers caused", "0", str(rejected), rejected == 0),
    ]


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    print(table(asyncio.run(figures(runs))))


if __name__ == "__main__":
    main()
