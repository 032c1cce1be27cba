"""How someone gets into a room, by the platform's own means: each platform's adapter answers
for its rooms; a platform without an answer (the terminal chat) has the person ask a moderator."""

from __future__ import annotations

import logging

from core.kernel.logs import where
from core.kernel.messages import ChatRef, Platform
from core.kernel.ports import ASK_A_MODERATOR, RoomDoors, WayIn

log = logging.getLogger("lagerfeuer.doors")


class DoorDirectory:
    """Asks the adapter of the room's platform."""

    def __init__(self) -> None:
        self.platforms: dict[Platform, RoomDoors] = {}

    def register(self, platform: Platform, doors: RoomDoors) -> None:
        """Let an adapter answer for its platform."""
        self.platforms[platform] = doors

    async def way_in(self, chat: ChatRef, *, approval: bool = False) -> WayIn:
        doors = self.platforms.get(chat.platform)
        if chat.is_private or doors is None:
            return ASK_A_MODERATOR
        try:
            return await doors.way_in(chat, approval=approval)
        except Exception as exc:  # a platform's odd answer costs the link, never the plan
            log.warning("way into %s unknown: %s", where(chat), type(exc).__name__)
            return ASK_A_MODERATOR
