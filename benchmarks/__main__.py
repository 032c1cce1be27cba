"""`python -m benchmarks`: run every benchmark and print one table of figures beside the bars.

A benchmark whose module is missing, or that cannot run on this machine, shows "not
available" with the reason; no figure is ever made up. `--only NAME ...` runs a subset.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import pkgutil
import sys
import time
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import benchmarks
from benchmarks.figures import Figure, not_available, table


@dataclass(frozen=True)
class Benchmark:
    """A benchmark module and the rows it stands for when it cannot run."""

    name: str
    rows: tuple[tuple[str, str], ...]
    """(what, bar) of each figure, for the "not available" rows."""


BENCHMARKS: tuple[Benchmark, ...] = (
    Benchmark(
        "core_throughput",
        (("core throughput", ">= 2,000 events/s"), ("core latency p99", "< 10 ms")),
    ),
    Benchmark("answers", (("answers a second", "no bar (accuracy: lagerfeuer eval)"),)),
    Benchmark(
        "content_size",
        (("answers at 100 x content (3,200 entries)", ">= 1,000/s, p99 < 10 ms, load < 2 s"),),
    ),
    Benchmark(
        "startup",
        (("start-up to ready", "< 1 s"), ("resident memory", "< 80 MB")),
    ),
    Benchmark(
        "matrix_welcome",
        (("Matrix join to welcome", "median < 500 ms (first join, quiet room)"),),
    ),
    Benchmark(
        "fanout",
        (
            ("Telegram fan-out, 1,000 chats", "<= 1.1 x the 30/s ideal"),
            ("Telegram pacing", "never > 30/s, 20/min per group, 1/s per private chat"),
        ),
    ),
)


async def run_one(benchmark: Benchmark) -> list[Figure]:
    """The figures of one benchmark, or "not available" rows saying why."""
    try:
        module = importlib.import_module(f"benchmarks.{benchmark.name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"benchmarks.{benchmark.name}":
            raise
        return [
            not_available(what, bar, "benchmark not written yet") for what, bar in benchmark.rows
        ]
    measure: Callable[[], Awaitable[list[Figure]]] | None = getattr(module, "figures", None)
    if measure is None:
        why = f"benchmarks/{benchmark.name}.py has no figures()"
        return [not_available(what, bar, why) for what, bar in benchmark.rows]
    try:
        return await measure()
    except Exception as exc:
        traceback.print_exc(file=sys.stderr)
        why = f"failed: {type(exc).__name__}"
        return [not_available(what, bar, why) for what, bar in benchmark.rows]


CONTENT_SIZE = "content_size"
"""Answers at 1 x, 10 x and 100 x content: part of the default run and of `--scale`."""
SCALE = "scale"
"""Minutes long (it builds 200,000 people): runs only with `--scale`."""


def all_benchmarks() -> list[Benchmark]:
    """The docs/eval.md benchmarks first, then any other module here with `figures()`."""
    known = {b.name for b in BENCHMARKS}
    extra = [
        Benchmark(info.name, ((info.name.replace("_", " "), "no bar in docs/eval.md"),))
        for info in pkgutil.iter_modules(benchmarks.__path__)
        if info.name not in known and info.name not in ("__main__", "figures", SCALE)
    ]
    return [*BENCHMARKS, *sorted(extra, key=lambda b: b.name)]


async def run(names: list[str]) -> list[Figure]:
    """Run the chosen benchmarks one after another (they would disturb each other)."""
    figures: list[Figure] = []
    for benchmark in all_benchmarks():
        if names and benchmark.name not in names:
            continue
        started = time.perf_counter()
        print(f"running {benchmark.name} ...", file=sys.stderr, flush=True)
        figures.extend(await run_one(benchmark))
        print(f"  {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return figures


def main(argv: list[str] | None = None) -> int:
    """Print the table; exit 1 when a measured figure misses its bar."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--only",
        nargs="+",
        default=[],
        metavar="NAME",
        choices=[b.name for b in all_benchmarks()],
        help="run only these",
    )
    parser.add_argument(
        "--scale",
        action="store_true",
        help="only the populations of 200; 20,000 and 200,000 people (writes scale.png)"
        " and answers at 1 x, 10 x and 100 x content",
    )
    args = parser.parse_args(argv)
    if args.scale:
        figures = asyncio.run(run_one(Benchmark(SCALE, (("at scale", "< 100 ms stall"),))))
        figures += asyncio.run(run([CONTENT_SIZE]))
    else:
        figures = asyncio.run(run(args.only))
    print(table(figures))
    return 1 if any(f.met is False for f in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
