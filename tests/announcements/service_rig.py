"""The bot assembled as `lagerfeuer run` does it: adapters, timer loop and delivery worker."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from pathlib import Path

from pydantic import SecretStr

from adapters.channels.contract import ChannelAdapter
from adapters.runtime.bootstrap import App, build_app
from adapters.runtime.channels import build_channels, dispatch
from adapters.runtime.settings import Settings
from core.announcements.delivery import OutboxWorker
from tests.support.botapi import BotApiServer
from tests.support.synapse import Account, Synapse

TICK = 0.2


def settings_for(
    folder: Path,
    telegram: BotApiServer | None = None,
    matrix: tuple[Synapse, Account] | None = None,
    moderators: str = "",
) -> Settings:
    """Settings of a bot on the given test servers; `moderators` as LAGERFEUER_MODERATORS."""
    folder.mkdir(parents=True, exist_ok=True)  # the data folder, made as an operator makes it
    values: dict[str, object] = {"database": folder / "lagerfeuer.db", "moderators": moderators}
    if telegram is not None:
        values["telegram_token"] = SecretStr(telegram.token)
        values["telegram_base_url"] = telegram.base_url
    if matrix is not None:
        server, account = matrix
        values["matrix_homeserver"] = server.url
        values["matrix_user_id"] = account.user_id
        values["matrix_password"] = SecretStr(account.password)
        values["matrix_store"] = folder / "matrix-store"
    return Settings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]


class Running:
    """One running bot; `stop()` ends it the way SIGTERM does."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.app: App | None = None
        self.adapters: list[ChannelAdapter] = []
        self.worker: OutboxWorker | None = None
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> Running:
        self.app = app = await build_app(self.settings)
        self.adapters = build_channels(app).channels
        try:
            for adapter in self.adapters:
                await adapter.start()
        except BaseException:
            await self.stop()
            raise
        senders = [adapter.announcement_sender for adapter in self.adapters]
        self.worker = OutboxWorker(app.store, senders, app.clock, 0.1)
        self._tasks = [
            asyncio.create_task(self._tick()),
            asyncio.create_task(self.worker.run_forever()),
        ]
        return self

    async def _tick(self) -> None:
        assert self.app is not None
        while True:
            await asyncio.sleep(TICK)
            await dispatch(self.adapters, await self.app.assistant.tick())

    async def until(self, check: Callable[[], bool], within: float = 30.0) -> None:
        """Wait until `check()` holds; fails after `within` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while loop.time() < deadline:
            if check():
                return
            await asyncio.sleep(0.05)
        raise AssertionError("condition not reached in time")

    async def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()
        for task in self._tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for adapter in reversed(self.adapters):
            with contextlib.suppress(Exception):
                await adapter.stop()
        if self.app is not None:
            await self.app.close()
