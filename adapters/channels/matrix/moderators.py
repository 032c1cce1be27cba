"""The Matrix answer to "may this person moderate this room?", from the room's current state."""

from __future__ import annotations

from adapters.channels.matrix.calls import Calls
from adapters.channels.matrix.power import may_moderate
from core.kernel.messages import ChatRef, Platform, UserRef


class MatrixModerators:
    """Reads `m.room.power_levels` fresh for every question; the create event never changes."""

    def __init__(self, calls: Calls) -> None:
        self.calls = calls
        self.create_events: dict[str, tuple[str, dict[str, object]]] = {}

    async def _create_event(self, room_id: str) -> tuple[str, dict[str, object]]:
        known = self.create_events.get(room_id)
        if known is not None:
            return known
        event = await self.calls.state_event(room_id, "m.room.create")
        if event is None:
            return "", {}
        found = (str(event.get("sender", "")), dict(event.get("content") or {}))
        self.create_events[room_id] = found
        return found

    async def is_moderator(self, chat: ChatRef, user: UserRef) -> bool:
        if chat.platform is not Platform.MATRIX or user.platform is not Platform.MATRIX:
            return False
        sender, content = await self._create_event(chat.id)
        levels = await self.calls.state_event(chat.id, "m.room.power_levels")
        power = levels.get("content") if levels is not None else None
        return may_moderate(user.id, power if isinstance(power, dict) else None, sender, content)
