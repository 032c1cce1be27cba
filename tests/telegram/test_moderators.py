"""Moderators are the chat's administrators, asked from the Bot API with a short cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from telegram import Bot

from adapters.channels.telegram.moderators import TelegramModerators
from adapters.storage.store import SqliteStore
from core.kernel.messages import ChatRef, Platform, UserRef
from tests.support.botapi import BotApiServer

pytestmark = pytest.mark.integration


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_cache_is_used_expires_and_is_dropped_on_change(
    botapi: BotApiServer, tmp_path: Path
) -> None:
    owner, ada = botapi.user(1, "Olga"), botapi.user(2, "Ada")
    group = botapi.group(-1009, "Netzwerk", owner=owner)
    chat = ChatRef(Platform.TELEGRAM, str(group["id"]), False)
    store = await SqliteStore.open(tmp_path / "m.db")
    ticks = Ticks()
    async with Bot(botapi.token, base_url=botapi.base_url) as bot:
        mods = TelegramModerators(bot, cache_seconds=60, clock=ticks)

        def asked() -> int:
            return sum(1 for method, _ in botapi.calls if method == "getchatadministrators")

        def user(data: dict[str, object]) -> UserRef:
            return UserRef(Platform.TELEGRAM, str(data["id"]))

        assert await mods.is_moderator(chat, user(owner))
        assert not await mods.is_moderator(chat, user(ada))
        assert asked() == 1, "the second question came from the cache"
        assert not await mods.is_moderator(chat, UserRef(Platform.TELEGRAM, str(botapi.bot_id)))
        botapi.admins[group["id"]].append(2)
        assert not await mods.is_moderator(chat, user(ada)), "cached for a while"
        mods.invalidate(str(group["id"]))
        assert await mods.is_moderator(chat, user(ada))
        botapi.admins[group["id"]].remove(2)
        ticks.now = 61
        assert not await mods.is_moderator(chat, user(ada)), "the cache expired"
        assert asked() == 3
    await store.close()
