"""Announcements in the terminal chat: console rooms get them printed, as a bot would post them.

Only console targets are delivered here; targets on Telegram or Matrix in the same database
are left to the running bot. After a crash, the console targets it left `sending` are sent
again at the first tick, as the service does at start.
"""

from __future__ import annotations

from adapters.channels.console.chat import Writer, render
from adapters.channels.console.facts import FACTS
from core.announcements.delivery import OutboxWorker
from core.announcements.sender import Delivery, DeliveryStatus
from core.announcements.store import DeliveryQueue
from core.kernel.assistant import Actions, Assistant
from core.kernel.messages import ChatRef, Platform, Reply
from core.kernel.ports import Clock


class ConsoleAnnouncer:
    """The AnnouncementSender of the terminal chat: prints the announcement."""

    platform = Platform.CONSOLE
    facts = FACTS

    def __init__(self, out: Writer) -> None:
        self.out = out
        self.posted = 0

    async def deliver(
        self, chat: ChatRef, text: str, html: str | None, key: str, pin: bool
    ) -> Delivery:
        self.out.write(render(Reply(chat, text)) + "\n")
        self.out.flush()
        self.posted += 1
        return Delivery(DeliveryStatus.SENT, message_id=key)


def attach(assistant: Assistant, queue: DeliveryQueue, clock: Clock, out: Writer) -> OutboxWorker:
    """Deliver console announcements whenever the terminal chat's timers run."""
    worker = OutboxWorker(queue, [ConsoleAnnouncer(out)], clock, fail_unconnected=False)
    resumed = False

    async def deliver() -> Actions:
        nonlocal resumed
        if not resumed:  # what a crashed terminal chat left mid-send is sent again
            resumed = True
            await worker.resume()
        await worker.run_once()
        return []

    assistant.registry.tickers.insert(0, deliver)  # before the report timer
    return worker
