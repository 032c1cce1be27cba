"""Clocks: the system's, and one the terminal chat can move forward."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class SystemClock:
    """The real time in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class ShiftableClock:
    """The real time plus an offset; the scripted terminal chat jumps ahead with it."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, seconds: float) -> None:
        """Move this clock forward."""
        self.offset += timedelta(seconds=seconds)
