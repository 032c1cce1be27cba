"""Fixtures: the real core over SQLite with a moderator, known rooms and fake senders."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from core.announcements.delivery import OutboxWorker
from core.kernel.messages import Platform
from core.kernel.ports import RoomSettings
from tests.announcements.fakes import FakeSender
from tests.harness import FakeModerators, Harness

TELEGRAM_ROOMS = ("-1001", "-1002", "-1003")
MATRIX_ROOMS = ("!a:example.org", "!b:example.org")
EXCLUDED_ROOM = "-1009"
"""A Telegram room whose moderators switched "all rooms" announcements off."""


@dataclass
class Bench:
    """The harness, the senders and a worker over the same database."""

    harness: Harness
    telegram: FakeSender
    matrix: FakeSender
    console: FakeSender

    def worker(self) -> OutboxWorker:
        senders = [self.telegram, self.matrix, self.console]
        return OutboxWorker(self.harness.app.store, senders, self.harness.clock)

    async def deliver(self) -> int:
        """One delivery round, as the running bot's worker does it."""
        return await self.worker().run_once()


async def seed_rooms(harness: Harness) -> None:
    """Rooms of the community (a community moderator approved them)."""
    store = harness.app.store
    for chat_id in TELEGRAM_ROOMS:
        await store.save_room(
            RoomSettings("telegram", chat_id, title=f"TG {chat_id}", community=True)
        )
    for chat_id in MATRIX_ROOMS:
        await store.save_room(
            RoomSettings("matrix", chat_id, title=f"MX {chat_id}", tags=["kiel"], community=True)
        )
    await store.save_room(
        RoomSettings("telegram", EXCLUDED_ROOM, title="quiet", receives_all=False, community=True)
    )


@pytest.fixture
async def bench(tmp_path: Path) -> AsyncIterator[Bench]:
    harness = await Harness.create(
        tmp_path / "lagerfeuer.db", moderators=FakeModerators({"mod"}), community={"mod"}
    )
    await seed_rooms(harness)
    try:
        yield Bench(
            harness,
            FakeSender(Platform.TELEGRAM),
            FakeSender(Platform.MATRIX, dedupe=True),
            FakeSender(Platform.CONSOLE),
        )
    finally:
        await harness.close()
