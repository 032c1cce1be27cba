"""Shared fixtures: a harness over a fresh SQLite file for every test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.harness import Harness


@pytest.fixture
async def harness(tmp_path: Path) -> AsyncIterator[Harness]:
    h = await Harness.create(tmp_path / "lagerfeuer.db")
    try:
        yield h
    finally:
        await h.close()
