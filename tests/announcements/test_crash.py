"""`kill -9` of the real bot process at ten moments of one 500-target announcement.

The bot runs as `python -m adapters.cli.main run` against the Bot API server (enforcing the flood
limits) and a real Synapse; the announcement is queued by `lagerfeuer announce` as cron
would. It is killed ten times while a target is being sent, and started again each time. In the
end nothing is lost, no Matrix room gets it twice, at most one Telegram chat a crash does, and
the moderator's summary counts every possible double.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sqlite3
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from adapters.storage.store import SqliteStore
from core.announcements.outbox import TargetState
from core.kernel.ports import RoomSettings
from tests.matrix.people import Scene
from tests.support.botapi import BotApiServer, FloodLimits
from tests.support.synapse import Account, Synapse

pytestmark = pytest.mark.integration

TELEGRAM_GROUPS = 490
MATRIX_ROOMS = 10
TEXT = "Ankündigung an alle 500"
ROOT = Path(__file__).resolve().parents[2]
KILLS = sorted(random.Random(20261207).sample(range(40, TELEGRAM_GROUPS - 20), 10))
"""The ten moments, as the number of Telegram groups reached; drawn once with a fixed seed."""


def environment(
    folder: Path, botapi: BotApiServer, synapse: Synapse, bot: Account
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAGERFEUER_")}
    env.update(
        LAGERFEUER_DATABASE=str(folder / "lagerfeuer.db"),
        LAGERFEUER_TELEGRAM_TOKEN=botapi.token,
        LAGERFEUER_TELEGRAM_BASE_URL=botapi.base_url,
        LAGERFEUER_MATRIX_HOMESERVER=synapse.url,
        LAGERFEUER_MATRIX_USER_ID=bot.user_id,
        LAGERFEUER_MATRIX_PASSWORD=bot.password,
        LAGERFEUER_MATRIX_STORE=str(folder / "matrix-store"),
        PYTHONPATH=str(ROOT),
    )
    return env


async def lagerfeuer(folder: Path, env: dict[str, str], *args: str) -> asyncio.subprocess.Process:
    """`lagerfeuer ARGS` as its own process; its log goes to FOLDER/ARG.log."""
    output = asyncio.subprocess.PIPE if args[0] == "announce" else asyncio.subprocess.DEVNULL
    with open(folder / f"{args[0]}.log", "ab") as log:  # noqa: ASYNC230
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "adapters.cli.main",
            *args,
            cwd=folder,
            env=env,
            stdout=output,
            stderr=log,
        )


async def kill_mid_send(process: asyncio.subprocess.Process, db: Path) -> None:
    """SIGKILL as soon as a target is marked `sending` (its send may be on the wire)."""
    with sqlite3.connect(db, timeout=5) as conn:
        for _ in range(2000):
            row = conn.execute(
                "SELECT COUNT(*) FROM announcement_targets WHERE state = 'sending'"
            ).fetchone()
            if row[0]:
                break
            await asyncio.sleep(0.001)
        process.send_signal(signal.SIGKILL)
    await process.wait()


async def until(check: Callable[[], bool], within: float, what: str) -> None:
    """Wait until `check()` holds, serving the Bot API meanwhile; fails after `within` s."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while loop.time() < deadline:
        if check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


async def test_kill_9_mid_announcement_then_restart(
    synapse: Synapse, botapi: BotApiServer, tmp_path: Path
) -> None:
    botapi.flood = FloodLimits()
    groups = [-1_000_000_500_000 - i for i in range(TELEGRAM_GROUPS)]
    store = await SqliteStore.open(tmp_path / "lagerfeuer.db")
    for chat_id in groups:
        botapi.group(chat_id, f"G{chat_id}")
        await store.save_room(
            RoomSettings("telegram", str(chat_id), title=f"G{chat_id}", community=True)
        )
    await store.close()

    async with Scene(synapse, tmp_path / "people") as scene:
        bot_account = scene.account("lagerfeuer")
        anna = await scene.person("anna")
        env = environment(tmp_path, botapi, synapse, bot_account)
        env["LAGERFEUER_MODERATORS"] = f"matrix:{anna.user_id}"  # her rooms join the community
        first = await lagerfeuer(tmp_path, env, "run")
        second: asyncio.subprocess.Process | None = None
        try:
            rooms = [
                await anna.create_room(name=f"R{i}", invite=(bot_account.user_id,))
                for i in range(MATRIX_ROOMS)
            ]
            for room in rooms:
                await anna.wait_for(room, lambda m: m.sender == bot_account.user_id, within=60)

            queued = await lagerfeuer(tmp_path, env, "announce", "--all", TEXT)
            out, _ = await queued.communicate()
            assert queued.returncode == 0
            assert "an 500 Chats" in out.decode()  # LAGERFEUER_LANGUAGE: de

            def telegram_sent() -> int:
                return sum(1 for s in botapi.sent if s.text == TEXT)

            running = first

            def reached(groups: int) -> Callable[[], bool]:
                return lambda: telegram_sent() >= groups

            for moment in KILLS:
                await until(reached(moment), 90, f"{moment} groups reached")
                await kill_mid_send(running, tmp_path / "lagerfeuer.db")
                assert telegram_sent() < TELEGRAM_GROUPS, "killed in the middle"
                running = await lagerfeuer(tmp_path, env, "run")
                second = running
            await until(
                lambda: len({s.chat_id for s in botapi.sent if s.text == TEXT}) == TELEGRAM_GROUPS,
                120,
                "every Telegram group",
            )
            for room in rooms:
                await anna.wait_for(room, lambda m: m.body == TEXT, within=60)
            await asyncio.sleep(2.0)  # anything doubled would arrive meanwhile

            per_chat = Counter(s.chat_id for s in botapi.sent if s.text == TEXT)
            assert set(per_chat) == set(groups), "nothing lost on Telegram"
            assert sum(n - 1 for n in per_chat.values()) <= len(KILLS), "one in flight a crash"
            matrix = Counter(s.room_id for s in anna.seen if s.body == TEXT)
            assert matrix == Counter({room: 1 for room in rooms}), "no Matrix duplicate"
            assert botapi.rejected_floods == 0
        finally:
            for process in (first, second):
                if process is not None and process.returncode is None:
                    process.send_signal(signal.SIGTERM)
                    await asyncio.wait_for(process.wait(), 30)

    store = await SqliteStore.open(tmp_path / "lagerfeuer.db")
    try:
        targets = await store.targets_of(1)
        assert len(targets) == TELEGRAM_GROUPS + MATRIX_ROOMS
        assert {t.state for t in targets} == {TargetState.SENT}
        in_doubt = [t for t in targets if t.interrupted]
        assert len(in_doubt) <= len(KILLS)
        assert all(t.chat.platform.value == "telegram" for t in in_doubt)
        summary = await store.announcement_summary(1)
        duplicates = sum(n - 1 for n in per_chat.values())
        print(f"{len(KILLS)} kills: {duplicates} Telegram doubles, {summary.doubled} reported")
        assert duplicates <= summary.doubled == len(in_doubt), "a double is always reported"
    finally:
        await store.close()
