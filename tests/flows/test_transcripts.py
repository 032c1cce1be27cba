"""Every transcript in tests/flows/transcripts/ played through the real core over real SQLite;
those tagged for Telegram and Matrix also run there (test_transcripts_on_platforms.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.flows.transcript import PLATFORMS, Runner, load, platforms, setup
from tests.support.drivers.core import CoreDriver

TRANSCRIPTS = sorted((Path(__file__).parent / "transcripts").glob("*.yaml"))


def test_there_are_transcripts() -> None:
    assert len(TRANSCRIPTS) >= 10


def test_at_least_five_transcripts_run_on_every_platform() -> None:
    everywhere = [p.stem for p in TRANSCRIPTS if set(platforms(load(p))) == set(PLATFORMS)]
    assert len(everywhere) >= 5, everywhere


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=[p.stem for p in TRANSCRIPTS])
async def test_transcript(path: Path, tmp_path: Path) -> None:
    data = load(path)
    driver = await CoreDriver.start(setup(data, tmp_path))
    try:
        await Runner(driver, path.stem).run(data["steps"])
    finally:
        await driver.close()
