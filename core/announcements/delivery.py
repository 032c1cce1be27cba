"""The delivery loop: sends queued announcements through each platform's sender.

Retry tiers. (1) Inline, in the channel's sender: a short rate limit is waited out and a
passing network error retried on the spot (Telegram: a 429's `retry_after` up to 120 s in all,
5 network tries; `adapters/channels/telegram/sender.py`). (2) Here, what the sender could not
settle: a RETRY with `retry_after` pauses this platform's queue until then (other platforms go
on) and the target waits that long; a RETRY without it waits with doubling back-off, 2 s up to
10 min, for at most 10 tries, then ends as failed (or maybe sent); FAILED ends it at once
(`outbox.after_delivery`). (3) A sender that raises counts as a RETRY; on a platform that is
not idempotent the target is remembered as maybe sent (`outbox.after_error`). (4) A target a
crash left `sending` is sent again at start; an idempotent platform drops the repeat, others
may double it and report so (`outbox.after_crash`). Before each send the target is durably
marked `sending`, after it the result is durably recorded, so only the one message in flight
can be in doubt. Platforms run side by side; on each, targets go one at a time, evenly spaced
at the sender's declared fan-out rate.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta

from core.announcements.outbox import (
    REASON_NOT_CONNECTED,
    Announcement,
    Outcome,
    Target,
    TargetState,
    after_crash,
    after_delivery,
    after_error,
)
from core.announcements.sender import AnnouncementSender
from core.announcements.store import DeliveryQueue
from core.errors import StorageError
from core.kernel.ports import Clock

log = logging.getLogger("lagerfeuer.outbox")

POLL_SECONDS = 0.5
BATCH = 200


class OutboxWorker:
    """Delivers due targets; `run_once` for tests, `run_forever` beside the adapters."""

    def __init__(
        self,
        store: DeliveryQueue,
        senders: Sequence[AnnouncementSender],
        clock: Clock,
        poll_seconds: float = POLL_SECONDS,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        fail_unconnected: bool = True,
    ) -> None:
        self.store = store
        self.senders = {sender.platform.value: sender for sender in senders}
        self.clock = clock
        self.poll_seconds = poll_seconds
        self.paused_until: dict[str, datetime] = {}
        self.sleep = sleep
        self.fail_unconnected = fail_unconnected
        """Whether targets on platforms without a sender here end as failed (the bot does
        that; the terminal chat, which shares the database, leaves them to the bot)."""
        self._next_slot: dict[str, float] = {}
        self.stopping = False
        self._announcements: dict[int, Announcement] = {}

    def stop(self) -> None:
        """Finish the sends in flight, start no new one; `run_forever` then returns."""
        self.stopping = True

    async def resume(self) -> int:
        """Put targets a crash left `sending` back in the queue; returns how many. A worker
        that leaves other platforms to the bot (the terminal chat) takes back only its own:
        the bot's are in flight in the bot."""
        now = self.clock.now()
        stranded = [
            target
            for target in await self.store.in_flight_targets()
            if self.fail_unconnected or target.chat.platform.value in self.senders
        ]
        for target in stranded:
            outcome = after_crash(target, now, self._idempotent(target.chat.platform.value))
            await self.store.record_outcome(target, outcome, now)
        if stranded:
            log.warning("resuming %d announcement target(s) interrupted mid-send", len(stranded))
        return len(stranded)

    async def run_once(self) -> int:
        """Deliver every target due now on every platform; returns the number of attempts."""
        now = self.clock.now()
        platforms = await self.store.due_platforms(now)
        if self.fail_unconnected:
            for platform in platforms - set(self.senders):
                await self._fail_all(platform, now)
        async with asyncio.TaskGroup() as group:
            work = [
                group.create_task(self._platform(name))
                for name in sorted(platforms)
                if name in self.senders
            ]
        self._announcements.clear()
        return sum(task.result() for task in work)

    async def run_forever(self) -> None:
        """Resume, then poll and deliver until `stop()` (or cancellation)."""
        await self.resume()
        while not self.stopping:
            try:
                attempts = await self.run_once()
            except StorageError as exc:  # names the database file
                log.error("announcement delivery round failed: %s", exc)
                attempts = 0
            except Exception:
                log.exception("announcement delivery round failed")
                attempts = 0
            if attempts == 0 and not self.stopping:
                await asyncio.sleep(self.poll_seconds)

    async def _fail_all(self, platform: str, now: datetime) -> None:
        """Targets on a platform this process has no sender for end as failed."""
        for target in await self.store.due_targets(platform, now, BATCH):
            if await self.store.claim_target(target, now):
                outcome = Outcome(TargetState.FAILED, reason=REASON_NOT_CONNECTED)
                await self.store.record_outcome(target, outcome, now)

    async def _announcement(self, ident: int) -> Announcement | None:
        if ident not in self._announcements:
            found = await self.store.get_announcement(ident)
            if found is None:
                return None
            self._announcements[ident] = found
        return self._announcements[ident]

    async def _platform(self, platform: str) -> int:
        sender = self.senders[platform]
        attempts = 0
        while True:
            now = self.clock.now()
            paused = self.paused_until.get(platform)
            if paused is not None and paused > now:
                return attempts
            due = await self.store.due_targets(platform, now, BATCH)
            if not due:
                return attempts
            for target in due:
                if self.stopping:
                    return attempts
                await self._space(platform)
                if not await self._send(sender, target):
                    return attempts + 1
                attempts += 1

    def _idempotent(self, platform: str) -> bool:
        """Whether this platform drops a repeated send; without a sender here, assume not."""
        sender = self.senders.get(platform)
        return sender is not None and sender.facts.idempotent

    async def _space(self, platform: str) -> None:
        """Evenly spaced sends at the fan-out rate the platform's sender declares."""
        rate = self.senders[platform].facts.fanout_rate
        if not rate:
            return
        now = time.monotonic()
        slot = max(now, self._next_slot.get(platform, now))
        self._next_slot[platform] = slot + 1.0 / rate
        if slot > now:
            await self.sleep(slot - now)

    async def _send(self, sender: AnnouncementSender, target: Target) -> bool:
        """One attempt; False when the platform asked to pause (retry_after)."""
        announcement = await self._announcement(target.announcement_id)
        if announcement is None or not await self.store.claim_target(target, self.clock.now()):
            return True
        try:
            delivery = await sender.deliver(
                target.chat, announcement.text, announcement.html, target.key, announcement.pin
            )
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("announcement send raised %s; will retry", type(exc).__name__)
            now = self.clock.now()
            outcome = after_error(target, now, sender.facts.idempotent)
            await self.store.record_outcome(target, outcome, now)
            return True
        now = self.clock.now()
        outcome = after_delivery(target, delivery, now)
        await self.store.record_outcome(target, outcome, now)
        if delivery.retry_after is not None and outcome.state is TargetState.PENDING:
            self.paused_until[sender.platform.value] = now + timedelta(seconds=delivery.retry_after)
            return False
        return True
