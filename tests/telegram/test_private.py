"""Private chats through the real adapter and PTB against the Bot API server."""

from __future__ import annotations

from tests.support.botapi import BotApiServer
from tests.telegram.rig import Rig


async def test_start_shows_menu_with_buttons(rig: Rig, botapi: BotApiServer) -> None:
    anna = botapi.user(501, "Anna")
    await botapi.message(botapi.chats[501], anna, "/start")
    [menu] = await botapi.wait_sent(501)
    assert "Lagerfeuer" in menu.text
    labels = [b["text"] for b in menu.buttons()]
    assert "Warum vernetzen?" in labels
    assert all(
        len(b["callback_data"].encode()) <= 64 for b in menu.buttons() if "callback_data" in b
    )
