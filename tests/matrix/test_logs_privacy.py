"""The logs of the bot on a real Synapse carry no names, ids, message texts or credentials.

Logging is configured as `lagerfeuer run` does it (library loggers quiet, secrets scrubbed),
then our own loggers are opened to DEBUG, so every line the bot itself writes is inspected.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.runtime.bootstrap import configure_logging
from adapters.runtime.logsafety import scrub_secrets
from tests.matrix.people import Scene
from tests.support.synapse import Synapse

pytestmark = pytest.mark.integration

SECRET_TEXT = "Quokkafrage zum Vernetzen"
QUIET = ("httpx", "httpcore", "telegram", "nio", "aiohttp.access", "peewee")


@pytest.fixture
def production_logging() -> Iterator[None]:
    """Library log levels as the service sets them, restored afterwards."""
    saved = {name: logging.getLogger(name).level for name in (*QUIET, "")}
    try:
        yield
    finally:
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)


async def test_matrix_logs_carry_no_names_ids_texts_or_credentials(
    synapse: Synapse,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    production_logging: None,
) -> None:
    caplog.set_level(logging.DEBUG)
    async with Scene(synapse, tmp_path) as scene:
        configure_logging()  # before the bot logs in, as `lagerfeuer run` does
        logging.getLogger().setLevel(logging.DEBUG)
        bot = await scene.bot()
        assert bot.app is not None
        scrub_secrets(bot.app.settings)
        host = await scene.person("quokkahost")
        room = await host.create_room(name="Quokka-Runde", invite=(bot.user_id,))
        await host.wait_for(room, lambda m: m.sender == bot.user_id)
        guest = await scene.person("zephyrine")
        seen = len(host.seen)
        await guest.join(room)
        await host.wait_for(room, lambda m: m.sender == bot.user_id, after=seen)
        seen = len(host.seen)
        await guest.say(room, f"Lagerfeuer: {SECRET_TEXT}")
        await guest.say(room, "!datenschutz")
        await host.wait_for(
            room, lambda m: m.sender == bot.user_id and "Was ich über dich" in m.body, after=seen
        )
        people = (host.user_id, guest.user_id)
        password = bot.account.password
        assert bot.adapter is not None and bot.adapter.session is not None
        token = bot.adapter.session.access_token
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert "matrix" in logged, "the adapter's own lines were captured"
    needles = [SECRET_TEXT, "Quokka-Runde", password, token]
    needles += [user for user in people] + [user[1:].split(":")[0] for user in people]
    for needle in needles:
        assert needle.casefold() not in logged.casefold(), f"{needle!r} reached the logs"
