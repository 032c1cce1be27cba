"""Nothing of a person is left behind: after /vergessen neither the database file nor its
-wal holds their id or what they wrote, while the bot keeps running; an update nobody can
parse reaches the logs without its names and texts."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
from telegram import Bot
from telegram.error import TelegramError

from adapters.runtime.logsafety import LibraryDetails
from tests.support.botapi import BotApiServer, JSONDict
from tests.telegram.process import BotProcess
from tests.telegram.rig import Rig

pytestmark = pytest.mark.integration

PERSON_ID = 731942658
PHONE = "+49 151 23456789"
NAME = "Zacharias"


def raw_bytes(db: Path) -> bytes:
    """The database file and its write-ahead log, as they are on disk."""
    wal = db.with_name(db.name + "-wal")
    return db.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


async def test_forget_leaves_nothing_in_the_database_or_its_wal(
    rig: Rig, botapi: BotApiServer, tmp_path: Path
) -> None:
    person = botapi.user(PERSON_ID, NAME)
    chat = botapi.chats[PERSON_ID]
    await rig.do(botapi.message(chat, person, "/start"))
    await rig.do(botapi.message(chat, person, f"Ruf mich an: {PHONE}"))
    db = tmp_path / "lagerfeuer.db"
    assert str(PERSON_ID).encode() in raw_bytes(db), "there was something to forget"
    [ask] = await rig.do(botapi.message(chat, person, "/vergessen"))
    [yes] = [b for b in ask.buttons() if "forget:yes" in b.get("callback_data", "")]
    await rig.do(botapi.press(ask, person, yes["callback_data"]))
    left = raw_bytes(db)
    for needle in (str(PERSON_ID), PHONE, NAME):
        assert needle.encode() not in left, f"{needle!r} is still in the files"


def malformed(name: str, text: str) -> JSONDict:
    """A message update Telegram would never send: no date, so it cannot be parsed."""
    sender = {"id": 1801, "is_bot": False, "first_name": name}
    chat = {"id": 1801, "type": "private", "first_name": name}
    return {"message": {"message_id": 1, "chat": chat, "from": sender, "text": text}}


async def test_an_unparsable_update_is_skipped_and_logged_without_its_content(
    botapi: BotApiServer, tmp_path: Path
) -> None:
    bot = BotProcess(botapi, tmp_path)
    await bot.start()
    try:
        await botapi.push(malformed("Mallory", "Geheimwort"))
        anna = botapi.user(1802, "Anna")
        await botapi.message(botapi.chats[1802], anna, "/start")
        await botapi.wait_sent(1802, within=30)
    finally:
        await bot.stop()
    output = bot.output.decode("utf-8", "replace")
    assert "could not be read" in output
    assert "Mallory" not in output and "Geheimwort" not in output


async def test_the_library_log_of_an_unparsable_update_keeps_no_names_or_texts(
    botapi: BotApiServer,
) -> None:
    """python-telegram-bot's own getUpdates logs the whole update it cannot parse."""
    written = io.StringIO()
    handler = logging.StreamHandler(written)
    handler.addFilter(LibraryDetails())
    library = logging.getLogger("telegram")
    library.addHandler(handler)
    try:
        await botapi.push(malformed("Mallory", "Geheimwort"))
        bot = Bot(botapi.token, base_url=botapi.base_url)
        async with bot:
            with pytest.raises((KeyError, TelegramError)):
                await bot.get_updates()
    finally:
        library.removeHandler(handler)
    logged = written.getvalue()
    assert "Error while parsing updates" in logged and "KeyError" in logged
    assert "Mallory" not in logged and "Geheimwort" not in logged
