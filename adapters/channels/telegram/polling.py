"""Long polling under our own control: Telegram drops an update only once it is journalled.

python-telegram-bot's Updater asks for the next offset (which tells Telegram to drop the batch
before it) as soon as a batch arrived, so a crash loses every update not yet answered. Here a
batch is first written to the inbox with the offset that follows it; only then is Telegram
asked for more. An update leaves the inbox once answered (`TelegramInboxStore.settle_update`);
what a crash left there is handed over again at the next start (`replay`).

A refused token ends polling with `TokenRefused` (the service stops with status 1, so a
supervisor restarts or alerts); any other failure is retried with growing pauses, with one log
line when polling starts failing and one when it works again.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any, Protocol

from telegram import Bot
from telegram.error import InvalidToken, RetryAfter, TelegramError

from adapters.channels.telegram.sender import retry_seconds
from core.errors import LagerfeuerError
from core.kernel.ports import Clock

log = logging.getLogger("lagerfeuer.telegram")

Deliver = Callable[[int, dict[str, Any]], Awaitable[None]]
"""Takes one received update (its id and raw JSON) into handling."""


class TokenRefused(LagerfeuerError):
    """Telegram refused the token while polling: revoked, or replaced by the operator."""


class TelegramInboxStore(Protocol):
    """What polling keeps in the database (migration 0013)."""

    async def journal_updates(
        self, updates: Sequence[tuple[int, str, str]], offset: int, now: datetime
    ) -> None:
        """Keep (update id, sender id, raw JSON) of each update and the next offset, durably."""
        ...

    async def telegram_offset(self) -> int:
        """The next update id to ask Telegram for."""
        ...

    async def inbox(self) -> list[tuple[int, str]]:
        """(update id, raw JSON) of every update not yet answered, oldest first."""
        ...

    async def settle_update(self, update_id: int | None, event_ids: Sequence[str]) -> None:
        """Mark the events handled and drop the update from the inbox, in one step."""
        ...


def backoff(failures: int) -> float:
    """Seconds to wait after the n-th failure in a row: 0.5, 1, 2 ... at most 60."""
    return float(min(60.0, 0.5 * 2 ** (failures - 1)))


def sender_id(update: dict[str, Any]) -> str:
    """Who sent the update (so /forget finds an unanswered one), or "" if nobody says."""
    for key, value in update.items():
        if key != "update_id" and isinstance(value, dict):
            sender = value.get("from")
            if isinstance(sender, dict) and sender.get("id") is not None:
                return str(sender["id"])
    return ""


class Poller:
    """getUpdates in a loop; `last_update` and `connected` tell how it goes."""

    def __init__(
        self,
        bot: Bot,
        store: TelegramInboxStore,
        deliver: Deliver,
        clock: Clock,
        *,
        timeout: int,
        allowed_updates: Sequence[str],
        pause: Callable[[int], float] = backoff,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.bot = bot
        self.store = store
        self.deliver = deliver
        self.clock = clock
        self.timeout = timeout
        self.allowed_updates = list(allowed_updates)
        self.pause = pause
        self.sleep = sleep
        self.last_update: datetime | None = None
        self.connected = False

    async def replay(self) -> int:
        """Hand over again what a crash left unanswered; returns how many."""
        pending = await self.store.inbox()
        for update_id, payload in pending:
            await self.deliver(update_id, json.loads(payload))
        if pending:
            log.info("%d update(s) left unanswered by the last run are handled now", len(pending))
        return len(pending)

    async def run(self) -> None:
        """Poll until cancelled; raises TokenRefused when Telegram refuses the token."""
        offset = await self.store.telegram_offset()
        failures = 0
        while True:
            try:
                batch = await self._fetch(offset)
            except InvalidToken:
                self.connected = False
                raise TokenRefused(
                    "Telegram refused the token (LAGERFEUER_TELEGRAM_TOKEN): revoked or wrong"
                ) from None
            except TelegramError as exc:
                self.connected = False
                failures += 1
                if failures == 1:
                    log.warning("getUpdates failed (%s); retrying", type(exc).__name__)
                wait = retry_seconds(exc) if isinstance(exc, RetryAfter) else 0.0
                await self.sleep(max(wait, self.pause(failures)))
                continue
            if failures:
                log.info("getUpdates works again after %d failed attempt(s)", failures)
                failures = 0
            self.connected = True
            offset = await self.take(batch, offset)

    async def _fetch(self, offset: int) -> list[Any]:
        """One getUpdates, its answer as raw JSON: PTB's own parsing would fail the whole
        batch on one update it cannot read, and log that update whole. `Bot._post` is the
        request `get_updates` itself makes (on its own connection pool), without the parsing."""
        data = {"offset": offset, "timeout": self.timeout, "allowed_updates": self.allowed_updates}
        result = await self.bot._post("getUpdates", data, read_timeout=self.timeout + 10.0)
        if not isinstance(result, list):
            raise TelegramError("getUpdates answered something other than a list")
        return result

    async def take(self, batch: list[Any], offset: int) -> int:
        """Journal the new updates of `batch` (ids from `offset` on) and hand them over;
        returns the next offset. The webhook (webhook.py) hands in one update at a time."""
        fresh = [
            u
            for u in batch
            if isinstance(u, dict)
            and isinstance(u.get("update_id"), int)
            and u["update_id"] >= offset
        ]
        if len(fresh) < len(batch):
            log.warning("%d update(s) without a usable id skipped", len(batch) - len(fresh))
        if not fresh:
            return offset
        now = self.clock.now()
        self.last_update = now
        following = max(int(u["update_id"]) for u in fresh) + 1
        rows = [(u["update_id"], sender_id(u), json.dumps(u)) for u in fresh]
        await self.store.journal_updates(rows, following, now)
        for update in fresh:
            await self.deliver(update["update_id"], update)
        return following
