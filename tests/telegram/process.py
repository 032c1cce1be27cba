"""The real `lagerfeuer run` process against the Bot API server, for tests of crashes and
faults: started, killed with SIGKILL, restarted over the same database."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.support.botapi import BotApiServer


class BotProcess:
    """`python -m adapters.cli.main run` with the server's token and base URL."""

    def __init__(self, botapi: BotApiServer, folder: Path) -> None:
        self.botapi = botapi
        self.folder = folder
        self.process: asyncio.subprocess.Process | None = None
        self.output = b""

    async def start(self) -> None:
        """Start the bot; returns once it asked Telegram for updates."""
        polls = self.polls()
        await self.launch()
        await self.botapi.wait_for(lambda: self.polls() > polls, 60)

    async def launch(self, **settings: str) -> None:
        """Start the bot with these `LAGERFEUER_*` values besides the server's; returns at once."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("LAGERFEUER_")}
        env.update(
            LAGERFEUER_TELEGRAM_TOKEN=self.botapi.token,
            LAGERFEUER_TELEGRAM_BASE_URL=self.botapi.base_url,
            LAGERFEUER_DATABASE=str(self.folder / "bot.db"),
            PYTHONUNBUFFERED="1",
        )
        env.update(settings)
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "adapters.cli.main",
            "run",
            cwd=self.folder,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )

    async def start_webhook(self, url: str, listen: str) -> None:
        """Start the bot in webhook mode; returns once it told the server where to post."""
        hooks = self.calls("setwebhook")
        await self.launch(
            LAGERFEUER_TELEGRAM_WEBHOOK_URL=url, LAGERFEUER_TELEGRAM_WEBHOOK_LISTEN=listen
        )
        await self.botapi.wait_for(lambda: self.calls("setwebhook") > hooks, 60)

    def calls(self, method: str) -> int:
        """How many calls of `method` (lower case) the server has seen."""
        return sum(1 for name, _ in self.botapi.calls if name == method)

    def polls(self) -> int:
        """How many getUpdates calls the server has seen."""
        return sum(1 for method, _ in self.botapi.calls if method == "getupdates")

    def kill(self) -> None:
        """SIGKILL, right now (callable from inside a server request)."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)

    async def wait(self, within: float = 90.0) -> int:
        """Wait for the process to end; returns its status and keeps its output."""
        assert self.process is not None
        async with asyncio.timeout(within):
            out, _ = await self.process.communicate()
        self.output += out
        assert self.process.returncode is not None
        return self.process.returncode

    async def stop(self) -> None:
        """SIGTERM and wait (or SIGKILL when it hangs)."""
        if self.process is None or self.process.returncode is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            await self.wait(20)
        finally:
            if self.process.returncode is None:
                self.process.kill()
                await self.process.wait()
