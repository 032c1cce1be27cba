"""Start-up: seconds from launch to ready and resident memory of `lagerfeuer run`, both adapters.

Telegram points at the test Bot API server and Matrix at a local Synapse (both from
`tests/support/`), so the figure includes logging in, the first sync and setting the command
menu, as on a real server. The first run logs in a new Matrix device; the runs after it are
restarts over the same database and store, as after an upgrade. The project's modules are
compiled to bytecode first, as `pip install` (and so the Docker image) does. Needs
matrix-synapse (installed by `./scripts/test`).
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.figures import Figure, median, not_available

RUNS = 3
READY_TIMEOUT = 60.0
SETTLE_SECONDS = 2.0
"""Memory is read this long after ready, once the first sync has been handled."""

BAR_SECONDS = 1.0
ROOT = Path(__file__).resolve().parent.parent
BAR_MB = 80.0


@dataclass(frozen=True)
class StartFigures:
    """One start: seconds to ready (both platforms connected), seconds until the answer
    index is built too, resident MB after settling, and peak resident MB."""

    seconds: float
    answering: float
    rss_mb: float
    peak_mb: float


def _memory(pid: int) -> tuple[float, float]:
    """Resident and peak resident memory of a process in MB (Linux /proc)."""
    values: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = float(rest.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


async def one_start(env: dict[str, str], folder: Path) -> StartFigures:
    """Launch `lagerfeuer run`, wait for its ready line, measure, stop it."""
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "adapters.cli.main",
        "run",
        cwd=folder,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    try:
        seconds = await asyncio.wait_for(_line(process.stderr, " ready: "), READY_TIMEOUT)
        seconds -= started
        answering = await asyncio.wait_for(_line(process.stderr, "answers ready"), READY_TIMEOUT)
        answering -= started
        asyncio.get_running_loop().create_task(_drain(process.stderr))
        await asyncio.sleep(SETTLE_SECONDS)
        rss, peak = _memory(process.pid)
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), 30)
            except TimeoutError:
                process.kill()
                await process.wait()
    return StartFigures(seconds, answering, rss, peak)


async def _line(stream: asyncio.StreamReader, marker: str) -> float:
    """Read the log until a line containing `marker`; the moment it came. The ready line
    must name both adapters."""
    lines: list[str] = []
    while True:
        raw = await stream.readline()
        if not raw:
            raise RuntimeError(
                f"lagerfeuer run exited before {marker.strip()!r}:\n" + "".join(lines[-20:])
            )
        line = raw.decode("utf-8", "replace")
        lines.append(line)
        if marker in line:
            if marker == " ready: " and ("telegram" not in line or "matrix" not in line):
                raise RuntimeError(f"not both adapters ready: {line.strip()}")
            return time.perf_counter()


async def _drain(stream: asyncio.StreamReader) -> None:
    while await stream.readline():
        pass


async def measure(runs: int = RUNS) -> tuple[list[StartFigures], list[StartFigures]]:
    """Start the servers once; then `runs` first starts (each with new data) and `runs`
    restarts over the data of the last one."""
    root = str(ROOT)
    if root not in sys.path:
        sys.path.insert(0, root)
    from tests.support.botapi import BotApiServer
    from tests.support.synapse import Synapse

    first: list[StartFigures] = []
    again: list[StartFigures] = []
    await _compile()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        telegram = BotApiServer()
        await telegram.start()
        synapse = await asyncio.to_thread(Synapse, folder / "synapse")
        try:
            await asyncio.to_thread(synapse.start)
            account = await asyncio.to_thread(synapse.register_user, "lagerfeuer")
            base = {k: v for k, v in os.environ.items() if not k.startswith("LAGERFEUER_")}
            base.update(
                PYTHONPATH=root,
                LAGERFEUER_TELEGRAM_TOKEN=telegram.token,
                LAGERFEUER_TELEGRAM_BASE_URL=telegram.base_url,
                LAGERFEUER_MATRIX_HOMESERVER=synapse.url,
                LAGERFEUER_MATRIX_USER_ID=account.user_id,
                LAGERFEUER_MATRIX_PASSWORD=account.password,
            )
            for n in range(runs):
                data = folder / f"bot-{n}"
                data.mkdir()
                env = dict(
                    base,
                    LAGERFEUER_DATABASE=str(data / "lagerfeuer.db"),
                    LAGERFEUER_MATRIX_STORE=str(data / "matrix-store"),
                )
                first.append(await one_start(env, data))
            for _ in range(runs):
                again.append(await one_start(env, data))
        finally:
            await asyncio.to_thread(synapse.stop)
            await telegram.stop()
    return first, again


async def _compile() -> None:
    """Compile core/ and adapters/ to bytecode beside the sources, as an install does; a
    checkout run with PYTHONDONTWRITEBYTECODE would otherwise compile every module at every
    start. (A PYTHONPYCACHEPREFIX would not do: it hides the installed libraries' bytecode.)"""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "compileall",
        "-q",
        str(ROOT / "core"),
        str(ROOT / "adapters"),
        stdout=asyncio.subprocess.DEVNULL,
    )
    if await process.wait() != 0:
        raise RuntimeError("compileall failed")


async def figures() -> list[Figure]:
    """Median start-up time and memory: first starts and restarts, RUNS of each."""
    bar_time, bar_mem = f"< {BAR_SECONDS:g} s", f"< {BAR_MB:g} MB"
    try:
        import synapse  # noqa: F401  (only to say why, when it is missing)
    except ImportError:
        why = "matrix-synapse not installed"
        return [
            not_available("start-up to ready", bar_time, why),
            not_available("resident memory", bar_mem, why),
        ]
    first, again = await measure()
    result: list[Figure] = []
    for label, runs in (("first start", first), ("restart", again)):
        seconds = median([r.seconds for r in runs])
        answering = median([r.answering for r in runs])
        note = f"median of {len(runs)}, both adapters; answer index built at {answering:.2f} s"
        result.append(
            Figure(
                f"start-up to ready, {label}",
                bar_time,
                f"{seconds:.2f} s ({note})",
                seconds < BAR_SECONDS,
            )
        )
    everything = first + again
    rss = median([r.rss_mb for r in everything])
    peak = max(r.peak_mb for r in everything)
    result.append(
        Figure(
            "resident memory",
            bar_mem,
            f"{rss:.0f} MB (median of {len(everything)} starts; peak {peak:.0f} MB)",
            rss < BAR_MB and peak < BAR_MB,
        )
    )
    return result


def main() -> int:
    """Print the figures of this benchmark alone."""
    from benchmarks.figures import table

    print(table(asyncio.run(figures())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
