"""Answer speed as the catalogue grows: 1 x, 10 x and 100 x the bundled entries.

A regional or national directory holds thousands of entries that share everyday words but
have names of their own. The larger catalogues are made from the bundled one: each copy of
an entry keeps its description and tags (so copies share all of its everyday words) and gets
a made-up name, id and keywords of its own (built from syllables, so no two copies share
them). The content is written to a temporary folder and loaded and checked as `lagerfeuer`
does; then the development questions are answered as in `benchmarks.answers`. Run alone
with `python -m benchmarks.content_size`.
"""

from __future__ import annotations

import itertools
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.settings import BUNDLED_CONTENT
from benchmarks.answers import AnswerFigures, measure
from benchmarks.figures import Figure
from core.content.examples import load_questions

SCALES = (1, 10, 100)
ROUNDS = 5
_SYLLABLES = ("ba", "ke", "lo", "mi", "nu", "ra", "se", "ti", "vo", "zu", "dra", "fen", "gor")


class _Plain(yaml.SafeDumper):
    """Writes shared values out again: content refuses anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def made_up(number: int, salt: int) -> str:
    """A pronounceable word of its own for each (number, salt): the name of one copy."""
    parts = []
    value = number * 7919 + salt * 104_729 + 1
    for _ in range(4):
        value, rest = divmod(value, len(_SYLLABLES))
        parts.append(_SYLLABLES[rest])
    return "".join(parts).capitalize()


def scaled_catalogue(source: Path, scale: int, others: int) -> dict[str, Any]:
    """The bundled catalogue grown so that it and the `others` (FAQ entries) are `scale`
    times as many entries as today: the originals and copies of them, taken in turn."""
    catalogue: dict[str, Any] = yaml.safe_load(source.read_text(encoding="utf-8"))
    entries = catalogue["entries"]
    extra = (scale - 1) * (len(entries) + others)
    copies = []
    for number, entry in zip(range(extra), itertools.cycle(entries), strict=False):
        name = made_up(number, 0)
        keyword = made_up(number, 1).lower()
        twin = dict(entry, id=f"{name.lower()}-{number}", title=f"{name} {number}")
        twin.pop("button", None)
        twin["keywords"] = {"de": [keyword, name.lower()], "en": [keyword, name.lower()]}
        copies.append(twin)
    catalogue["entries"] = entries + copies
    return catalogue


def write_content(folder: Path, scale: int) -> Path:
    """A content folder like the bundled one with the catalogue `scale` times its size."""
    target = folder / f"content-{scale}x"
    shutil.copytree(BUNDLED_CONTENT, target)
    faq = yaml.safe_load((BUNDLED_CONTENT / "faq.yaml").read_text(encoding="utf-8"))
    catalogue = scaled_catalogue(BUNDLED_CONTENT / "catalogue.yaml", scale, len(faq["entries"]))
    text = yaml.dump(catalogue, Dumper=_Plain, allow_unicode=True, sort_keys=False, width=1000)
    (target / "catalogue.yaml").write_text(text, encoding="utf-8")
    return target


def one_scale(folder: Path, scale: int) -> tuple[int, float, AnswerFigures]:
    """Entries, load-and-check seconds and answer figures at one scale."""
    content_dir = write_content(folder, scale)
    started = time.perf_counter()
    content = load_checked_content(content_dir)
    loaded = time.perf_counter() - started
    questions = load_questions(Path(__file__).resolve().parent.parent / "tests/eval/dev.yaml")
    found = measure(ROUNDS, questions, content)
    return len(content.catalogue.entries) + len(content.faq), loaded, found


def run() -> list[tuple[int, int, float, AnswerFigures]]:
    """Every scale's figures."""
    with tempfile.TemporaryDirectory() as folder:
        return [(scale, *one_scale(Path(folder), scale)) for scale in SCALES]


async def figures() -> list[Figure]:
    """The rows for `python -m benchmarks`."""
    rows = []
    for scale, entries, loaded, found in run():
        rows.append(
            Figure(
                f"answers at {scale} x content ({entries} entries)",
                ">= 1,000/s, p99 < 10 ms, load < 2 s at 100 x",
                f"{found.per_second:,.0f}/s, p50 {found.p50_ms:.2f} ms,"
                f" p99 {found.p99_ms:.2f} ms, load and check {loaded:.2f} s",
                None
                if scale < 100
                else found.per_second >= 1000 and found.p99_ms < 10 and loaded < 2,
            )
        )
    return rows


def main() -> int:
    """Print the figures."""
    for scale, entries, loaded, found in run():
        print(
            f"{scale:>3} x: {entries:>5} entries, load+check {loaded:.2f} s,"
            f" index {found.build_ms:.0f} ms, {found.per_second:,.0f} answers/s,"
            f" p50 {found.p50_ms:.2f} ms, p99 {found.p99_ms:.2f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
