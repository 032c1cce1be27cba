"""Updates of one chat are handled in order, different chats side by side.

Waiting for one chat's send pacing (1 message a second in a private chat) must not hold up
every other chat, and two updates of one chat must not race through the core. A person who
floods a chat has their waiting updates dropped in favour of one notice (`replace_pending`),
so their backlog does not hold up the others in that chat.
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from core.errors import StorageError

log = logging.getLogger("lagerfeuer.telegram")

Job = Callable[[], Awaitable[None]]


async def _nothing() -> None:
    return None


@dataclass(frozen=True)
class _Entry:
    """A queued job, whose update it is (`person`), and how to let it go unhandled."""

    run: Job
    person: str
    drop: Job


def failure(exc: BaseException) -> str:
    """An exception for the log: its type and where it happened, never its message (which
    might quote a message text or a name)."""
    frames = traceback.extract_tb(exc.__traceback__)
    at = f" at {frames[-1].filename}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}{at}"


class ChatQueues:
    """One queue and worker task per busy chat; a worker ends when its queue is empty."""

    def __init__(self) -> None:
        self._queues: dict[str, deque[_Entry]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    async def submit(self, key: str, job: Job, *, person: str = "", drop: Job = _nothing) -> None:
        """Queue `job` behind the chat's earlier jobs; `drop` settles it if it is replaced."""
        entry = _Entry(job, person, drop)
        queue = self._queues.get(key)
        if queue is not None:
            queue.append(entry)
            return
        self._queues[key] = deque([entry])
        task = asyncio.create_task(self._work(key))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def replace_pending(
        self, key: str, person: str, job: Job, *, drop: Job = _nothing
    ) -> int:
        """Drop `person`'s jobs that wait in this chat (not the one running) and run `job`
        next; returns how many were dropped."""
        queue = self._queues.get(key)
        if queue is None:
            await self.submit(key, job, person=person, drop=drop)
            return 0
        running = queue.popleft()
        dropped = [entry for entry in queue if entry.person == person]
        kept = [entry for entry in queue if entry.person != person]
        queue.clear()
        queue.extend([running, _Entry(job, person, drop), *kept])
        for entry in dropped:
            try:
                await entry.drop()
            except StorageError as exc:
                log.error("letting an update go failed: %s", exc)
        return len(dropped)

    async def _work(self, key: str) -> None:
        queue = self._queues[key]
        try:
            while queue:
                try:
                    await queue[0].run()
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
