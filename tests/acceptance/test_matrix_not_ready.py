"""`lagerfeuer run` says Matrix is ready only once its login succeeded: with a homeserver that
cannot be reached, the start-up line says it is still connecting."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path


def _closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_unreachable_homeserver_is_not_reported_ready(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAGERFEUER_")}
    env.update(
        LAGERFEUER_DATABASE=str(tmp_path / "bot.db"),
        LAGERFEUER_MATRIX_HOMESERVER=f"http://127.0.0.1:{_closed_port()}",
        LAGERFEUER_MATRIX_USER_ID="@lagerfeuer:localhost",
        LAGERFEUER_MATRIX_PASSWORD="not-used",
        LAGERFEUER_MATRIX_STORE=str(tmp_path / "store"),
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "adapters.cli.main", "run"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen: list[str] = []
    try:
        assert process.stderr is not None
        for line in process.stderr:  # ends when the process does (the test's timeout bounds it)
            seen.append(line)
            if "still connecting" in line:
                break
    finally:
        process.send_signal(signal.SIGTERM)
        _, rest = process.communicate(timeout=60)
    log = "".join(seen) + rest
    assert "ready: no channel connected yet" in log, log
    assert "still connecting: matrix" in log, log
    assert "ready: matrix" not in log and "matrix: ready" not in log, log
    assert "not-used" not in log
