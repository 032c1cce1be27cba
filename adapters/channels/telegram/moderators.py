"""Telegram moderators: a chat's administrators, asked from the Bot API with a short cache.

The cache is dropped for a chat whenever a `chat_member` update touches an administrator
there. Administering a group makes nobody a moderator of anything else: in a private chat
the platform names no moderator (only community moderators have moderator commands there).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from telegram import Bot
from telegram.error import TelegramError

from core.kernel.logs import pseudonym
from core.kernel.messages import ChatRef, Platform, UserRef

log = logging.getLogger("lagerfeuer.telegram.moderators")

CACHE_SECONDS = 300.0


class TelegramModerators:
    """Implements the core's Moderators port for Telegram chats."""

    def __init__(
        self,
        bot: Bot,
        cache_seconds: float = CACHE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.bot = bot
        self.cache_seconds = cache_seconds
        self.clock = clock
        self._admins: dict[str, tuple[float, frozenset[str]]] = {}

    def invalidate(self, chat_id: str) -> None:
        """Forget a chat's administrators (a chat_member update changed them)."""
        self._admins.pop(chat_id, None)

    async def admins(self, chat_id: str) -> frozenset[str]:
        """User ids of the chat's administrators (empty when Telegram cannot say)."""
        cached = self._admins.get(chat_id)
        if cached is not None and self.clock() - cached[0] < self.cache_seconds:
            return cached[1]
        try:
            members = await self.bot.get_chat_administrators(int(chat_id))
        except TelegramError as exc:
            log.warning(
                "administrators of chat %s unavailable: %s", pseudonym(chat_id), type(exc).__name__
            )
            return frozenset()
        ids = frozenset(str(m.user.id) for m in members if not m.user.is_bot)
        self._admins[chat_id] = (self.clock(), ids)
        return ids

    async def is_moderator(self, chat: ChatRef, user: UserRef) -> bool:
        if user.platform is not Platform.TELEGRAM or chat.is_private:
            return False
        return user.id in await self.admins(chat.id)
