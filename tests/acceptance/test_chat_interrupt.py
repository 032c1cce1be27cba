"""The interactive terminal chat ends on Ctrl-C at its prompt, as a terminal program should."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

WAIT_SECONDS = 30.0
"""Generous: this checks that the chat ends at all, not how fast."""


def read_until(fd: int, marker: bytes, seen: bytearray) -> bool:
    """Read the terminal until `marker` appears (True) or the wait runs out (False)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while marker not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                return marker in seen
            if not chunk:
                break
            seen += chunk
    return marker in seen


def test_ctrl_c_at_the_prompt_ends_the_chat(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAGERFEUER_")}
    env["LAGERFEUER_DATABASE"] = str(tmp_path / "chat.db")
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "adapters.cli.main", "chat"],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        cwd=tmp_path,
        env=env,
        start_new_session=True,
        # As in a terminal: a test runner started in the background inherits SIGINT ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    os.close(terminal)
    seen = bytearray()
    try:
        assert read_until(controller, b"> ", seen), seen.decode(errors="replace")
        os.write(controller, b"/start\n")
        assert read_until(controller, b"1) ", seen), seen.decode(errors="replace")
        assert read_until(controller, b"\n> ", seen)
        time.sleep(1)  # a person reads before pressing Ctrl-C
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=WAIT_SECONDS)
        read_until(controller, b"\x00", seen)  # drain what it printed last
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(controller)
    assert code == 130
    assert b"Fatal Python error" not in seen and b"Traceback" not in seen, seen.decode()
