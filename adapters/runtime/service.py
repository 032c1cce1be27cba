"""`lagerfeuer run`: the configured adapters side by side in one event loop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Sequence

from adapters.channels.contract import ChannelAdapter
from adapters.runtime import status
from adapters.runtime.bootstrap import App, build_app, configure_logging
from adapters.runtime.channels import build_channels, delivery_worker, dispatch
from adapters.runtime.logsafety import scrub_secrets
from adapters.runtime.settings import Settings
from adapters.runtime.status import status_path
from core.announcements.delivery import OutboxWorker
from core.errors import LagerfeuerError, StorageError

log = logging.getLogger("lagerfeuer.service")

TICK_SECONDS = 1.0
WORKER_STOP_SECONDS = 10.0
TIMERS_STOP_SECONDS = 5.0
"""How long a timer run in progress may take to finish when the service stops."""


async def tick_forever(app: App, adapters: Sequence[ChannelAdapter], stop: asyncio.Event) -> None:
    """Run the core's timers once a second and deliver what they produce, until `stop`.

    It ends on `stop`, not only on cancellation: seen here, a cancellation that arrived while
    a timer ran was lost inside a library, and the service never finished stopping."""
    while not await _stopped_within(stop, TICK_SECONDS):
        try:
            await dispatch(adapters, await app.assistant.tick())
        except StorageError as exc:  # names the database file
            log.error("timer run failed: %s", exc)
        except Exception:
            log.exception("timer run failed")


async def report_forever(app: App, adapters: Sequence[ChannelAdapter], stop: asyncio.Event) -> None:
    """Keep the status file (`lagerfeuer status`) up to date until `stop`."""
    path = status_path(app.settings.database)
    failing = False
    while True:
        try:
            status.write(path, adapters, app.clock.now(), stopped=False)
            failing = False
        except OSError as exc:
            if not failing:
                log.warning("status file not written (%s)", type(exc).__name__)
            failing = True
        if await _stopped_within(stop, status.EVERY_SECONDS):
            return


async def _stopped_within(stop: asyncio.Event, seconds: float) -> bool:
    """Wait up to `seconds`; whether `stop` was set."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await stop.wait()
    return stop.is_set()


async def stop_worker(worker: OutboxWorker, task: asyncio.Task[None]) -> None:
    """Let the announcement worker finish the send in flight, then stop it."""
    worker.stop()
    try:
        await asyncio.wait_for(task, WORKER_STOP_SECONDS)
    except TimeoutError:
        log.warning("announcement delivery did not stop in time; it resumes on next start")
    except Exception:
        log.exception("announcement delivery failed while stopping")


def _connected(adapter: ChannelAdapter) -> bool:
    """A channel that connects in the background (Matrix before its login) is not ready yet."""
    ready = getattr(adapter, "ready", None)
    return not isinstance(ready, asyncio.Event) or ready.is_set()


async def run_service(settings: Settings) -> int:
    """Run until SIGTERM or SIGINT; SIGHUP reloads content."""
    configure_logging()
    scrub_secrets(settings)
    app = await build_app(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    reloads: set[asyncio.Task[bool]] = set()

    def reload() -> None:
        task = asyncio.create_task(app.reload_content_aside(), name="content-reload")
        reloads.add(task)  # kept until done, so it is not collected halfway
        task.add_done_callback(reloads.discard)

    loop.add_signal_handler(signal.SIGHUP, reload)
    failures: list[LagerfeuerError] = []

    def fail(error: LagerfeuerError) -> None:
        """A channel cannot go on (a refused token): stop, and end with its error."""
        failures.append(error)
        stop.set()

    adapters = build_channels(app, fail).channels
    started: list[ChannelAdapter] = []
    ticker: asyncio.Task[None] | None = None
    reporter: asyncio.Task[None] | None = None
    worker: OutboxWorker | None = None
    delivering: asyncio.Task[None] | None = None
    try:
        for adapter in adapters:
            await adapter.start()
            started.append(adapter)
        ticker = asyncio.create_task(tick_forever(app, adapters, stop))
        reporter = asyncio.create_task(report_forever(app, adapters, stop))
        worker = delivery_worker(app, started)
        delivering = asyncio.create_task(worker.run_forever())
        waiting = [a.platform.value for a in adapters if not _connected(a)]
        connected = [a.platform.value for a in adapters if _connected(a)]
        log.info("ready: %s", ", ".join(connected) or "no channel connected yet")
        app.content.warm()  # the answer index, built now that connecting is done
        if waiting:
            log.info("still connecting: %s (each logs when it is ready)", ", ".join(waiting))
        await stop.wait()
    finally:
        log.info("stopping")
        if worker is not None and delivering is not None:
            await stop_worker(worker, delivering)
        stop.set()  # also when start-up failed: the timers end by themselves
        timers = [task for task in (ticker, reporter) if task is not None]
        if timers:
            _, late = await asyncio.wait(timers, timeout=TIMERS_STOP_SECONDS)
            for task in late:
                task.cancel()
            await asyncio.wait(timers, timeout=TIMERS_STOP_SECONDS)
        with contextlib.suppress(OSError):
            status.write(status_path(settings.database), adapters, app.clock.now(), stopped=True)
        for adapter in reversed(started):
            try:
                await adapter.stop()
            except Exception:
                log.exception("stopping %s failed", adapter.platform.value)
        await app.close()
    if failures:
        raise failures[0]  # one line and status 1 (adapters/cli/main.py)
    return 0
