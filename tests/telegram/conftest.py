"""Fixtures: a fresh Bot API server, and the bot running against it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio

from tests.support.botapi import BotApiServer
from tests.telegram.rig import Rig


@pytest_asyncio.fixture(loop_scope="function")
async def rig(botapi: BotApiServer, tmp_path: Path) -> AsyncIterator[Rig]:
    running = await Rig.start(botapi, tmp_path / "lagerfeuer.db")
    try:
        yield running
    finally:
        await running.stop()
