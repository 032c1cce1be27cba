"""A Telegram fan-out against the test Bot API server, measured from its send timestamps.

Shared by the fan-out test and `benchmarks/fanout.py`: the real SQLite outbox, the real
delivery worker and the Telegram adapter's paced sender, against a server enforcing the limits.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from telegram import Bot

from adapters.channels.telegram.pacing import Limits, Pacer
from adapters.channels.telegram.sender import TelegramSender
from adapters.clock import SystemClock
from adapters.storage.store import SqliteStore
from core.announcements.delivery import OutboxWorker
from core.announcements.outbox import Audience, NewTarget, TargetState
from core.announcements.service import queue
from core.kernel.messages import ChatRef, Platform
from tests.support.botapi import BotApiServer, FloodLimits, Sent

OVERALL, GROUP, PRIVATE = Limits().overall, Limits().group, Limits().private


@dataclass
class FanoutResult:
    """What one fan-out did, from the server's records."""

    chats: int
    delivered: int
    seconds: float
    ideal_seconds: float
    rejected_floods: int
    max_overall_window: int
    max_overall_window_strict: int
    max_group_window: int
    max_private_window: int
    duplicates: int

    @property
    def ratio(self) -> float:
        return self.seconds / self.ideal_seconds


def max_in_window(times: list[float], seconds: float) -> int:
    """The most sends inside any window of `seconds` (a send at its very end counts once)."""
    ordered = sorted(times)
    best, start = 0, 0
    for end, moment in enumerate(ordered):
        while moment - ordered[start] >= seconds:
            start += 1
        best = max(best, end - start + 1)
    return best


def window_maxima(sent: list[Sent], private_ids: set[int], jitter: float) -> tuple[int, int, int]:
    """Largest counts in any window: overall (1 s), per group (60 s), per private chat (1 s).

    Windows are `jitter` seconds shorter, as the server judges them: a send that reaches it
    a few milliseconds early is the local network's timing, not the bot's pacing.
    """
    by_chat: dict[int, list[float]] = defaultdict(list)
    for message in sent:
        by_chat[message.chat_id].append(message.at)
    overall = max_in_window([m.at for m in sent], OVERALL[1] - jitter)
    group = max(
        (max_in_window(t, GROUP[1] - jitter) for c, t in by_chat.items() if c not in private_ids),
        default=0,
    )
    private = max(
        (max_in_window(t, PRIVATE[1] - jitter) for c, t in by_chat.items() if c in private_ids),
        default=0,
    )
    return overall, group, private


async def run_fanout(folder: Path, chats: int = 1000, private_share: float = 0.4) -> FanoutResult:
    """Queue one announcement to `chats` chats and deliver it; returns the figures."""
    server = BotApiServer()
    server.flood = FloodLimits()
    await server.start()
    limits = server.flood
    store = await SqliteStore.open(folder / "fanout.db")
    try:
        privates = int(chats * private_share)
        targets: list[NewTarget] = []
        private_ids: set[int] = set()
        for index in range(chats):
            if index < privates:
                user_id = 10_000 + index
                server.user(user_id, f"P{index}")
                private_ids.add(user_id)
                chat = ChatRef(Platform.TELEGRAM, str(user_id), is_private=True)
                targets.append(NewTarget(chat, str(user_id)))
            else:
                group_id = -1_000_000_000_000 - index
                server.group(group_id, f"G{index}")
                targets.append(NewTarget(ChatRef(Platform.TELEGRAM, str(group_id), False)))
        now = datetime.now(UTC)
        ident = await queue(
            store,
            text="Neues Barcamp im Dezember! <3 & mehr",
            audience=Audience.ALL.value,
            targets=targets,
            now=now,
            send_at=None,
        )
        async with Bot(server.token, base_url=server.base_url) as bot:
            sender = TelegramSender(bot, store, Pacer(Limits()))
            worker = OutboxWorker(store, [sender], SystemClock())
            started = time.monotonic()
            await worker.run_once()
        finished = max((m.at for m in server.sent), default=started)
        states = [t.state for t in await store.targets_of(ident)]
        overall, group, private = window_maxima(server.sent, private_ids, limits.grace)
        strict, _, _ = window_maxima(server.sent, private_ids, 0.0)
        per_chat: dict[int, int] = defaultdict(int)
        for message in server.sent:
            per_chat[message.chat_id] += 1
        return FanoutResult(
            chats=chats,
            delivered=states.count(TargetState.SENT),
            seconds=finished - started,
            ideal_seconds=chats / OVERALL[0] * OVERALL[1],
            rejected_floods=server.rejected_floods,
            max_overall_window=overall,
            max_overall_window_strict=strict,
            max_group_window=group,
            max_private_window=private,
            duplicates=sum(n - 1 for n in per_chat.values() if n > 1),
        )
    finally:
        await store.close()
        await server.stop()
