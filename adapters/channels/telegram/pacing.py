"""Paces sends to Telegram's limits: 30 messages/s overall, 20/min per group, 1/s per private chat.

Sends to one chat go one at a time, in order (the chat's window counts real send times);
once a chat may send, it takes the next overall slot, first come first served. Overall, slots
are spaced evenly, a little wider than 1/30 s (`headroom`), so any 31 sends span more than a
second by a margin that absorbs network jitter: Telegram never sees 31 in one second. A send
that leaves late (a busy event loop) by more than `late` moves the following slots with it,
so lateness cannot eat the margin; a timer's usual overrun does not slow the pace.
A "retry after" from Telegram holds the chat until it has passed.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """How many sends fit into how many seconds, per scope."""

    overall: tuple[int, float] = (30, 1.0)
    group: tuple[int, float] = (20, 60.0)
    private: tuple[int, float] = (1, 1.0)


class _Window:
    """Times of recent sends in one scope, oldest first."""

    def __init__(self, count: int, seconds: float) -> None:
        self.count = count
        self.seconds = seconds
        self.times: deque[float] = deque()

    def earliest(self, now: float) -> float:
        """The first moment at or after `now` at which one more send fits."""
        while self.times and self.times[0] <= now - self.seconds:
            self.times.popleft()
        if len(self.times) < self.count:
            return now
        return max(now, self.times[-self.count] + self.seconds)

    def book(self, at: float) -> None:
        if self.times and at < self.times[-1]:
            at = self.times[-1]
        self.times.append(at)
        while len(self.times) > self.count:
            self.times.popleft()


class _Chat:
    def __init__(self, window: _Window) -> None:
        self.window = window
        self.lock = asyncio.Lock()
        self.blocked_until = 0.0


class Pacer:
    """Hands out send slots; `clock` and `sleep` are injectable."""

    def __init__(
        self,
        limits: Limits | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        margin: float = 0.01,
        headroom: float = 0.05,
        late: float = 0.005,
    ) -> None:
        self.limits = limits or Limits()
        self.clock = clock
        self.sleep = sleep
        self.margin = margin
        count, seconds = self.limits.overall
        self.spacing = seconds / count * (1 + headroom)
        """Time between overall slots (35 ms: 28.6 a second); 31 sends span at least
        30 x spacing - late (1.045 s)."""
        self.late = late
        self._next_slot = -float("inf")
        self._overall_lock = asyncio.Lock()
        self._chats: dict[str, _Chat] = {}

    def _chat(self, chat_id: str, private: bool) -> _Chat:
        chat = self._chats.get(chat_id)
        if chat is None:
            if len(self._chats) > 5_000:
                self._forget_idle()
            limits = self.limits.private if private else self.limits.group
            chat = self._chats[chat_id] = _Chat(_Window(*limits))
        return chat

    async def _until(self, moment: float) -> None:
        delay = moment - self.clock()
        if delay > 0:
            await self.sleep(delay + self.margin)

    @asynccontextmanager
    async def chat(self, chat_id: str, private: bool) -> AsyncIterator[Turn]:
        """Exclusive use of one chat: sends (and retries) inside the block keep their order."""
        chat = self._chat(chat_id, private)
        async with chat.lock:
            yield Turn(self, chat)

    def hold(self, chat_id: str, private: bool, seconds: float) -> None:
        """Telegram answered "retry after": no send to this chat before `seconds` passed."""
        chat = self._chat(chat_id, private)
        chat.blocked_until = max(chat.blocked_until, self.clock() + seconds)

    async def _ready(self, chat: _Chat) -> None:
        await self._until(max(chat.blocked_until, chat.window.earliest(self.clock())))
        async with self._overall_lock:  # waiters queue in order, one slot each
            while (delay := self._next_slot - self.clock()) > 0:
                await self.sleep(delay)
            sent = self.clock()
            on_time = sent - self._next_slot <= self.late
            self._next_slot = (self._next_slot if on_time else sent) + self.spacing
        chat.window.book(sent)

    def _forget_idle(self) -> None:
        now = self.clock()
        for chat_id, chat in list(self._chats.items()):
            idle = not chat.window.times or chat.window.times[-1] <= now - chat.window.seconds
            if idle and not chat.lock.locked() and chat.blocked_until <= now:
                del self._chats[chat_id]


class Turn:
    """One holder's use of a chat: `ready()` before each attempt to send."""

    def __init__(self, pacer: Pacer, chat: _Chat) -> None:
        self._pacer = pacer
        self._chat = chat

    async def ready(self) -> None:
        """Wait until one more send is within every limit, and count it."""
        await self._pacer._ready(self._chat)

    def hold(self, seconds: float) -> None:
        """Keep this chat quiet for `seconds` (Telegram's retry_after)."""
        self._chat.blocked_until = max(self._chat.blocked_until, self._pacer.clock() + seconds)
