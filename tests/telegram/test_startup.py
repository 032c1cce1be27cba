"""Telegram's start-up failures, run as the operator runs the bot: each ends the real
`lagerfeuer run` with one line naming the cause and a status, never a traceback."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.botapi import BotApiServer
from tests.support.words import BUNDLED_TEXTS
from tests.telegram.process import BotProcess

pytestmark = pytest.mark.integration


def problem_line(key: str, problem: str = "") -> str:
    """The start of the line `lagerfeuer` ends with (German, the default language)."""
    return BUNDLED_TEXTS.get(key, "de", problem=problem)


PROBLEM_LINES = (problem_line("cli.config_error"), problem_line("cli.error"))


async def ended(bot: BotProcess, **settings: str) -> tuple[int, str]:
    """Run the bot until it ends by itself: its status and the one line it printed."""
    await bot.launch(**settings)
    try:
        status = await bot.wait(90)
    finally:
        await bot.stop()
    output = bot.output.decode("utf-8", "replace")
    assert "Traceback" not in output, output
    assert bot.botapi.token not in output, "the token stays out of the output"
    lines = [line for line in output.splitlines() if line.startswith(PROBLEM_LINES)]
    assert len(lines) == 1, output
    return status, lines[0]


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A local port some other program listens on."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield other.getsockname()[1]


async def test_a_refused_token_at_start_says_so(botapi: BotApiServer, tmp_path: Path) -> None:
    bot = BotProcess(botapi, tmp_path)
    status, line = await ended(bot, LAGERFEUER_TELEGRAM_TOKEN="999:not-the-token")
    assert status == 2
    assert line.startswith(problem_line("cli.config_error", "LAGERFEUER_TELEGRAM_TOKEN"))
    assert "refused" in line


async def test_a_bad_request_at_start_names_the_call_and_telegrams_reason(
    botapi: BotApiServer, tmp_path: Path
) -> None:
    botapi.fail("getMe", 400, "Bad Request: bot is not available", times=100)
    status, line = await ended(BotProcess(botapi, tmp_path))
    assert status == 1
    assert "getMe" in line and "bot is not available" in line.lower(), "Telegram's reason"


async def test_a_failing_delete_webhook_names_the_call(
    botapi: BotApiServer, tmp_path: Path
) -> None:
    botapi.fail("deleteWebhook", 400, "Bad Request: webhook can't be deleted", times=100)
    status, line = await ended(BotProcess(botapi, tmp_path))
    assert status == 1
    assert "deleteWebhook" in line and "webhook can't be deleted" in line.lower()


async def test_a_malformed_get_me_is_one_line(botapi: BotApiServer, tmp_path: Path) -> None:
    botapi.garbled["getme"] = {"ok": True, "result": {"first_name": "no id, no username"}}
    status, line = await ended(BotProcess(botapi, tmp_path))
    assert status == 1
    assert "getMe" in line and "unexpected" in line


async def test_a_webhook_port_in_use_names_the_setting(
    botapi: BotApiServer, tmp_path: Path, taken_port: int
) -> None:
    status, line = await ended(
        BotProcess(botapi, tmp_path),
        LAGERFEUER_TELEGRAM_WEBHOOK_URL="https://bot.example.org/telegram",
        LAGERFEUER_TELEGRAM_WEBHOOK_LISTEN=f"127.0.0.1:{taken_port}",
    )
    assert status == 1
    assert line.startswith(problem_line("cli.error", "LAGERFEUER_TELEGRAM_WEBHOOK_LISTEN"))
    assert f"127.0.0.1:{taken_port}" in line and "in use" in line
