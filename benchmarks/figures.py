"""One measured figure beside its bar, shared by every benchmark and the table printer."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """A measured value, the bar it is held against, and whether it meets it.

    `met` is None where there is nothing to judge (no bar, or not measured here).
    """

    what: str
    bar: str
    measured: str
    met: bool | None


def not_available(what: str, bar: str, why: str) -> Figure:
    """A row for a figure that could not be measured here; never a made-up number."""
    return Figure(what, bar, f"not available ({why})", None)


def median(values: Sequence[float]) -> float:
    """The median of the runs."""
    return float(statistics.median(values))


def table(figures: Sequence[Figure]) -> str:
    """The figures as a plain-text table: what, bar, measured, verdict."""
    header = ("what", "bar (docs/eval.md)", "measured", "")
    rows = [header] + [
        (f.what, f.bar, f.measured, {True: "ok", False: "MISSED", None: "-"}[f.met])
        for f in figures
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
