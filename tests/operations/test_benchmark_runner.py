"""The benchmark runner: missing benchmarks say so, figures print beside their bars.

Speed itself is never asserted here; benchmarks print figures (`python -m benchmarks`).
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.__main__ import Benchmark, all_benchmarks, run_one
from benchmarks.core_throughput import one_run
from benchmarks.figures import Figure, table


async def test_a_missing_benchmark_is_not_available_never_a_number() -> None:
    missing = Benchmark("does_not_exist", (("imaginary speed", "< 1 ms"), ("other", "-")))
    figures = await run_one(missing)
    assert [f.what for f in figures] == ["imaginary speed", "other"]
    assert all(f.measured.startswith("not available") and f.met is None for f in figures)


def test_every_spec_bar_has_a_benchmark_in_the_repository() -> None:
    spec = {"core_throughput", "answers", "startup", "matrix_welcome", "fanout"}
    assert spec <= {b.name for b in all_benchmarks()}
    folder = Path(__file__).parents[2] / "benchmarks"
    assert all((folder / f"{name}.py").is_file() for name in spec)


def test_table_puts_bar_and_figure_side_by_side() -> None:
    printed = table(
        [
            Figure("core throughput", ">= 2,000 events/s", "3,000 events/s", True),
            Figure("p99", "< 10 ms", "12 ms", False),
            Figure("answers", "no bar", "not available (x)", None),
        ]
    )
    lines = printed.splitlines()
    assert len(lines) == 5 and "bar" in lines[0]
    assert lines[2].split()[-1] == "ok" and lines[3].split()[-1] == "MISSED"
    assert "3,000 events/s" in lines[2] and ">= 2,000 events/s" in lines[2]


async def test_core_throughput_run_measures_something(tmp_path: Path) -> None:
    figures = await one_run(tmp_path, count=200)
    assert figures.events_per_second > 0 and 0 < figures.p50_ms <= figures.p99_ms
