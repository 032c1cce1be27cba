"""At most one update's replies are out but not yet settled, so a crash doubles at most one.

Telegram cannot drop a repeated send: an update whose replies went out but which was not yet
marked handled is handled again after a crash, and its replies arrive twice. Chats are handled
side by side (chats.py), so without care every chat between its send and its settle would be
in doubt at once. An update takes this lock just before its first send (after the pacing
wait, so no one waits behind another chat's pace) and gives it back once it is settled.
Sends outside an update's handling (announcements: their own outbox, one at a time) pass.
"""

from __future__ import annotations

import asyncio
from contextvars import ContextVar


class OneInDoubt:
    """The lock, and which task's update holds it."""

    def __init__(self) -> None:
        self._lock = asyncio.Lock()
        self._handling: ContextVar[bool] = ContextVar("handling", default=False)
        self._holding: ContextVar[bool] = ContextVar("holding", default=False)

    def handling(self) -> None:
        """The current task now handles an update (its chat worker)."""
        self._handling.set(True)

    async def before_send(self) -> None:
        """Called right before a message goes out: the update's first send takes the lock."""
        if self._handling.get() and not self._holding.get():
            await self._lock.acquire()
            self._holding.set(True)

    def settled(self) -> None:
        """The update is marked handled: nothing of it is in doubt any more."""
        if self._holding.get():
            self._holding.set(False)
            self._lock.release()
        self._handling.set(False)
