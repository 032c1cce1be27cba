"""Onboarding turns: people walking the whole guided onboarding through the core with SQLite.

Each person starts, answers four questions (one free text, several channels), gets the
starter plan and declines the subscription: eleven events, handled one after another through
`Assistant.handle` over a real SQLite file. Prints turns a second, p50 and p99 per turn.
Run alone with `python -m benchmarks.onboarding_flow`.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from adapters.moderation import FixedModerators
from adapters.runtime.bootstrap import build_app
from adapters.runtime.settings import BUNDLED_CONTENT, Settings
from benchmarks.figures import Figure, median
from core.kernel.messages import (
    ChatRef,
    ChoiceMade,
    CommandReceived,
    InboundEvent,
    Platform,
    TextReceived,
    UserRef,
)

PEOPLE = 300

# (kind, payload) of one walk: commands, button values and typed text, as adapters send them
WALK: tuple[tuple[str, str], ...] = (
    ("command", "onboarding"),
    ("choice", "flow:role:other"),
    ("text", "Ich leite einen Nachbarschaftstreff"),
    ("text", "2"),
    ("choice", "flow:channels:listen"),
    ("choice", "flow:channels:events"),
    ("choice", "flow:channels:.done"),
    ("text", "zurück"),
    ("text", "Fertig"),
    ("choice", "flow:time:little"),
    ("choice", "flow:subscribe:no"),
)


def events_of(person: int) -> list[InboundEvent]:
    """One person's walk as events."""
    user = UserRef(Platform.CONSOLE, f"user-{person}", f"Person {person}")
    chat = ChatRef(Platform.CONSOLE, f"dm-{user.id}", is_private=True)
    events: list[InboundEvent] = []
    for n, (kind, payload) in enumerate(WALK):
        eid = f"walk-{person}-{n}"
        if kind == "command":
            events.append(CommandReceived(eid, chat, user, payload))
        elif kind == "choice":
            events.append(ChoiceMade(eid, chat, user, payload))
        else:
            events.append(TextReceived(eid, chat, user, payload))
    return events


def percentile(sorted_values: list[float], share: float) -> float:
    """The value below which `share` of the sorted values lie."""
    return sorted_values[min(len(sorted_values) - 1, int(share * len(sorted_values)))]


async def run(folder: Path) -> tuple[float, float, float, int]:
    """(turns a second, p50 ms, p99 ms, finished walks) over a fresh database."""
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database=folder / "bench.db",
        content_dir=BUNDLED_CONTENT,
    )
    app = await build_app(settings)
    app.moderators.register(Platform.CONSOLE, FixedModerators(set()))
    latencies: list[float] = []
    try:
        start = time.perf_counter()
        for person in range(PEOPLE):
            for event in events_of(person):
                before = time.perf_counter()
                await app.assistant.handle(event)
                latencies.append(time.perf_counter() - before)
        elapsed = time.perf_counter() - start
        finished = 0
        for person in range(PEOPLE):
            kept = await app.store.get_flow_answers("console", f"user-{person}", "onboarding")
            finished += kept is not None
    finally:
        await app.close()
    latencies.sort()
    rate = len(latencies) / elapsed
    return rate, percentile(latencies, 0.5) * 1000, percentile(latencies, 0.99) * 1000, finished


RUNS = 3


async def figures() -> list[Figure]:
    """Medians of several runs, held against the core's latency bar."""
    results = []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as folder:
            results.append(await run(Path(folder)))
    rate = median([r[0] for r in results])
    p99 = median([r[2] for r in results])
    finished = min(r[3] for r in results)
    return [
        Figure(
            f"onboarding: {PEOPLE} people walk the whole flow ({len(WALK)} events each)",
            "every plan finished; p99 < 10 ms (core p99)",
            f"{rate:,.0f} turns/s, p99 {p99:.2f} ms, {finished} of {PEOPLE} plans "
            f"(median of {RUNS} runs)",
            finished == PEOPLE and p99 < 10,
        )
    ]


def main() -> None:
    """Print the figures of one run."""
    with tempfile.TemporaryDirectory() as folder:
        rate, p50, p99, finished = asyncio.run(run(Path(folder)))
    print(f"onboarding: {PEOPLE} people, {len(WALK)} events each, {finished} plans finished")
    print(f"  {rate:.0f} turns/s, p50 {p50:.2f} ms, p99 {p99:.2f} ms")


if __name__ == "__main__":
    main()
