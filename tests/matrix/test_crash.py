"""`kill -9` of the real `lagerfeuer run` process amid a burst of Matrix commands, then restart:
every command is answered, and none twice (the repeat carries the first attempt's transaction
id, so Synapse keeps one)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.settings import BUNDLED_CONTENT
from core.content.texts import Texts
from tests.matrix.people import Person, Scene
from tests.support.synapse import Account, Synapse

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
EACH = 4
"""Commands each of three people sends in the burst."""
TEXTS = Texts(load_checked_content(BUNDLED_CONTENT).texts)
FIRST_LINE = TEXTS.get("privacy.text", "de").splitlines()[0]
HELP = TEXTS.get("menu.title", "de")


async def run(folder: Path, synapse: Synapse, bot: Account) -> asyncio.subprocess.Process:
    """`lagerfeuer run` with the Matrix account, as its own process."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("LAGERFEUER_")}
    env.update(
        PYTHONPATH=str(ROOT),
        LAGERFEUER_DATABASE=str(folder / "bot.db"),
        LAGERFEUER_MATRIX_HOMESERVER=synapse.url,
        LAGERFEUER_MATRIX_USER_ID=bot.user_id,
        LAGERFEUER_MATRIX_PASSWORD=bot.password,
        LAGERFEUER_MATRIX_STORE=str(folder / "store"),
    )
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "adapters.cli.main",
        "run",
        cwd=folder,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )


def answers(anna: Person, room: str) -> int:
    return sum(1 for m in anna.seen if m.room_id == room and m.body.startswith(FIRST_LINE))


@pytest.mark.parametrize("killed_after", [0, 3, 7])
async def test_a_burst_is_answered_once_across_kill_9(
    synapse: Synapse, tmp_path: Path, killed_after: int
) -> None:
    async with Scene(synapse, tmp_path / "people") as scene:
        bot = scene.account("lagerfeuer")
        first = await run(tmp_path, synapse, bot)
        second: asyncio.subprocess.Process | None = None
        try:
            anna, ben, cara = [await scene.person(n) for n in ("anna", "ben", "cara")]
            room = await anna.create_room(invite=(bot.user_id,))
            await anna.wait_for(room, lambda m: m.sender == bot.user_id, within=60)
            for person in (ben, cara):
                await person.join(room)
                await anna.wait_joined(room, person.user_id)

            async def burst() -> None:
                for _ in range(EACH):
                    for person in (anna, ben, cara):
                        await person.say(room, "!datenschutz")

            sending = asyncio.create_task(burst())
            await anna.wait_until(lambda: answers(anna, room) >= killed_after, within=60)
            first.send_signal(signal.SIGKILL)  # while the burst may still be arriving
            await first.wait()
            await sending
            at_kill = answers(anna, room)

            second = await run(tmp_path, synapse, bot)
            await anna.say(room, "!hilfe")  # handled after everything redelivered before it
            await anna.wait_for(
                room,
                lambda m: m.sender == bot.user_id and m.body.startswith(HELP),
                within=60,
            )
            total = answers(anna, room)
        finally:
            for process in (first, second):
                if process is not None and process.returncode is None:
                    process.send_signal(signal.SIGTERM)
                    await asyncio.wait_for(process.wait(), 30)
    print(f"killed after {at_kill} of {3 * EACH} answers: {total} answers in the end")
    assert total == 3 * EACH, f"{total} answers to {3 * EACH} commands: none lost, none twice"
