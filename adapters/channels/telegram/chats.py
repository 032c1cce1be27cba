"""Updates of one chat are handled in order, different chats side by side.

Waiting for one chat's send pacing (1 message a second in a private chat) must not hold up
every other chat, and two updates of one chat must not race through the core.
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections import deque
from collections.abc import Awaitable, Callable

from core.errors import StorageError

log = logging.getLogger("lagerfeuer.telegram")

Job = Callable[[], Awaitable[None]]


def failure(exc: BaseException) -> str:
    """An exception for the log: its type and where it happened, never its message (which
    might quote a message text or a name)."""
    frames = traceback.extract_tb(exc.__traceback__)
    at = f" at {frames[-1].filename}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}{at}"


class ChatQueues:
    """One queue and worker task per busy chat; a worker ends when its queue is empty."""

    def __init__(self) -> None:
        self._queues: dict[str, deque[Job]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    async def submit(self, key: str, job: Job) -> None:
        """Queue `job` behind the chat's earlier jobs."""
        queue = self._queues.get(key)
        if queue is not None:
            queue.append(job)
            return
        self._queues[key] = deque([job])
        task = asyncio.create_task(self._work(key))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _work(self, key: str) -> None:
        queue = self._queues[key]
        try:
            while queue:
                try:
                    await queue[0]()
                except StorageError as exc:  # names the database file, never a message
                    log.error("handling an update failed: %s", exc)
                except Exception as exc:
                    log.error("handling an update failed: %s", failure(exc))
                queue.popleft()
        finally:
            del self._queues[key]

    @property
    def busy(self) -> int:
        """Jobs queued or running."""
        return sum(len(q) for q in self._queues.values())

    async def drain(self, seconds: float) -> None:
        """Wait (up to `seconds`) for the queued jobs to finish."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=seconds)
