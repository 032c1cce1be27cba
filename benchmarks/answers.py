"""Answer speed: `lagerfeuer ask` over the development question set in one process.

Builds the matcher once (timed separately), then answers every question of
`tests/eval/dev.yaml` again and again, each timed on its own: the matching decision and the
reply text, exactly as `ask` produces them. The first pass is reported apart, since it fills
the typo and compound caches. Run alone with `python -m benchmarks.answers`.
"""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from adapters.cli.ask_eval import Asker
from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.settings import BUNDLED_CONTENT
from benchmarks.figures import Figure
from core.content.examples import Question, load_questions
from core.content.model import Content

DEV_SET = Path(__file__).resolve().parent.parent / "tests" / "eval" / "dev.yaml"
ROUNDS = 30


@dataclass(frozen=True)
class AnswerFigures:
    """What one measurement found."""

    questions: int
    build_ms: float
    first_pass_ms: float
    per_second: float
    p50_ms: float
    p99_ms: float


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(
    rounds: int = ROUNDS, questions: list[Question] | None = None, content: Content | None = None
) -> AnswerFigures:
    """Answer the dev set `rounds` times after one warm-up pass; latencies per answer."""
    asked = questions if questions is not None else load_questions(DEV_SET)
    if content is None:
        content = load_checked_content(BUNDLED_CONTENT)
    started = time.perf_counter()
    asker = Asker(content)
    build = time.perf_counter() - started
    started = time.perf_counter()
    for question in asked:
        asker.ask(question.text, question.lang, room=question.room)
    first_pass = time.perf_counter() - started
    latencies: list[float] = []
    started = time.perf_counter()
    for _ in range(rounds):
        for question in asked:
            begin = time.perf_counter()
            asker.ask(question.text, question.lang, room=question.room)
            latencies.append(time.perf_counter() - begin)
    total = time.perf_counter() - started
    return AnswerFigures(
        questions=len(asked),
        build_ms=build * 1000,
        first_pass_ms=first_pass * 1000,
        per_second=len(latencies) / total,
        p50_ms=statistics.median(latencies) * 1000,
        p99_ms=_percentile(latencies, 0.99) * 1000,
    )


async def figures() -> list[Figure]:
    """The rows for `python -m benchmarks`."""
    found = measure()
    measured = (
        f"{found.per_second:,.0f}/s, p50 {found.p50_ms:.2f} ms, p99 {found.p99_ms:.2f} ms"
        f" (index {found.build_ms:.0f} ms)"
    )
    return [Figure("answers a second", "no bar (accuracy: lagerfeuer eval)", measured, None)]


def main() -> int:
    """Print the figures."""
    found = measure()
    print(f"questions in the dev set: {found.questions}, rounds: {ROUNDS}")
    print(f"index build: {found.build_ms:.1f} ms")
    print(f"first pass (cold caches): {found.first_pass_ms:.1f} ms")
    print(f"answers a second: {found.per_second:,.0f}")
    print(f"latency p50: {found.p50_ms:.3f} ms")
    print(f"latency p99: {found.p99_ms:.3f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
