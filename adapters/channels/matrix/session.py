"""The bot's Matrix login and sync position, kept beside nio's key store in LAGERFEUER_MATRIX_STORE.

Keeping device id and access token means a restart is the same device with the same
encryption keys; the sync token is written only after a batch was handled.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

SESSION_FILE = "session.json"


@dataclass
class Session:
    """One login: the device and its token, and how far the bot has handled the timeline."""

    user_id: str
    device_id: str
    access_token: str
    sync_token: str | None = None


class SessionFile:
    """Reads and atomically rewrites `session.json` (owner-only permissions)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / SESSION_FILE

    def prepare(self) -> None:
        """Create the store folder, readable by the owner only."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            self.folder.chmod(0o700)

    def load(self, user_id: str) -> Session | None:
        """The saved session for `user_id`; None when there is none (or for another user)."""
        data = read_owned(self.path, user_id)
        if data is None:
            return None
        return Session(
            user_id=str(data["user_id"]),
            device_id=str(data["device_id"]),
            access_token=str(data["access_token"]),
            sync_token=data.get("sync_token"),
        )

    def save(self, session: Session) -> None:
        """Write the session durably: temporary file, fsync, rename."""
        temporary = self.path.with_suffix(".tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(asdict(session), handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)


def read_owned(path: Path, user_id: str) -> dict[str, Any] | None:
    """The JSON object kept in `path` for `user_id`; None when there is none (or it is
    another account's); an unreadable file says to restore it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise RuntimeError(f"{path} is unreadable; restore it from the backup") from exc
    if not isinstance(data, dict) or data.get("user_id") != user_id:
        return None
    return data
