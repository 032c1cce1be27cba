"""Start-up modes: webhook (guarded by the secret token), and a token Telegram rejects."""

from __future__ import annotations

import socket
from pathlib import Path

import aiohttp
import pytest
from pydantic import SecretStr

from adapters.channels.telegram.app import webhook_secret
from adapters.runtime.bootstrap import build_app
from adapters.runtime.channels import telegram_adapter
from adapters.runtime.settings import Settings
from core.errors import ConfigError
from tests.harness import FakeClock
from tests.support.botapi import BotApiServer

pytestmark = pytest.mark.integration


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_webhook_receives_updates_with_the_secret_only(
    botapi: BotApiServer, tmp_path: Path
) -> None:
    port = free_port()
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database=tmp_path / "bot.db",
        telegram_token=SecretStr(botapi.token),
        telegram_base_url=botapi.base_url,
        telegram_webhook_url="https://bot.example.org/tg-hook",
        telegram_webhook_listen=f"127.0.0.1:{port}",
    )
    app = await build_app(settings, clock=FakeClock())
    adapter = telegram_adapter(app)
    await adapter.start()
    try:
        secret = webhook_secret(botapi.token)
        assert botapi.webhook == {"url": "https://bot.example.org/tg-hook", "secret_token": secret}
        assert botapi.token not in secret
        anna = botapi.user(1201, "Anna")
        update = await botapi.message(botapi.chats[1201], anna, "/start")
        url = f"http://127.0.0.1:{port}/tg-hook"
        async with aiohttp.ClientSession() as http:
            wrong = {"X-Telegram-Bot-Api-Secret-Token": "guess"}
            async with http.post(url, json=update, headers=wrong) as refused:
                assert refused.status == 403
            right = {"X-Telegram-Bot-Api-Secret-Token": secret}
            async with http.post(url, json=update, headers=right) as accepted:
                assert accepted.status == 200
        [menu] = await botapi.wait_sent(1201)
        assert menu.buttons()
    finally:
        await adapter.stop()
        await app.close()


async def test_a_rejected_token_stops_start_up_naming_the_variable(
    botapi: BotApiServer, tmp_path: Path
) -> None:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database=tmp_path / "bot.db",
        telegram_token=SecretStr("999:not-the-token"),
        telegram_base_url=botapi.base_url,
    )
    app = await build_app(settings, clock=FakeClock())
    try:
        adapter = telegram_adapter(app)
        with pytest.raises(ConfigError, match="LAGERFEUER_TELEGRAM_TOKEN"):
            await adapter.start()
    finally:
        await app.close()
