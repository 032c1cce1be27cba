"""Announcements on Matrix: one notice per room, the outbox key as its transaction id."""

from __future__ import annotations

import asyncio
import logging

from nio import AsyncClient, LocalProtocolError, RoomSendResponse, SendRetryError

from adapters.channels.matrix.calls import CONNECTION_ERRORS, rate_limit_wait
from adapters.channels.matrix.facts import FACTS
from adapters.channels.matrix.outbound import Outbound
from adapters.channels.matrix.render import render_announcement
from core.announcements.sender import Delivery, DeliveryStatus
from core.kernel.messages import ChatRef, Platform

log = logging.getLogger("lagerfeuer.matrix")

PERMANENT = {"M_FORBIDDEN", "M_NOT_FOUND", "M_UNKNOWN_TOKEN", "M_TOO_LARGE", "M_BAD_JSON"}
"""Answers after which retrying the same target cannot help."""


class MatrixAnnouncer:
    """The AnnouncementSender for Matrix.

    Synapse remembers a device's transaction ids (about a day): sending the same `key`
    again after a crash or a timeout returns the first event instead of posting twice.
    """

    platform = Platform.MATRIX
    facts = FACTS

    def __init__(self) -> None:
        self.client: AsyncClient | None = None
        self.outbound: Outbound | None = None
        self.synced: asyncio.Event | None = None

    def connect(self, client: AsyncClient, outbound: Outbound, synced: asyncio.Event) -> None:
        """Deliver through this logged-in client once `synced` says its rooms are known."""
        self.client = client
        self.outbound = outbound
        self.synced = synced

    async def deliver(
        self, chat: ChatRef, text: str, html: str | None, key: str, pin: bool
    ) -> Delivery:
        if (
            self.client is None
            or self.outbound is None
            or not (self.synced and self.synced.is_set())
        ):
            return Delivery(DeliveryStatus.RETRY, retry_after=2.0, reason="not connected yet")
        content = render_announcement(text, html)
        try:
            answer = await self.client.room_send(
                chat.id, "m.room.message", content, tx_id=key, ignore_unverified_devices=True
            )
        except CONNECTION_ERRORS as exc:
            return Delivery(DeliveryStatus.RETRY, reason=type(exc).__name__)
        except (LocalProtocolError, SendRetryError) as exc:
            return Delivery(DeliveryStatus.FAILED, reason=f"not in the room ({type(exc).__name__})")
        if isinstance(answer, RoomSendResponse):
            event_id = str(answer.event_id)
            if pin:
                await self.outbound.pin(chat.id, event_id)
            return Delivery(DeliveryStatus.SENT, message_id=event_id)
        wait = rate_limit_wait(answer)
        if wait is not None:
            return Delivery(DeliveryStatus.RETRY, retry_after=wait, reason="rate limited")
        code = str(getattr(answer, "status_code", "") or "")
        if code in PERMANENT:
            return Delivery(DeliveryStatus.FAILED, reason=code)
        return Delivery(DeliveryStatus.RETRY, reason=code or "error")
