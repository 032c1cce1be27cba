"""Announcements in the terminal chat: console rooms get them printed, as a bot would post them.

Only console targets are delivered here; targets on Telegram or Matrix in the same database
are left to the running bot.
"""

from __future__ import annotations

from adapters.bootstrap import App
from adapters.console import Writer, render
from adapters.outbox_worker import OutboxWorker
from core.assistant import Actions
from core.messages import ChatRef, Platform, Reply
from core.ports import Delivery, DeliveryStatus


class ConsoleAnnouncer:
    """The AnnouncementSender of the terminal chat: prints the announcement."""

    platform = Platform.CONSOLE

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


def attach(app: App, out: Writer) -> OutboxWorker:
    """Deliver console announcements whenever the terminal chat's timers run."""
    worker = OutboxWorker(
        app.store, [ConsoleAnnouncer(out)], app.clock, rates={}, fail_unconnected=False
    )

    async def deliver() -> Actions:
        await worker.run_once()
        return []

    app.assistant.registry.tickers.insert(0, deliver)  # before the report timer
    return worker
