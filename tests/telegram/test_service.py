"""The real `lagerfeuer run` process against the Bot API server: start, answer, stop cleanly."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from tests.support.botapi import BotApiServer

pytestmark = pytest.mark.integration


async def test_lagerfeuer_run_answers_on_telegram_and_stops_on_sigterm(
    botapi: BotApiServer, tmp_path: Path
) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("LAGERFEUER_")}
    env.update(
        LAGERFEUER_TELEGRAM_TOKEN=botapi.token,
        LAGERFEUER_TELEGRAM_BASE_URL=botapi.base_url,
        LAGERFEUER_DATABASE=str(tmp_path / "bot.db"),
        PYTHONUNBUFFERED="1",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "adapters.cli.main",
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await botapi.wait_for(lambda: any(m == "getupdates" for m, _ in botapi.calls), 30)
        methods = [method for method, _ in botapi.calls]
        assert methods[0] == "getme" and "deletewebhook" in methods
        await botapi.wait_for(lambda: len(botapi.commands) == 9, 30)
        anna = botapi.user(1501, "Anna")
        await botapi.message(botapi.chats[1501], anna, "/start")
        [menu] = await botapi.wait_sent(1501, within=30)
        assert menu.buttons()
        process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(20):
            out, err = await process.communicate()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0
    logs = (out + err).decode("utf-8", "replace")
    assert botapi.token not in logs and botapi.token.split(":")[1] not in logs
    assert "ready" in logs
