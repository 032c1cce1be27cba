"""Every transcript in tests/flows/transcripts/ played through the real core over real SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.flows.transcript import Runner, load
from tests.harness import Harness

TRANSCRIPTS = sorted((Path(__file__).parent / "transcripts").glob("*.yaml"))


def test_there_are_transcripts() -> None:
    assert len(TRANSCRIPTS) >= 10


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=[p.stem for p in TRANSCRIPTS])
async def test_transcript(path: Path, tmp_path: Path) -> None:
    data = load(path)
    harness = await Harness.create(tmp_path / "lagerfeuer.db", language=data.get("language", "de"))
    try:
        await Runner(harness, path.stem).run(data["steps"])
    finally:
        await harness.close()
