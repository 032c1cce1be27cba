"""At scale: 200; 20,000 and 200,000 people in 10,000 rooms, and the longest stall of the event
loop while a big job runs (an announcement to all subscribers, the retention job, a wave of
20,000 joins in a minute). `python -m benchmarks --scale` runs it and draws scale.png.

People and rooms are written through the store's own statements in batches (one person at a
time would take longer than the measurement); everything measured goes through the core.
"""

from __future__ import annotations

import asyncio
import os
import resource
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from adapters.runtime.bootstrap import App, build_app
from adapters.runtime.settings import BUNDLED_CONTENT, Settings
from adapters.storage.db import to_db
from benchmarks.figures import Figure
from core.kernel.messages import (
    ChatRef,
    ChoiceMade,
    CommandReceived,
    MemberJoined,
    Platform,
    TextReceived,
    UserRef,
)

POPULATIONS = (200, 20_000, 200_000)
ROOMS = 10_000
JOINS = 20_000
EVENTS = 1000
BATCH = 5000
STALL_BAR_MS = 100.0
MOD = UserRef(Platform.TELEGRAM, "mod", "Mod")


@dataclass(frozen=True)
class ScaleFigures:
    """One population's figures."""

    people: int
    events_per_second: float
    p50_ms: float
    p99_ms: float
    announce_stall_ms: float
    retention_stall_ms: float
    wave_stall_ms: float
    rss_mb: float
    db_mb: float


class SteppedClock:
    """Simulated time the benchmark moves forward."""

    def __init__(self) -> None:
        self.current = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current


async def longest_stall(job: Callable[[], Awaitable[object]]) -> float:
    """Milliseconds the loop woke up late at worst (a probe sleeping 5 ms) while `job` ran."""
    worst = 0.0
    done = False

    async def probe() -> None:
        nonlocal worst
        while not done:
            before = time.perf_counter()
            await asyncio.sleep(0.005)
            worst = max(worst, (time.perf_counter() - before - 0.005) * 1000)

    task = asyncio.create_task(probe())
    await asyncio.sleep(0)
    try:
        await job()
    finally:
        done = True
        await task
    return worst


async def populate(app: App, people: int, clock: SteppedClock) -> None:
    """Rooms of the community and subscribed people, half with an old onboarding dialogue."""
    db, old = app.store.db, to_db(clock.current - timedelta(days=200))
    rooms = [("telegram", f"-100{n}", f"Raum {n}") for n in range(ROOMS)]
    async with db.write() as tx:
        await tx.executemany(
            "INSERT INTO rooms (platform, chat_id, title, active, community)"
            " VALUES (?, ?, ?, 1, 1)",
            list(rooms),
        )
    for start in range(0, people, BATCH):
        rows: list[tuple[object, ...]] = [
            ("telegram", str(10_000_000 + n), 1, "-1001", old)
            for n in range(start, min(people, start + BATCH))
        ]
        async with db.write() as tx:
            await tx.executemany(
                "INSERT INTO people (platform, user_id, subscribed, came_from, last_seen)"
                " VALUES (?, ?, ?, ?, ?)",
                rows,
            )
            await tx.executemany(
                "INSERT INTO conversations (platform, chat_id, user_id, kind, updated_at)"
                " VALUES (?, ?, ?, 'flow', ?)",
                [(r[0], r[1], r[1], r[4]) for r in rows[::2]],
            )
        await asyncio.sleep(0)


async def throughput(app: App, people: int) -> tuple[float, float, float]:
    """Events a second, p50 and p99 (ms) of private messages from people across the population."""
    latencies: list[float] = []
    start = time.perf_counter()
    for n in range(EVENTS):
        uid = str(10_000_000 + (n * 7919) % people)
        user = UserRef(Platform.TELEGRAM, uid, "Person")
        chat = ChatRef(Platform.TELEGRAM, uid, is_private=True)
        before = time.perf_counter()
        await app.assistant.handle(TextReceived(f"t{n}", chat, user, "hallo"))
        latencies.append((time.perf_counter() - before) * 1000)
    elapsed = time.perf_counter() - start
    cuts = statistics.quantiles(latencies, n=100)
    return EVENTS / elapsed, cuts[49], cuts[98]


async def announce(app: App) -> None:
    """A community moderator announces to all subscribers, confirms, and the timer runs."""
    chat = ChatRef(Platform.TELEGRAM, MOD.id, is_private=True)
    await app.assistant.handle(CommandReceived("a1", chat, MOD, "announce", "Hallo alle"))
    await app.assistant.handle(ChoiceMade("a2", chat, MOD, "ann:subs"))
    await app.assistant.handle(ChoiceMade("a3", chat, MOD, "ann:send"))
    await app.assistant.tick()


async def retention(app: App, clock: SteppedClock) -> None:
    """The hourly clean-up catching up: half the population's dialogues are 200 days old."""
    await app.store.prune_idle(clock.current - timedelta(days=180))
    await app.store.prune_events(clock.current - timedelta(days=3))
    await app.store.forget_joins_before(clock.current - timedelta(days=30))


async def wave(app: App, clock: SteppedClock) -> None:
    """JOINS joins into one room within a minute, with the timer every second."""
    room = ChatRef(Platform.TELEGRAM, "-1000", is_private=False, title="Raum 0")
    gap = timedelta(seconds=60 / JOINS)
    next_tick = clock.current
    for n in range(JOINS):
        person = UserRef(Platform.TELEGRAM, f"j{n}", f"Neu {n}")
        await app.assistant.handle(MemberJoined(f"w{n}", room, person))
        clock.current += gap
        if clock.current >= next_tick:
            await app.assistant.tick()
            next_tick = clock.current + timedelta(seconds=1)
    for _ in range(120):
        clock.current += timedelta(seconds=1)
        await app.assistant.tick()


def _database_size(folder: Path) -> int:
    """Bytes of the database with its write-ahead log."""
    return sum(f.stat().st_size for f in folder.iterdir() if f.name.startswith("scale.db"))


async def one_population(folder: Path, people: int) -> ScaleFigures:
    """Build one population and measure it."""
    clock = SteppedClock()
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database=folder / "scale.db",
        content_dir=BUNDLED_CONTENT,
    )
    app = await build_app(settings, clock=clock, operators=[f"telegram:{MOD.id}"])
    try:
        await populate(app, people, clock)
        rate, p50, p99 = await throughput(app, people)
        announce_ms = await longest_stall(lambda: announce(app))
        retention_ms = await longest_stall(lambda: retention(app, clock))
        wave_ms = await longest_stall(lambda: wave(app, clock))
    finally:
        await app.close()
    size = await asyncio.to_thread(_database_size, folder)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return ScaleFigures(
        people, rate, p50, p99, announce_ms, retention_ms, wave_ms, rss, size / 2**20
    )


async def measure() -> list[ScaleFigures]:
    """Every population, each in a new database."""
    results: list[ScaleFigures] = []
    for people in POPULATIONS:
        with tempfile.TemporaryDirectory() as folder:
            results.append(await one_population(Path(folder), people))
    return results


def plot(results: list[ScaleFigures], path: Path) -> Path:
    """p99 and the longest stalls against population, on log axes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    people = [r.people for r in results]
    fig, ax = plt.subplots(figsize=(7, 4.5))
    ax.plot(people, [r.p99_ms for r in results], marker="o", label="reply p99")
    ax.plot(people, [r.announce_stall_ms for r in results], marker="s", label="stall: announce")
    ax.plot(people, [r.retention_stall_ms for r in results], marker="^", label="stall: retention")
    ax.plot(people, [r.wave_stall_ms for r in results], marker="v", label="stall: join wave")
    ax.axhline(STALL_BAR_MS, color="grey", linestyle="--", label="100 ms bar")
    ax.set_xscale("log")
    ax.set_xlabel("people")
    ax.set_ylabel("ms")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def figures_of(results: list[ScaleFigures]) -> list[Figure]:
    """The table rows of every population."""
    rows: list[Figure] = []
    for r in results:
        stall = max(r.announce_stall_ms, r.retention_stall_ms, r.wave_stall_ms)
        rows += [
            Figure(
                f"{r.people:,} people: events/s, p50/p99",
                "no bar",
                f"{r.events_per_second:.0f}/s, {r.p50_ms:.2f}/{r.p99_ms:.2f} ms",
                None,
            ),
            Figure(
                f"{r.people:,} people: longest stall announce/retention/wave",
                "< 100 ms",
                f"{r.announce_stall_ms:.0f}/{r.retention_stall_ms:.0f}/{r.wave_stall_ms:.0f} ms",
                stall < STALL_BAR_MS,
            ),
            Figure(
                f"{r.people:,} people: RSS, database",
                "no bar",
                f"{r.rss_mb:.0f} MB, {r.db_mb:.0f} MB",
                None,
            ),
        ]
    return rows


async def figures() -> list[Figure]:
    """Run every population, draw the plot beside the benchmarks, and return the rows."""
    results = await measure()
    path = plot(results, Path(os.environ.get("LAGERFEUER_SCALE_PNG", "scale.png")))
    rows = figures_of(results)
    rows.append(Figure("scale plot", "-", str(path.resolve()), None))
    return rows
