"""The terminal chat with a person at a terminal: line editing, history, and messages that
arrive while a line is being typed printed above it.

How it works. Readline (the standard `readline` module, used by `input()`) edits the line on the
main thread; the bot runs on an event loop in a second thread. Readline keeps its state in C
globals and waits for keys without holding Python's lock, so no other thread may redraw its line.
When a message arrives while someone is typing, the bot's thread queues it and signals the main
thread. Readline's wait for the next key ends there, between two keys, and runs the Python signal
handler, which leaves `input()` with an exception. The main thread clears the input line, prints
what waited, and calls `input()` again with the half-typed text put back (`set_pre_input_hook`,
`insert_text`, `redisplay`). Python's standard library has no way for an event loop to drive
readline key by key (its callback interface is not exposed), and redrawing from the bot's thread
would race with readline's key handling; this way everything readline does happens on one thread.
The cost: after a redraw the cursor stands at the end of the half-typed text.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import queue
import shutil
import signal
import sys
import termios
import threading
import unicodedata
from collections.abc import Awaitable, Callable, Iterator
from types import FrameType
from typing import TextIO

from adapters.channels.console.chat import ConsoleChat, Writer

try:
    import readline
except ImportError:  # a Python built without it: plain input, messages printed as they come
    readline = None  # type: ignore[assignment]

PROMPT = "> "
WAKE = signal.SIGUSR1
"""Sent to the main thread when messages wait to be printed above the line being typed."""
RETRY_SECONDS = 0.05
"""How often the wake-up is repeated while it finds readline between two lines."""
FOR_MAIN_THREAD = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGWINCH, WAKE}
"""Signals only the main thread takes, so that Ctrl-C and a resized window reach readline."""
STOPPING = frozenset({signal.SIGINT, signal.SIGTERM, signal.SIGHUP})
"""Signals that end the chat: relayed until the main thread has acted on them."""

Opener = Callable[[Writer], Awaitable[tuple[ConsoleChat, Callable[[], Awaitable[None]]]]]
"""Builds the chat printing to the given screen; returns it and how to close what it opened."""


class Redraw(Exception):
    """Leaves `input()` so that waiting messages can be printed above the line being typed."""


def columns_taken(text: str) -> int:
    """How many terminal columns `text` takes (wide characters two, combining ones none)."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


class Screen:
    """Standard output of the terminal chat, shared by the bot's thread and the person typing."""

    def __init__(self, stream: TextIO, *, person: bool, redraw: bool) -> None:
        self.stream = stream
        self.person = person
        """A person reads the output in a terminal: greet them, end lines they leave open."""
        self.redraw = redraw and readline is not None
        self._partial: list[str] = []
        self._pending: list[str] = []
        self._typing = False
        self._prefilled = False
        self._carry = ""
        self._state = threading.Condition()
        self._main = threading.main_thread().ident or 0
        self._interrupted = False
        """A stopping signal was noted (see `_relay_stops`)."""
        self._stopping = False
        """The main thread is leaving on it (KeyboardInterrupt raised or caught)."""
        self._left = threading.Event()

    # ------------------------------------------------------------ the bot's thread

    def write(self, text: str, /) -> int:
        self._partial.append(text)
        return len(text)

    def flush(self) -> None:
        """Print what was written: now, or above the input line when someone is typing."""
        block, self._partial = "".join(self._partial), []
        if not block:
            return
        with self._state:
            if self._typing:
                self._pending.append(block)
                self._state.notify_all()
            else:
                self._show(block)

    def _wake_while_waiting(self) -> None:
        """Signal the main thread until it has printed the waiting messages."""
        signal.pthread_sigmask(signal.SIG_BLOCK, FOR_MAIN_THREAD)
        with self._state:
            while True:
                self._state.wait_for(
                    lambda: self._typing and bool(self._pending) and not self._interrupted
                )
                signal.pthread_kill(self._main, WAKE)
                self._state.wait(RETRY_SECONDS)

    # ------------------------------------------------------------ the main thread

    @contextlib.contextmanager
    def attached(self) -> Iterator[None]:
        """Redraw while this lasts: the signal handler, the readline hook, the waker."""
        if not self.redraw:
            yield
            return
        previous = signal.signal(WAKE, self._on_wake)
        readline.set_pre_input_hook(self._prefill)
        threading.Thread(target=self._wake_while_waiting, name="console-wake", daemon=True).start()
        reader, writer = os.pipe()
        os.set_blocking(writer, False)
        previous_fd = signal.set_wakeup_fd(writer, warn_on_full_buffer=False)
        relay = threading.Thread(
            target=self._relay_stops, args=(reader,), name="console-stop", daemon=True
        )
        relay.start()
        try:
            yield
        finally:
            self._left.set()
            signal.set_wakeup_fd(previous_fd)
            os.close(writer)  # the relay reads the end and returns
            relay.join(1.0)
            os.close(reader)
            with self._state:
                self.redraw = self._typing = False
            readline.set_pre_input_hook(None)
            signal.signal(WAKE, previous)

    def read_line(self) -> str | None:
        """The next line typed; None when the person leaves with Ctrl-D."""
        while True:
            self._prefilled = False
            with self._state:
                self._typing = self.redraw
                self._state.notify_all()
            try:
                return input(PROMPT)
            except Redraw:
                self._carry = readline.get_line_buffer()
                self._clear_input(PROMPT + self._carry)
            except EOFError:
                self.end_line()
                return None
            except KeyboardInterrupt:
                self.stopping()
                self.end_line()
                raise
            finally:
                self._prefilled = False
                with self._state:
                    self._typing = False
                    waiting, self._pending = self._pending, []
                    for block in waiting:
                        self._show(block)

    def end_line(self) -> None:
        """Leave the cursor at the start of a fresh line (after Ctrl-C or Ctrl-D)."""
        if self.person:
            with self._state:
                self._show("\n")

    def _relay_stops(self, reader: int) -> None:
        """Make sure Ctrl-C (or SIGTERM) is acted on: one that comes while readline is busy
        rather than waiting for a key (handling a wake-up, drawing) is only noted, and
        readline would wait for the next key before it looks. Each signal's number arrives
        here (signal.set_wakeup_fd); the main thread is woken until it has left."""
        signal.pthread_sigmask(signal.SIG_BLOCK, FOR_MAIN_THREAD)
        while data := _read(reader):
            if STOPPING.isdisjoint(data):
                continue
            self._interrupted = True
            # readline usually acts at once; a main thread still waiting gets it again (its
            # own handler, never a wake-up: Python may run that one with the interrupt set)
            while not self._left.wait(RETRY_SECONDS) and not self._stopping:
                signal.pthread_kill(self._main, signal.SIGINT)
            return

    def stopping(self) -> None:
        """The main thread leaves on Ctrl-C: it is not interrupted again."""
        self._stopping = True

    def _on_wake(self, signum: int, frame: FrameType | None) -> None:
        # Only while readline waits for a key: the terminal is out of canonical mode from the
        # moment readline starts until it has taken a line (leaving then would lose the line),
        # and the hook has put the half-typed text back. Otherwise the waker tries again.
        if self._prefilled and reading_keys(sys.stdin):
            raise Redraw

    def _prefill(self) -> None:
        if self._carry:
            readline.insert_text(self._carry)
            readline.redisplay()
        self._carry = ""
        self._prefilled = True

    def _clear_input(self, shown: str) -> None:
        """Clear the rows of the input line readline had drawn; the cursor is on its last row."""
        width = max(shutil.get_terminal_size().columns, 1)
        self.stream.write("\r\x1b[K" + "\x1b[A\x1b[K" * (columns_taken(shown) // width))

    def _show(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()


def _read(fd: int) -> bytes:
    """What arrived on `fd`; nothing once it is closed."""
    try:
        return os.read(fd, 64)
    except OSError:
        return b""


def reading_keys(stdin: TextIO) -> bool:
    """Whether readline has the terminal key by key (canonical mode is off)."""
    try:
        return not termios.tcgetattr(stdin.fileno())[3] & termios.ICANON
    except (termios.error, OSError, ValueError):
        return False


class Session:
    """The bot's side: an event loop in its own thread, fed the lines typed on the main thread."""

    def __init__(self, opener: Opener, screen: Screen) -> None:
        self.opener = opener
        self.screen = screen
        self._ready: queue.Queue[BaseException | None] = queue.Queue()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lines: asyncio.Queue[str | None] | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopped = False
        self._guard = threading.Lock()
        self.thread = threading.Thread(target=self._run, name="console-bot", daemon=True)

    def wait_ready(self) -> None:
        """Wait until the bot has answered (or started); its failure is raised here."""
        failure = self._ready.get()
        if failure is not None:
            raise failure

    def send(self, line: str | None) -> None:
        """Hand a typed line to the bot; None ends the session."""
        if self._loop is not None and self._lines is not None:
            with contextlib.suppress(RuntimeError):  # the loop has ended: its failure waits
                self._loop.call_soon_threadsafe(self._lines.put_nowait, line)

    def interrupt(self) -> None:
        """Stop the bot at once (Ctrl-C), closing what it opened; also before it has started."""
        with self._guard:
            self._stopped = True
            if self._loop is not None and self._task is not None:
                with contextlib.suppress(RuntimeError):
                    self._loop.call_soon_threadsafe(self._task.cancel)

    def _run(self) -> None:
        signal.pthread_sigmask(signal.SIG_BLOCK, FOR_MAIN_THREAD)  # also for threads made here
        with contextlib.suppress(asyncio.CancelledError):
            asyncio.run(self._serve())

    async def _serve(self) -> None:
        with self._guard:
            if self._stopped:
                return
            self._loop, self._lines = asyncio.get_running_loop(), asyncio.Queue()
            self._task = asyncio.current_task()
        try:
            chat, close = await self.opener(self.screen)
        except Exception as exc:
            self._ready.put(exc)
            return
        ticker = asyncio.create_task(chat.tick_forever())
        try:
            if self.screen.person:
                self.screen.write(await chat.greeting() + "\n")
                self.screen.flush()
            self._ready.put(None)
            while (line := await self._lines.get()) is not None:
                await chat.send_line(line)
                self._ready.put(None)
        except Exception as exc:
            self._ready.put(exc)
        finally:
            ticker.cancel()
            await asyncio.wait([ticker])
            await close()


def run_terminal(opener: Opener) -> None:
    """The interactive terminal chat, until Ctrl-D (returns) or Ctrl-C (KeyboardInterrupt)."""
    person = sys.stdout.isatty()
    redraw = person and os.environ.get("TERM", "dumb") != "dumb"
    screen = Screen(sys.stdout, person=person, redraw=redraw)
    session = Session(opener, screen)
    with screen.attached():
        session.thread.start()
        try:
            session.wait_ready()
            while (line := screen.read_line()) is not None:
                session.send(line)
                try:
                    session.wait_ready()
                except KeyboardInterrupt:
                    screen.stopping()
                    screen.end_line()
                    raise
        except KeyboardInterrupt:
            screen.stopping()
            _stop(session)
            raise
        session.send(None)
        session.thread.join()


def _stop(session: Session) -> None:
    """Stop the bot and wait for it, whatever Ctrl-C comes meanwhile (a second press, or the
    first one relayed once more)."""
    while True:
        try:
            session.interrupt()
            session.thread.join()
            return
        except KeyboardInterrupt:
            continue
