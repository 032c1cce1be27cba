"""Shared fixtures: a harness over a fresh SQLite file, the Bot API server, one Synapse."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from tests.harness import Harness
from tests.support.botapi import BotApiServer
from tests.support.synapse import Synapse

pytest_plugins = ["tests.support.leaks"]


@pytest.fixture
async def harness(tmp_path: Path) -> AsyncIterator[Harness]:
    h = await Harness.create(tmp_path / "lagerfeuer.db")
    try:
        yield h
    finally:
        await h.close()


@pytest_asyncio.fixture(loop_scope="function")
async def botapi() -> AsyncIterator[BotApiServer]:
    """The project's Bot API server on 127.0.0.1; set `.flood` to enforce the limits."""
    server = BotApiServer()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture(scope="session")
def synapse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synapse]:
    """One real Synapse for the whole test session, always stopped at the end."""
    server = Synapse(tmp_path_factory.mktemp("synapse"))
    server.start()
    try:
        yield server
    finally:
        server.stop()
