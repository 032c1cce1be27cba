"""Who moderates a room by the platform's own rules: each platform's adapter answers for its
rooms. Community moderators (the operator's list and those named in the chat) are the core's
business (`Turn.is_community_moderator`)."""

from __future__ import annotations

from core.kernel.messages import ChatRef, Platform, UserRef
from core.kernel.ports import Moderators


class ModeratorDirectory:
    """Asks the adapter of the chat's platform."""

    def __init__(self) -> None:
        self.platforms: dict[Platform, Moderators] = {}

    def register(self, platform: Platform, moderators: Moderators) -> None:
        """Let an adapter answer for its platform."""
        self.platforms[platform] = moderators

    async def is_moderator(self, chat: ChatRef, user: UserRef) -> bool:
        if chat.is_private or user.platform is not chat.platform:
            return False
        checker = self.platforms.get(chat.platform)
        return checker is not None and await checker.is_moderator(chat, user)


class FixedModerators:
    """A platform whose room moderators are a fixed set of user ids (the terminal chat)."""

    def __init__(self, user_ids: set[str]) -> None:
        self.user_ids = user_ids

    async def is_moderator(self, chat: ChatRef, user: UserRef) -> bool:
        return not chat.is_private and user.id in self.user_ids
