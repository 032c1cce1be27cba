"""Who moderates: the operator's list everywhere, plus each platform's own answer."""

from __future__ import annotations

from core.kernel.messages import ChatRef, Platform, UserRef
from core.kernel.ports import Moderators


class ModeratorDirectory:
    """Asks the operator's list first, then the adapter of the chat's platform."""

    def __init__(self, operator_ids: set[str]) -> None:
        self.operator_ids = operator_ids
        self.platforms: dict[Platform, Moderators] = {}

    def register(self, platform: Platform, moderators: Moderators) -> None:
        """Let an adapter answer for its platform."""
        self.platforms[platform] = moderators

    async def is_moderator(self, chat: ChatRef, user: UserRef) -> bool:
        if f"{user.platform.value}:{user.id}" in self.operator_ids:
            return True
        checker = self.platforms.get(chat.platform)
        return checker is not None and await checker.is_moderator(chat, user)


class FixedModerators:
    """A platform whose moderators are a fixed set of user ids (the terminal chat)."""

    def __init__(self, user_ids: set[str]) -> None:
        self.user_ids = user_ids

    async def is_moderator(self, chat: ChatRef, user: UserRef) -> bool:
        return user.id in self.user_ids
