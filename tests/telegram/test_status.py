"""`lagerfeuer status` beside the real `lagerfeuer run` process: running and connected, then
not connected while Telegram fails, then killed, then stopped."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from tests.support.botapi import BotApiServer
from tests.telegram.process import BotProcess

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


async def status(folder: Path) -> tuple[int, list[str]]:
    """Run `lagerfeuer status` over the bot's database: its exit status and lines."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAGERFEUER_")}
    env.update(LAGERFEUER_DATABASE=str(folder / "bot.db"), PYTHONPATH=str(ROOT))
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "adapters.cli.main",
        "status",
        cwd=folder,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out.decode().splitlines()


async def until_status(folder: Path, wanted: str, within: float = 60.0) -> tuple[int, list[str]]:
    """`lagerfeuer status` again and again until a line contains `wanted`."""
    async with asyncio.timeout(within):
        while True:
            code, lines = await status(folder)
            if any(wanted in line for line in lines):
                return code, lines
            await asyncio.sleep(0.5)


async def test_status_follows_the_service(botapi: BotApiServer, tmp_path: Path) -> None:
    code, lines = await status(tmp_path)
    assert code == 1 and "lief mit dieser Datenbank noch nicht" in lines[0], lines
    bot = BotProcess(botapi, tmp_path)
    await bot.start()
    try:
        anna = botapi.user(1801, "Anna")
        await botapi.message(botapi.chats[1801], anna, "/start")
        await botapi.wait_sent(1801, within=30)
        code, lines = await until_status(tmp_path, "letztes Update vor")
        assert code == 0, lines
        assert lines[0].startswith("Dienst läuft"), lines
        assert lines[1].startswith("telegram: verbunden, letztes Update vor"), lines

        botapi.fail("getUpdates", 502, "Bad Gateway", times=10_000)
        await botapi.message(botapi.chats[1801], anna, "/hilfe")  # ends the long poll in course
        code, lines = await until_status(tmp_path, "telegram: nicht verbunden")
        assert code == 1 and lines[0].startswith("Dienst läuft"), lines

        bot.kill()
        await bot.wait()
        code, lines = await status(tmp_path)
        assert code == 1 and "abgestürzt oder hängt" in lines[0], lines

        botapi.injected.clear()
        await bot.start()
        assert bot.process is not None
        await until_status(tmp_path, "telegram: verbunden")
        bot.process.send_signal(signal.SIGTERM)
        assert await bot.wait() == 0
        code, lines = await status(tmp_path)
        assert code == 1 and lines[0].startswith("Dienst ist beendet"), lines
        assert lines[1].startswith("telegram: nicht verbunden"), lines
    finally:
        await bot.stop()
