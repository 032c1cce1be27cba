"""Fails the test that leaves a thread running: one non-daemon thread keeps the whole run
from ever exiting after its summary, and CI then waits until its own time-out; a database
thread left running is an unclosed store."""

from __future__ import annotations

import concurrent.futures.thread
import faulthandler
import gc
import os
import sys
import threading
import time
import traceback
from collections.abc import Iterator

import pytest
from aiosqlite.core import _connection_worker_thread

GRACE = 10.0
"""Seconds a thread gets to end after its test, once its owner has been collected: generous,
since a closed database's thread can take seconds to end on a loaded machine, and a thread
that was never told to end stays past any grace (only a leak waits this long)."""

EXIT_WITHIN = 120.0
"""Seconds the run may take from its last test to the process's exit."""


def _pooled(thread: threading.Thread) -> bool:
    """A pool's worker: the pool's own exit hook ends it once its job is done."""
    return getattr(thread, "_target", None) is concurrent.futures.thread._worker


def _watched(thread: threading.Thread) -> bool:
    """Non-daemon threads, and the database's (a daemon, yet a leak: an unclosed store)."""
    return not thread.daemon or getattr(thread, "_target", None) is _connection_worker_thread


def _running(exclude: set[int]) -> list[threading.Thread]:
    return [
        t
        for t in threading.enumerate()
        if _watched(t) and t is not threading.main_thread() and t.ident not in exclude
    ]


def _left(before: set[int]) -> list[threading.Thread]:
    """Threads started since `before` that are still running after collection and grace."""
    started = [t for t in _running(before) if not _pooled(t)]
    if not started:
        return []
    gc.collect()  # an unclosed connection's finaliser stops its thread
    deadline = time.monotonic() + GRACE
    for thread in started:
        thread.join(max(0.0, deadline - time.monotonic()))
    return [t for t in started if t.is_alive()]


def _describe(threads: list[threading.Thread]) -> str:
    frames = sys._current_frames()
    lines = []
    for thread in threads:
        frame = frames.get(thread.ident or -1)
        where = "".join(traceback.format_stack(frame, limit=4)) if frame else "  (no frame)\n"
        lines.append(f"thread {thread.name!r} is still running:\n{where}")
    return "".join(lines)


@pytest.fixture(autouse=True)
def no_thread_left_running() -> Iterator[None]:
    before = {t.ident for t in _running(set()) if t.ident is not None}
    yield
    left = _left(before)
    if left:
        pytest.fail("the test left threads running (close what it opened):\n" + _describe(left))


def pytest_unconfigure(config: pytest.Config) -> None:
    """Last words of the run: a thread still running now would make the process hang."""
    left = _running(set())
    deadline = time.monotonic() + GRACE
    for thread in left:
        if not _pooled(thread):
            thread.join(max(0.0, deadline - time.monotonic()))
    stuck = [t for t in left if t.is_alive() and not _pooled(t)]
    if stuck:
        sys.stderr.write("the run cannot exit:\n" + _describe(stuck))
        sys.stderr.flush()
        sys.stdout.flush()
        os._exit(3)


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """From the last test on, anything that holds the run (a session's loop waiting for its
    executor, an exit hook, a pool job that never ends) has EXIT_WITHIN seconds: then every
    thread's stack goes to stderr and the run ends as failed."""
    faulthandler.dump_traceback_later(EXIT_WITHIN, exit=True)
