"""Keeping the least for the shortest time (docs/capabilities.md, C7): a periodic clean-up job.

Once an hour it deletes onboarding answers and open dialogues idle for 180 days and forgets
handled event ids older than any redelivery could be. (Unanswered questions are the answers
feature's: it prunes them on its own timer, core/answers/service.py.)
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from core.kernel.assistant import Actions, Deps, Registry

IDLE_LIMIT = timedelta(days=180)
"""Onboarding answers and dialogues untouched this long are deleted (promised in privacy.text)."""

EVENT_MEMORY = timedelta(days=3)
"""Handled event ids are kept this long; platforms redeliver within hours, not days."""

EVERY = timedelta(hours=1)

log = logging.getLogger(__name__)


class RetentionJob:
    """Runs the clean-up at most once every EVERY, on the core's timer."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self.last_run: datetime | None = None

    async def tick(self) -> Actions:
        now = self.deps.clock.now()
        if self.last_run is not None and now - self.last_run < EVERY:
            return []
        self.last_run = now
        await self.run(now)
        return []

    async def run(self, now: datetime) -> tuple[int, int]:
        """Delete what is due; returns (idle rows, event ids) deleted."""
        store = self.deps.store
        idle = await store.prune_idle(now - IDLE_LIMIT)
        events = await store.prune_events(now - EVENT_MEMORY)
        if idle or events:
            log.info("retention: %d idle rows and %d old event ids deleted", idle, events)
        return idle, events


def install(registry: Registry, deps: Deps) -> None:
    """Register the hourly clean-up."""
    registry.tickers.append(RetentionJob(deps).tick)
