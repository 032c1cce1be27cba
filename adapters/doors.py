"""How someone gets into a room, by the platform's own means: each platform's adapter answers
for its rooms; a platform without an answer (the terminal chat) has the person ask a moderator."""

from __future__ import annotations

from core.kernel.messages import ChatRef, Platform
from core.kernel.ports import ASK_A_MODERATOR, RoomDoors, WayIn


class DoorDirectory:
    """Asks the adapter of the room's platform."""

    def __init__(self) -> None:
        self.platforms: dict[Platform, RoomDoors] = {}

    def register(self, platform: Platform, doors: RoomDoors) -> None:
        """Let an adapter answer for its platform."""
        self.platforms[platform] = doors

    async def way_in(self, chat: ChatRef) -> WayIn:
        doors = self.platforms.get(chat.platform)
        if chat.is_private or doors is None:
            return ASK_A_MODERATOR
        return await doors.way_in(chat)
