"""A pseudo-terminal to drive `lagerfeuer chat` as a person would, and a screen to read it back.

The screen understands what readline and the chat write on an xterm: text, carriage return,
line feed, backspace and the relative cursor and erase sequences. It has no bottom: every line
ever written stays, so a test sees the whole conversation as it stands on the screen, with what
was cleared gone and what was redrawn in its place.
"""

from __future__ import annotations

import codecs
import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 30.0
"""Generous: a test waits for what the screen shows, never for a fixed time."""
CONTROL = re.compile(r"\x1b\[([?>]?)([0-9;]*)([@A-Za-z])|\x1b\][^\x07]*\x07|\x1b[=>78()][0-9A-Z]?")


class Screen:
    """The cells of a terminal `columns` wide, with no bottom."""

    def __init__(self, columns: int) -> None:
        self.columns = columns
        self.rows: list[list[str]] = [[]]
        self.row = 0
        self.col = 0
        self._saved = (0, 0)
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._rest = ""

    def feed(self, data: bytes) -> None:
        text = self._rest + self._decoder.decode(data)
        self._rest = ""
        at = 0
        while at < len(text):
            if text[at] == "\x1b":
                match = CONTROL.match(text, at)
                if match is None:
                    if len(text) - at < 16:  # the rest of the sequence has not arrived yet
                        self._rest = text[at:]
                        return
                    at += 1
                    continue
                self._control(match)
                at = match.end()
                continue
            self._char(text[at])
            at += 1

    def lines(self) -> list[str]:
        """Every row as text, trailing blanks removed."""
        return ["".join(cell for cell in row if cell).rstrip() for row in self.rows]

    def text(self) -> str:
        return "\n".join(self.lines()).rstrip("\n")

    def cursor_line(self) -> str:
        """The row the cursor is on."""
        return self.lines()[self.row]

    def _line(self) -> list[str]:
        while len(self.rows) <= self.row:
            self.rows.append([])
        line = self.rows[self.row]
        while len(line) < self.col:
            line.append(" ")
        return line

    def _char(self, char: str) -> None:
        if char == "\r":
            self.col = 0
        elif char == "\n":
            self.row += 1
            self._line()
        elif char == "\b":
            self.col = max(0, self.col - 1)
        elif char == "\t":
            self.col = min(self.columns - 1, (self.col // 8 + 1) * 8)
        elif char >= " " and char != "\x7f":
            width = 0 if unicodedata.combining(char) else 2 if _wide(char) else 1
            if self.col + width > self.columns:
                self.row, self.col = self.row + 1, 0
            line = self._line()
            cells = [char] + [""] * (width - 1)
            line[self.col : self.col + width] = cells
            self.col += width

    def _control(self, match: re.Match[str]) -> None:
        private, params, final = match.group(1), match.group(2), match.group(3)
        if final is None:
            code = match.group(0)
            if code == "\x1b7":
                self._saved = (self.row, self.col)
            elif code == "\x1b8":
                self.row, self.col = self._saved
            return
        if private:
            return  # modes such as bracketed paste and the keypad: nothing to draw
        n = int(params.split(";")[0] or 0)
        count = max(n, 1)
        line = self._line()
        if final == "A":
            self.row = max(0, self.row - count)
        elif final == "B":
            self.row += count
        elif final == "C":
            self.col = min(self.columns - 1, self.col + count)
        elif final == "D":
            self.col = max(0, self.col - count)
        elif final == "G":
            self.col = min(self.columns - 1, count - 1)
        elif final == "K":
            if n == 0:
                del line[self.col :]
            elif n == 1:
                line[: self.col + 1] = [" "] * (self.col + 1)
            else:
                line.clear()
        elif final == "J" and n == 0:
            del line[self.col :]
            del self.rows[self.row + 1 :]
        elif final == "@":
            line[self.col : self.col] = [" "] * count
            del line[self.columns :]
        elif final == "P":
            del line[self.col : self.col + count]


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def chat_environment(database: Path) -> dict[str, str]:
    """The environment of a terminal chat on `database`, on an xterm."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAGERFEUER_")}
    env.update(LAGERFEUER_DATABASE=str(database), TERM="xterm", PYTHONPATH=str(ROOT))
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    return env


class Terminal:
    """`lagerfeuer ARGS` in a pseudo-terminal of its own, as the controlling terminal."""

    def __init__(self, args: list[str], database: Path, columns: int = 160) -> None:
        self.screen = Screen(columns)
        self.controller, terminal = pty.openpty()
        fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))

        def become_terminal_program() -> None:
            # A test runner started in the background inherits SIGINT ignored; a shell would not.
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)  # so that Ctrl-C typed here interrupts

        self.process = subprocess.Popen(
            [sys.executable, "-m", "adapters.cli.main", *args],
            stdin=terminal,
            stdout=terminal,
            stderr=terminal,
            cwd=database.parent,
            env=chat_environment(database),
            start_new_session=True,
            preexec_fn=become_terminal_program,
        )
        os.close(terminal)
        self.raw = bytearray()

    def type(self, keys: str) -> None:
        """Type `keys` (text, "\\r" for Enter, escape sequences for arrow keys)."""
        os.write(self.controller, keys.encode())

    def wait_for(self, what: str, ready: Callable[[Screen], bool]) -> None:
        """Read the terminal until `ready(screen)`; fail naming `what` and showing the screen."""
        deadline = time.monotonic() + WAIT_SECONDS
        while not ready(self.screen):
            if time.monotonic() > deadline or not self._read(deadline):
                raise AssertionError(f"waited for {what}; the screen shows:\n{self.screen.text()}")

    def wait_exit(self) -> int:
        """The exit status, after reading everything the program wrote."""
        code = self.process.wait(timeout=WAIT_SECONDS)
        while self._read(time.monotonic() + 0.5):
            pass
        return code

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self.controller)

    def _read(self, deadline: float) -> bool:
        """Read what is there; False at the end of the output or at the deadline."""
        ready, _, _ = select.select(
            [self.controller], [], [], max(0.0, deadline - time.monotonic())
        )
        if not ready:
            return False
        try:
            chunk = os.read(self.controller, 65536)
        except OSError:  # the program has ended and closed the terminal
            return False
        if not chunk:
            return False
        self.raw += chunk
        self.screen.feed(chunk)
        return True
