"""The running service's logs (Telegram against the test Bot API server): no token, no names,
no message texts, no user ids; and the scrubber masks secrets whatever library logs them."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from pydantic import SecretStr

from adapters.runtime.logsafety import MASK, LibraryDetails, scrub_secrets
from adapters.runtime.service import run_service
from adapters.runtime.settings import Settings
from tests.support.botapi import BotApiServer

USER_ID = 918273645
NAME = "Zephyrine"
SECRET_TEXT = "Quokkafrage zum Vernetzen"


async def test_service_logs_carry_no_token_name_text_or_id(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    server = BotApiServer()
    await server.start()
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database=tmp_path / "db.sqlite",
        telegram_token=SecretStr(server.token),
        telegram_base_url=server.base_url,
    )
    caplog.set_level(logging.DEBUG)
    service = asyncio.create_task(run_service(settings))
    try:
        for _ in range(400):  # until the service logs that it is ready
            if any("ready" in r.getMessage() for r in caplog.records):
                break
            await asyncio.sleep(0.05)
        logging.getLogger().setLevel(logging.DEBUG)  # our own debug lines too
        person = server.user(USER_ID, NAME, "Quokka")
        group = server.group(-100918273645, "Netzwerk Quokka")
        for text in ("/start", SECRET_TEXT, "/einstieg", "/datenschutz"):
            await server.message(server.chats[USER_ID], person, text)
        await server.join(group, person)
        await server.message(group, person, f"@{server.bot['username']} {SECRET_TEXT}")
        await server.wait_sent(USER_ID, count=4, within=15)
    finally:
        service.cancel()
        with pytest.raises(asyncio.CancelledError):
            await service
        await server.stop()
    logged = "\n".join(
        f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in caplog.records
    ).casefold()
    secret = server.token.split(":", 1)[1]
    for needle in (secret, NAME, "Quokka", SECRET_TEXT, str(USER_ID)):
        assert needle.casefold() not in logged, f"{needle!r} reached the logs"


def test_scrubber_masks_secrets_in_any_library_line(caplog: pytest.LogCaptureFixture) -> None:
    token = "123456:SECRET-token_xyz"
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_token=SecretStr(token),
        matrix_access_token=SecretStr("syt_matrix_secret_value"),
    )
    root = logging.getLogger()
    scrubber = scrub_secrets(settings)
    caplog.handler.addFilter(scrubber)
    try:
        with caplog.at_level(logging.INFO):
            logging.getLogger("httpx").warning("POST https://api.telegram.org/bot%s/getMe", token)
            logging.getLogger("nio").warning("Authorization: Bearer syt_matrix_secret_value")
            try:
                raise RuntimeError(f"failed https://api.telegram.org/bot{token}/x")
            except RuntimeError:
                logging.getLogger("telegram").exception("request failed")
    finally:
        for handler in root.handlers:
            handler.removeFilter(scrubber)
            for details in [f for f in handler.filters if isinstance(f, LibraryDetails)]:
                handler.removeFilter(details)
        caplog.handler.removeFilter(scrubber)
    text = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert token not in text and "SECRET-token_xyz" not in text
    assert "syt_matrix_secret_value" not in text
    assert text.count(MASK) >= 2
    # a chat library's exception keeps its type only: its text may quote an update
    assert "request failed (RuntimeError) [details withheld]" in text
