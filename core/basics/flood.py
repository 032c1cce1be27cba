"""Flood protection: a person who floods the bot is slowed down politely, alone.

Counts what each person sends the bot (private messages, commands, button presses, room
messages addressed to it) in a sliding window. Past the limit the person gets one short
notice and then silence until their window has passed; everyone else is untouched. In a
room a person's messages and commands also have a budget of their own per minute, so one
person cannot use up what the platform lets the bot post into that room (Telegram: 20
messages a minute per group).
The counts live in memory only: they are about seconds, not worth storing, and hold no text.

Adapters that queue work per chat ask at arrival (`Assistant.admit`), before any paced send,
so a backlog never reaches the guard late; the gate below is the same check for the others.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from core.kernel.assistant import Actions, Deps, Registry, Turn
from core.kernel.messages import ChoiceMade, CommandReceived, InboundEvent, Platform, TextReceived

WINDOW = timedelta(seconds=10)
LIMIT = 30
"""At most this many events a person may send within WINDOW before being slowed down."""

ROOM_WINDOW = timedelta(seconds=60)
ROOM_LIMIT = 10
"""In one room, at most this many messages and commands of one person within ROOM_WINDOW get
an answer. Button presses do not count here (a moderator setting up a room presses many)."""

SWEEP_EVERY = 1000
"""Forget idle people's counters after this many checks, so memory stays small."""


@dataclass
class _Counter:
    """One person's recent events and whether they were told to slow down."""

    window: timedelta
    limit: int
    times: deque[datetime] = field(default_factory=deque)
    noticed: bool = False


class FloodGuard:
    """Decides for each inbound event: pass, tell the person to slow down, or stay quiet."""

    def __init__(
        self,
        window: timedelta = WINDOW,
        limit: int = LIMIT,
        room_window: timedelta = ROOM_WINDOW,
        room_limit: int = ROOM_LIMIT,
    ) -> None:
        self.window = window
        self.limit = limit
        self.room_window = room_window
        self.room_limit = room_limit
        self._counters: dict[str, _Counter] = {}
        self._checks = 0

    def counts(self, event: InboundEvent) -> bool:
        """Whether this event is one a person sends the bot (and so counts).

        The terminal chat is the operator's own and may be fed a long script: never counted.
        """
        if event.user.platform is Platform.CONSOLE:
            return False
        if isinstance(event, CommandReceived | ChoiceMade):
            return True
        if isinstance(event, TextReceived):
            return event.chat.is_private or event.addressed
        return False

    def verdict(self, event: InboundEvent, now: datetime) -> str:
        """`"pass"`, `"notice"` (the first event over a limit) or `"quiet"` for one event."""
        if not self.counts(event):
            return "pass"
        person = f"{event.user.platform.value}:{event.user.id}"
        verdicts = {self.check(person, now)}
        if not event.chat.is_private and not isinstance(event, ChoiceMade):
            room = f"{person}@{event.chat.id}"
            verdicts.add(self.check(room, now, self.room_window, self.room_limit))
        for verdict in ("quiet", "notice"):
            if verdict in verdicts:
                return verdict
        return "pass"

    def check(
        self, key: str, now: datetime, window: timedelta | None = None, limit: int | None = None
    ) -> str:
        """`"pass"`, `"notice"` (first event over the limit) or `"quiet"`; the person-wide
        window and limit unless others are given."""
        self._checks += 1
        if self._checks % SWEEP_EVERY == 0:
            self._sweep(now)
        counter = self._counters.get(key)
        if counter is None:
            counter = self._counters[key] = _Counter(window or self.window, limit or self.limit)
        times = counter.times
        while times and now - times[0] >= counter.window:
            times.popleft()
        times.append(now)
        if len(times) <= counter.limit:
            counter.noticed = False
            return "pass"
        if counter.noticed:
            return "quiet"
        counter.noticed = True
        return "notice"

    def tracked(self) -> int:
        """How many people currently have a counter (for tests and benchmarks)."""
        return len(self._counters)

    def _sweep(self, now: datetime) -> None:
        counters = self._counters
        idle = [k for k, c in counters.items() if not c.times or now - c.times[-1] >= c.window]
        for key in idle:
            del self._counters[key]


def install(registry: Registry, deps: Deps, guard: FloodGuard | None = None) -> None:
    """Put the flood guard in front of routing."""
    the_guard = guard or FloodGuard()

    async def gate(turn: Turn) -> Actions | None:
        verdict = the_guard.verdict(turn.event, deps.clock.now())
        if verdict == "pass":
            return None
        if verdict == "notice":
            return [turn.reply("operations.slow_down")]
        return []

    registry.gates.append(gate)
