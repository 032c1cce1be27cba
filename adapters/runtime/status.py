"""The running service's health, in a small file beside the database, for `lagerfeuer status`.

The service rewrites it every few seconds (atomically: a reader never sees half a file) with
its process id, the time, and each channel's health; at a clean stop it says so. A file whose
time is old belongs to a service that was killed or hangs. It holds no names, texts or secrets.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from adapters.channels.contract import ChannelAdapter

EVERY_SECONDS = 5.0
"""How often the running service rewrites the file."""
STALE_SECONDS = 30.0
"""A file older than this belongs to a service that no longer runs (or hangs)."""


def status_path(database: Path) -> Path:
    """Where the status of the service over `database` is kept: `<database>.status.json`."""
    return database.with_name(database.name + ".status.json")


@dataclass(frozen=True)
class ChannelStatus:
    """One channel as the file records it."""

    platform: str
    connected: bool
    last_update: datetime | None


@dataclass(frozen=True)
class ServiceStatus:
    """What the file says."""

    pid: int
    written_at: datetime
    stopped: bool
    channels: list[ChannelStatus]


def write(path: Path, channels: Sequence[ChannelAdapter], now: datetime, stopped: bool) -> None:
    """Replace the file with the channels' health now."""
    data = {
        "pid": os.getpid(),
        "written_at": now.isoformat(),
        "stopped": stopped,
        "channels": [
            {
                "platform": channel.platform.value,
                "connected": health.connected and not stopped,
                "last_update": health.last_update.isoformat() if health.last_update else None,
            }
            for channel in channels
            for health in [channel.health()]
        ],
    }
    spare = path.with_name(path.name + ".new")
    with contextlib.suppress(FileNotFoundError):
        spare.unlink()
    spare.write_text(json.dumps(data), encoding="utf-8")
    os.replace(spare, path)


def read(path: Path) -> ServiceStatus | None:
    """The recorded status, or None when there is no readable one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return ServiceStatus(
            pid=int(data["pid"]),
            written_at=datetime.fromisoformat(data["written_at"]),
            stopped=bool(data["stopped"]),
            channels=[
                ChannelStatus(
                    str(c["platform"]),
                    bool(c["connected"]),
                    datetime.fromisoformat(c["last_update"]) if c["last_update"] else None,
                )
                for c in data["channels"]
            ],
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
