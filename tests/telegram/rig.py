"""The real core and the real Telegram adapter, talking to the test Bot API server."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr

from adapters.channels.telegram.app import TelegramAdapter, TelegramConfig
from adapters.channels.telegram.pacing import Limits, Pacer
from adapters.clock import SystemClock
from adapters.runtime.bootstrap import App, build_app
from adapters.runtime.channels import telegram_adapter
from adapters.runtime.settings import BUNDLED_CONTENT, Settings
from core.kernel.ports import Clock
from tests.harness import FakeClock
from tests.support.botapi import BotApiServer, JSONDict, Sent

FAST = Limits(overall=(30, 1.0), group=(20, 60.0), private=(1, 0.02))
"""Telegram's limits, except 1 message per 20 ms in a private chat, to keep tests quick."""


@dataclass
class Rig:
    """One running bot: core over SQLite, adapter, server."""

    server: BotApiServer
    app: App
    adapter: TelegramAdapter
    clock: FakeClock
    limits: Limits
    core_clock: Clock
    """The core's clock: `clock`, unless the rig runs in real time."""

    @classmethod
    async def start(
        cls,
        server: BotApiServer,
        db: Path,
        limits: Limits = FAST,
        language: str = "de",
        content_dir: Path | None = None,
        moderators: str = "",
        real_time: bool = False,
    ) -> Rig:
        """`moderators`: the operator's community moderators, as in LAGERFEUER_MODERATORS;
        `real_time`: the core reads the system clock (as flood protection does in service)."""
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            database=db,
            language=language,
            telegram_token=SecretStr(server.token),
            telegram_base_url=server.base_url,
            content_dir=content_dir or BUNDLED_CONTENT,
            moderators=moderators,
        )
        clock = FakeClock()
        core_clock: Clock = SystemClock() if real_time else clock
        app = await build_app(settings, clock=core_clock)
        adapter = cls._adapter(server, app, limits)
        await adapter.start()
        return cls(server, app, adapter, clock, limits, core_clock)

    @staticmethod
    def _adapter(server: BotApiServer, app: App, limits: Limits) -> TelegramAdapter:
        config = TelegramConfig(token=server.token, base_url=server.base_url, poll_timeout=1)
        return telegram_adapter(app, config=config, pacer=Pacer(limits))

    async def tick(self, seconds: float = 0) -> None:
        """Move the core's clock and deliver what its timers produce."""
        self.clock.advance(seconds)
        await self.adapter.perform(await self.app.assistant.tick())

    async def restart(self, core: bool = False) -> None:
        """A new adapter (and PTB application) over the same database; with `core`, a new
        core too, as after a restart of the process."""
        await self.adapter.stop()
        if core:
            settings = self.app.settings
            await self.app.close()
            self.app = await build_app(settings, clock=self.core_clock)
        self.adapter = self._adapter(self.server, self.app, self.limits)
        await self.adapter.start()

    async def stop(self) -> None:
        await self.adapter.stop()
        await self.app.close()

    async def until(self, check: Callable[[], bool], within: float = 10.0) -> None:
        """Wait until `check()` holds."""
        async with asyncio.timeout(within):
            while True:
                if check():
                    return
                await asyncio.sleep(0.01)

    async def do(self, pushing: Awaitable[JSONDict], updates: int = 1) -> list[Sent]:
        """Push update(s), wait until the bot handled them; returns what it sent meanwhile."""
        before = len(self.server.sent)
        target = self.adapter.updates_handled + updates
        await pushing
        await self.until(lambda: self.adapter.updates_handled >= target)
        return self.server.sent[before:]

    async def press(self, sent: Sent, person: JSONDict, label: str) -> list[Sent]:
        """Press the button labelled `label` under `sent`."""
        for button in sent.buttons():
            if button["text"] == label and "callback_data" in button:
                return await self.do(self.server.press(sent, person, button["callback_data"]))
        labels = [b["text"] for b in sent.buttons()]
        raise AssertionError(f"no button {label!r} among {labels}")


def with_buttons(sent: list[Sent]) -> Sent:
    """The last message that has buttons."""
    return [s for s in sent if s.keyboard][-1]
