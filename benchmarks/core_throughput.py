"""Core throughput: inbound events a second through the whole core with SQLite, p50 and p99.

A realistic mix (commands, menu choices, private and room messages, joins) from many people,
handled one after another through `Assistant.handle` over a real SQLite file, as the service
does. Run alone with `python -m benchmarks.core_throughput`.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from adapters.moderation import FixedModerators
from adapters.runtime.bootstrap import build_app
from adapters.runtime.settings import BUNDLED_CONTENT, Settings
from benchmarks.figures import Figure
from core.basics.flood import LIMIT
from core.kernel.messages import (
    ChatRef,
    ChoiceMade,
    CommandReceived,
    InboundEvent,
    MemberJoined,
    Platform,
    TextReceived,
    UserRef,
)

EVENTS_PER_RUN = 3000
RUNS = 5
PEOPLE = 200
"""Each person sends 15 events a run, well below the flood limit, as on a real network."""
ROOMS = 10


@dataclass(frozen=True)
class ThroughputFigures:
    """One run's figures."""

    events_per_second: float
    p50_ms: float
    p99_ms: float
    flood_replies: int = 0


def workload(count: int) -> list[InboundEvent]:
    """`count` events of a plausible mix, each with a fresh event id."""
    events: list[InboundEvent] = []
    questions = ("Wo fange ich am besten an?", "Was ist ein Barcamp?", "hallo", "podcast tipps")
    for n in range(count):
        person = UserRef(Platform.TELEGRAM, f"user-{n % PEOPLE}", f"Person {n % PEOPLE}")
        private = ChatRef(Platform.TELEGRAM, f"dm-{person.id}", is_private=True)
        room = ChatRef(Platform.TELEGRAM, f"room-{n % ROOMS}", is_private=False, title="Raum")
        kind = n % 8
        eid = f"bench-{n}"
        event: InboundEvent
        if kind == 0:
            event = CommandReceived(eid, private, person, "start")
        elif kind == 1:
            event = ChoiceMade(eid, private, person, "menu:why")
        elif kind in (2, 3):
            event = TextReceived(eid, private, person, questions[n % len(questions)])
        elif kind in (4, 5):
            event = TextReceived(eid, room, person, questions[n % len(questions)])
        elif kind == 6:
            event = MemberJoined(eid, room, person)
        else:
            event = TextReceived(eid, room, person, "Bot, hilfe?", addressed=True)
        events.append(event)
    return events


def percentile(sorted_values: list[float], fraction: float) -> float:
    """The value below which `fraction` of the sorted values lie (nearest rank)."""
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


async def one_run(
    folder: Path, count: int = EVENTS_PER_RUN, flooding: bool = False
) -> ThroughputFigures:
    """Handle `count` events over a fresh database in `folder`.

    `flooding`: one more person sends a message between every two events of the others (far
    beyond the flood limit); only the others' events are timed.
    """
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database=folder / "bench.db",
        content_dir=BUNDLED_CONTENT,
    )
    app = await build_app(settings)
    app.moderators.register(Platform.TELEGRAM, FixedModerators(set()))
    events = workload(count)
    flooder = UserRef(Platform.TELEGRAM, "flooder", "Flut")
    flood_chat = ChatRef(Platform.TELEGRAM, "dm-flooder", is_private=True)
    latencies: list[float] = []
    flood_replies = 0
    try:
        for event in events[:50]:  # warm caches and the first room rows
            await app.assistant.handle(event)
        start = time.perf_counter()
        for n, event in enumerate(events[50:]):
            if flooding:
                flood = TextReceived(f"flood-{n}", flood_chat, flooder, "Hallo?")
                flood_replies += len(await app.assistant.handle(flood))
            before = time.perf_counter()
            await app.assistant.handle(event)
            latencies.append(time.perf_counter() - before)
        elapsed = time.perf_counter() - start
    finally:
        await app.close()
    latencies.sort()
    return ThroughputFigures(
        events_per_second=len(latencies) / elapsed,
        p50_ms=percentile(latencies, 0.50) * 1000,
        p99_ms=percentile(latencies, 0.99) * 1000,
        flood_replies=flood_replies,
    )


async def measure(
    runs: int = RUNS, count: int = EVENTS_PER_RUN, flooding: bool = False
) -> ThroughputFigures:
    """The median of each figure over `runs` runs, each on a new database."""
    results: list[ThroughputFigures] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            results.append(await one_run(Path(folder), count, flooding))
    return ThroughputFigures(
        events_per_second=statistics.median(r.events_per_second for r in results),
        p50_ms=statistics.median(r.p50_ms for r in results),
        p99_ms=statistics.median(r.p99_ms for r in results),
        flood_replies=max(r.flood_replies for r in results),
    )


async def figures() -> list[Figure]:
    """Events a second and latency percentiles, each the median of RUNS runs; then the same
    with one person flooding the bot."""
    f = await measure()
    flooded = await measure(flooding=True)
    runs = f"median of {RUNS} runs of {EVENTS_PER_RUN} events"
    return [
        Figure(
            "core throughput",
            ">= 2,000 events/s",
            f"{f.events_per_second:,.0f} events/s ({runs})",
            f.events_per_second >= 2000,
        ),
        Figure("core latency p50", "-", f"{f.p50_ms:.2f} ms", None),
        Figure("core latency p99", "< 10 ms", f"{f.p99_ms:.2f} ms", f.p99_ms < 10),
        Figure(
            "others' p99 while one person floods",
            "< 10 ms; flooder slowed politely",
            f"{flooded.p99_ms:.2f} ms ({flooded.p99_ms / f.p99_ms:.1f} x without); "
            f"flooder got {flooded.flood_replies} replies to {EVENTS_PER_RUN - 50} messages",
            flooded.p99_ms < 10 and flooded.flood_replies <= 2 * LIMIT,
        ),
    ]


def main() -> int:
    """Print the figures of this benchmark alone."""
    from benchmarks.figures import table

    print(table(asyncio.run(figures())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
