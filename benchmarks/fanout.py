"""Announcement fan-out: 1,000 Telegram chats through the outbox, against the ideal of the limits.

The real SQLite outbox (durable marks before and after each send), the real delivery worker
and the Telegram adapter's paced sender post one announcement to 1,000 chats (600 groups,
400 private chats) on the project's Bot API server, which enforces 30/s overall, 20/min per
group and 1/s per private chat and answers 429 when they are broken. Pacing is judged from
the server's own receive timestamps. Run alone with `python -m benchmarks.fanout [RUNS]`.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from benchmarks.figures import Figure, median, table
from tests.announcements.fanout import FanoutResult, run_fanout

CHATS = 1000
BAR_RATIO = 1.1


async def measure(runs: int) -> list[FanoutResult]:
    """Fan out `runs` times, each into a fresh database and server."""
    results: list[FanoutResult] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            results.append(await run_fanout(Path(folder), chats=CHATS))
    return results


async def figures(runs: int = 3) -> list[Figure]:
    """Fan-out time against the ideal, and the worst windows seen by the server."""
    results = await measure(runs)
    seconds = median([r.seconds for r in results])
    ideal = results[0].ideal_seconds
    ratio = seconds / ideal
    overall = max(r.max_overall_window for r in results)
    strict = max(r.max_overall_window_strict for r in results)
    group = max(r.max_group_window for r in results)
    private = max(r.max_private_window for r in results)
    rejected = sum(r.rejected_floods for r in results)
    delivered = min(r.delivered for r in results)
    doubled = sum(r.duplicates for r in results)
    return [
        Figure(
            f"fan-out, {CHATS} Telegram chats (median of {runs})",
            f"<= {BAR_RATIO} x ideal ({ideal:.1f} s at 30/s)",
            f"{seconds:.2f} s = {ratio:.3f} x ideal",
            ratio <= BAR_RATIO and delivered == CHATS,
        ),
        Figure(
            "fan-out, delivered once each",
            f"{CHATS} of {CHATS}, no duplicate",
            f"{delivered} of {CHATS}, {doubled} duplicate(s)",
            delivered == CHATS and doubled == 0,
        ),
        Figure("fan-out, 429 answers caused", "0", str(rejected), rejected == 0),
        Figure(
            "fan-out, most sends in any 1 s (50 ms network jitter forgiven)",
            "<= 30",
            str(overall),
            overall <= 30,
        ),
        Figure(
            "fan-out, most sends in any 1.000 s, by receive time",
            "<= 30",
            str(strict),
            strict <= 30,
        ),
        Figure("fan-out, most to one group in any 60 s", "<= 20", str(group), group <= 20),
        Figure("fan-out, most to one private chat in any 1 s", "<= 1", str(private), private <= 1),
    ]


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    print(table(asyncio.run(figures(runs))))


if __name__ == "__main__":
    main()
