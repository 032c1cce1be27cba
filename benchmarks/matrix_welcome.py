"""Matrix join-to-welcome latency on a local Synapse: the first join in each of several quiet rooms.

Measured from the moment the newcomer's join request is sent until a room member's client
receives the bot's welcome, with real nio clients and the real bot (`python -m
benchmarks.matrix_welcome`).
"""

from __future__ import annotations

import asyncio
import functools
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.figures import Figure, median

ROOMS = 7
BAR_MS = 500.0


async def _measure(folder: Path) -> list[float]:
    from nio import MatrixRoom, RoomMessageNotice

    from tests.matrix.people import Scene
    from tests.support.synapse import Synapse

    server = Synapse(folder / "synapse")
    server.start()
    try:
        async with Scene(server, folder / "scene") as scene:
            bot = await scene.bot()
            anna = await scene.person("anna")
            arrivals: dict[str, float] = {}

            async def arrived(room: MatrixRoom, event: RoomMessageNotice) -> None:
                fresh = room.room_id not in arrivals and "newcomer" in event.body
                if event.sender == bot.user_id and fresh:
                    arrivals[room.room_id] = time.perf_counter()

            anna.client.add_event_callback(arrived, RoomMessageNotice)
            latencies: list[float] = []
            for number in range(ROOMS):
                newcomer = await scene.person("newcomer")
                room = await anna.create_room(name=f"Raum {number}", invite=(bot.user_id,))
                await anna.wait_for(room, lambda m: m.sender == bot.user_id)
                await asyncio.sleep(0.3)  # the room is quiet again
                started = time.perf_counter()
                await newcomer.join(room)
                await anna.wait_until(functools.partial(arrivals.__contains__, room))
                latencies.append((arrivals[room] - started) * 1000)
            return latencies
    finally:
        server.stop()


async def figures() -> list[Figure]:
    """The median join-to-welcome latency over several quiet rooms."""
    with tempfile.TemporaryDirectory() as folder:
        latencies = await _measure(Path(folder))
    value = median(latencies)
    spread = f"min {min(latencies):.0f}, max {max(latencies):.0f}"
    return [
        Figure(
            "Matrix join to welcome",
            "median < 500 ms (first join, quiet room)",
            f"{value:.0f} ms (median of {len(latencies)} rooms; {spread})",
            value < BAR_MS,
        )
    ]


def main() -> int:
    """Print the figures of this benchmark alone."""
    from benchmarks.figures import table

    print(table(asyncio.run(figures())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
