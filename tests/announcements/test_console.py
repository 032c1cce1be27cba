"""The terminal chat delivers announcements to its rooms and leaves the others to the bot."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from adapters.storage.store import SqliteStore
from core.announcements.outbox import Audience, NewTarget, TargetState
from core.announcements.service import queue
from core.kernel.messages import ChatRef, Platform
from core.kernel.ports import RoomSettings

ROOT = Path(__file__).resolve().parents[2]


async def _seed(db: Path) -> None:
    store = await SqliteStore.open(db)
    await store.save_room(
        RoomSettings("telegram", "-1001", title="Telegram-Gruppe", community=True)
    )
    await store.close()


async def _states(db: Path) -> dict[str, TargetState]:
    store = await SqliteStore.open(db)
    try:
        return {t.chat.platform.value: t.state for t in await store.targets_of(1)}
    finally:
        await store.close()


def test_scripted_terminal_chat_announces_to_all_rooms(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    asyncio.run(_seed(db))
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAGERFEUER_")}
    env.update(LAGERFEUER_DATABASE=str(db), PYTHONPATH=str(ROOT))
    # the terminal's moderator is a community moderator: the room is taken in first
    script = (
        "/gemeinschaft beitreten\n"
        "/announce Sommerfest am **Samstag**\n2\n1\n/announcements\n/announce Nur hier\n1\n1\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "adapters.cli.main", "chat", "--room", "Team", "--moderator"],
        input=script,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=True,
    )
    lines = done.stdout.splitlines()
    assert "[Team] Sommerfest am Samstag" in lines, "posted in the terminal's room"
    assert any("1/2 zugestellt" in line for line in lines), "the Telegram group is still to go"
    assert not any("Bericht zu Ankündigung #1" in line for line in lines), "not all are done"
    assert "[Team] Nur hier" in lines
    assert "Bericht zu Ankündigung #2: 1 von 1 Chats haben sie bekommen." in lines
    assert asyncio.run(_states(db)) == {
        "console": TargetState.SENT,
        "telegram": TargetState.PENDING,
    }, "the Telegram group is left to the running bot"


async def _left_mid_send(db: Path) -> None:
    """An announcement to the terminal's room and a Telegram group, each target marked
    `sending` as the durable step before its send: what `kill -9` during both sends leaves."""
    store = await SqliteStore.open(db)
    try:
        now = datetime.now(UTC)
        chats = [
            ChatRef(Platform.CONSOLE, "team", is_private=False, title="Team"),
            ChatRef(Platform.TELEGRAM, "-1001", is_private=False, title="Telegram-Gruppe"),
        ]
        ident = await queue(
            store,
            text="Sommerfest",
            audience=Audience.ALL,
            targets=[NewTarget(chat) for chat in chats],
            now=now,
            send_at=None,
            origin=chats[0],
        )
        for target in await store.targets_of(ident):
            assert await store.claim_target(target, now)
    finally:
        await store.close()


def test_the_terminal_chat_resumes_its_own_delivery_after_a_crash(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    asyncio.run(_left_mid_send(db))
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAGERFEUER_")}
    env.update(LAGERFEUER_DATABASE=str(db), PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-m", "adapters.cli.main", "chat", "--room", "Team", "--moderator"],
        input="/announcements\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=True,
    )
    lines = done.stdout.splitlines()
    assert lines.count("[Team] Sommerfest") == 1, "sent again, once"
    assert asyncio.run(_states(db)) == {
        "console": TargetState.SENT,
        "telegram": TargetState.SENDING,
    }, "the Telegram group's send is the bot's own to resume"
