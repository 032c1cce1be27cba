"""Welcome under load: a wave of joins into one room, through the whole core with SQLite.

Prints the core's time from the first join in a quiet room to its welcome, the handling time
of a join during the wave (p50, p99), how many welcomes the wave produced and the most posted
in any minute. The clock is simulated (a join every `GAP` seconds, the timer every second), so
the figures measure the core's work, not waiting. Run alone with
`python -m benchmarks.welcome_wave`.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from adapters.runtime.bootstrap import build_app
from adapters.runtime.settings import BUNDLED_CONTENT, Settings
from benchmarks.figures import Figure, median
from core.kernel.messages import Action, ChatRef, MemberJoined, Platform, Reply, UserRef

JOINS = 2000
GAP = 0.25
"""Seconds between joins: 240 a minute, far above the wave threshold of 10."""
RUNS = 3


@dataclass(frozen=True)
class WaveFigures:
    """One run's figures."""

    first_welcome_ms: float
    join_p50_ms: float
    join_p99_ms: float
    welcomes: int
    most_in_a_minute: int


class SteppedClock:
    """Simulated time that the benchmark moves forward."""

    def __init__(self) -> None:
        self.current = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current


def welcomes(actions: list[Action]) -> int:
    return sum(1 for a in actions if isinstance(a, Reply) and (a.tag or "").startswith("welcome:"))


async def one_run(folder: Path) -> WaveFigures:
    """A quiet room's first join, then `JOINS` joins a `GAP` apart, then three calm minutes."""
    clock = SteppedClock()
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database=folder / "bench.db",
        content_dir=BUNDLED_CONTENT,
    )
    app = await build_app(settings, clock=clock)
    room = ChatRef(Platform.CONSOLE, "wave", is_private=False, title="Welle")
    try:
        first = MemberJoined("first", room, UserRef(Platform.CONSOLE, "first", "Erste"))
        started = time.perf_counter()
        if welcomes(await app.assistant.handle(first)) != 1:
            raise RuntimeError("the first join in a quiet room was not welcomed at once")
        first_ms = (time.perf_counter() - started) * 1000
        clock.current += timedelta(minutes=5)

        join_ms: list[float] = []
        posted: list[datetime] = []
        next_tick = clock.current
        for n in range(JOINS):
            person = UserRef(Platform.CONSOLE, f"p{n}", f"Person {n}")
            began = time.perf_counter()
            actions = await app.assistant.handle(MemberJoined(f"j{n}", room, person))
            join_ms.append((time.perf_counter() - began) * 1000)
            posted += [clock.current] * welcomes(actions)
            clock.current += timedelta(seconds=GAP)
            if clock.current >= next_tick:
                posted += [clock.current] * welcomes(await app.assistant.tick())
                next_tick = clock.current + timedelta(seconds=1)
        for _ in range(180):
            clock.current += timedelta(seconds=1)
            posted += [clock.current] * welcomes(await app.assistant.tick())
    finally:
        await app.close()
    busiest = max(
        sum(1 for t in posted if start <= t < start + timedelta(minutes=1)) for start in posted
    )
    cuts = statistics.quantiles(join_ms, n=100)
    return WaveFigures(first_ms, cuts[49], cuts[98], len(posted), busiest)


async def runs(count: int = RUNS) -> list[WaveFigures]:
    """`count` runs, each over a fresh database."""
    results: list[WaveFigures] = []
    for _ in range(count):
        with tempfile.TemporaryDirectory() as folder:
            results.append(await one_run(Path(folder)))
    return results


async def figures() -> list[Figure]:
    """Medians over the runs, beside the wave rule (docs/capabilities.md, C1) and the core's
    latency bar."""
    results = await runs()
    first = median([r.first_welcome_ms for r in results])
    p99 = median([r.join_p99_ms for r in results])
    busiest = max(r.most_in_a_minute for r in results)
    count = median([float(r.welcomes) for r in results])
    minutes = JOINS * GAP / 60
    return [
        Figure(
            "welcome: first join in a quiet room (core)",
            "at once (Matrix end to end: < 500 ms)",
            f"{first:.1f} ms (median of {len(results)} runs)",
            None,
        ),
        Figure(
            f"welcome wave: {JOINS} joins in {minutes:.1f} min",
            "one summary a minute; <= 20 messages/min per room",
            f"{count:.0f} welcomes, at most {busiest} in any minute",
            busiest <= 1,
        ),
        Figure(
            "welcome wave: join handling p99",
            "< 10 ms (core p99)",
            f"{p99:.2f} ms (median of {len(results)} runs)",
            p99 < 10,
        ),
    ]


def main() -> int:
    results = asyncio.run(runs())
    minutes = JOINS * GAP / 60
    for n, r in enumerate(results, 1):
        print(
            f"run {n}: first join -> welcome (core) {r.first_welcome_ms:.1f} ms; "
            f"{JOINS} joins over {minutes:.1f} simulated minutes: join p50 {r.join_p50_ms:.2f} ms, "
            f"p99 {r.join_p99_ms:.2f} ms; {r.welcomes} welcomes, at most {r.most_in_a_minute} "
            "in any minute"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
