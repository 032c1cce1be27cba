"""Whether the bot is running on a Matrix store, for a command that must not change it then.

The running bot holds a shared lock on `in-use.lock` in the store; a command that rewrites the
store's keys asks for the lock alone and is told no while the bot runs (also in another process
or container on the same machine). The kernel drops the lock when its process ends, so a killed
bot leaves nothing stale behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

LOCK_FILE = "in-use.lock"


class StoreLock:
    """One hold on the store's lock file: shared (the bot) or alone (a command)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_FILE
        self._fd: int | None = None

    def share(self) -> bool:
        """Hold the lock beside other bots; False while a command holds it alone."""
        return self._take(fcntl.LOCK_SH)

    def alone(self) -> bool:
        """Hold the lock alone; False while a bot (or another command) holds it."""
        return self._take(fcntl.LOCK_EX)

    def _take(self, mode: int) -> bool:
        self.release()
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        """Let go of the lock (closing the file releases it)."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None
