"""The transcripts tagged for Telegram and Matrix, played word for word through the Telegram
adapter against the Bot API server and through the Matrix adapter against Synapse."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.flows.transcript import Runner, load, platforms, setup
from tests.support.botapi import BotApiServer
from tests.support.drivers.driver import PlatformDriver
from tests.support.drivers.matrix import MatrixDriver
from tests.support.drivers.telegram import TelegramDriver
from tests.support.synapse import Synapse

pytestmark = pytest.mark.integration

TRANSCRIPTS = sorted((Path(__file__).parent / "transcripts").glob("*.yaml"))


def tagged(platform: str) -> list[Path]:
    return [path for path in TRANSCRIPTS if platform in platforms(load(path))]


async def play(driver: PlatformDriver, path: Path) -> None:
    try:
        await Runner(driver, path.stem).run(load(path)["steps"])
    finally:
        await driver.close()


TELEGRAM, MATRIX = tagged("telegram"), tagged("matrix")


@pytest.mark.parametrize("path", TELEGRAM, ids=[p.stem for p in TELEGRAM])
async def test_transcript_on_telegram(path: Path, botapi: BotApiServer, tmp_path: Path) -> None:
    await play(await TelegramDriver.start(setup(load(path), tmp_path), botapi), path)


@pytest.mark.parametrize("path", MATRIX, ids=[p.stem for p in MATRIX])
async def test_transcript_on_matrix(path: Path, synapse: Synapse, tmp_path: Path) -> None:
    await play(await MatrixDriver.start(setup(load(path), tmp_path), synapse), path)
