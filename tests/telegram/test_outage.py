"""Polling is supervised: a refused token ends the process with one line and status 1 (so a
supervisor restarts it or alerts); passing failures are retried with growing pauses."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.support.botapi import BotApiServer
from tests.support.words import BUNDLED_TEXTS
from tests.telegram.process import BotProcess
from tests.telegram.rig import Rig

pytestmark = pytest.mark.integration


async def test_a_revoked_token_ends_the_process_with_one_line_and_status_1(
    botapi: BotApiServer, tmp_path: Path
) -> None:
    bot = BotProcess(botapi, tmp_path)
    await bot.start()
    try:
        botapi.fail("getUpdates", 401, "Unauthorized", times=1000)
        anna = botapi.user(1701, "Anna")
        await botapi.message(botapi.chats[1701], anna, "/start")  # ends the long poll in course
        status = await bot.wait(60)
    finally:
        await bot.stop()
    output = bot.output.decode("utf-8", "replace")
    assert status == 1, output
    assert "Traceback" not in output
    error = BUNDLED_TEXTS.get("cli.error", "de", problem="")
    [line] = [line for line in output.splitlines() if line.startswith(error)]
    assert "LAGERFEUER_TELEGRAM_TOKEN" in line and botapi.token not in output


async def test_server_errors_are_retried_and_polling_goes_on(
    rig: Rig, botapi: BotApiServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="lagerfeuer.telegram")
    botapi.fail("getUpdates", 500, "Internal Server Error", times=3)

    def failed() -> list[int]:
        return [code for method, code, _ in botapi.errors if method == "getupdates"]

    await rig.until(lambda: failed() == [500] * 3)
    anna = botapi.user(1702, "Anna")
    [answer] = await rig.do(botapi.message(botapi.chats[1702], anna, "/start"))
    assert answer.chat_id == 1702 and failed() == [500] * 3
    lines = [r.getMessage() for r in caplog.records if "getUpdates" in r.getMessage()]
    assert len(lines) == 2, "one line when it starts failing, one when it works again"
    assert "failed" in lines[0] and "works again after 3" in lines[1]
