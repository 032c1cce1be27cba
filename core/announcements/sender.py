"""What each channel's announcement sender is to the delivery loop: its facts, its answer.

A channel declares the facts of its platform (`PlatformFacts`, in its `facts.py`) and its
sender carries them; the delivery loop paces and retries by them, the announcement service
picks private chats and the longest text by them. No platform fact is written in the core.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from core.kernel.messages import ChatRef, Platform


@dataclass(frozen=True, slots=True)
class PlatformFacts:
    """What a channel declares about posting announcements on its platform."""

    idempotent: bool
    """A repeated send with the same key is dropped by the platform (Matrix transaction ids),
    so a send cut short by an error or a crash may simply be sent again."""
    fanout_rate: float | None
    """Messages a second a fan-out may use, spaced evenly; None: the platform's answers pace it."""
    private_chat_is_user: bool
    """The private chat with a person has the person's own id (Telegram)."""
    max_length: int
    """The longest announcement text one message holds."""


class DeliveryStatus(StrEnum):
    """How one attempt to deliver an announcement to one chat ended."""

    SENT = "sent"
    RETRY = "retry"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Delivery:
    """The result of one delivery attempt.

    RETRY: a passing problem (rate limit, network); `retry_after` seconds when the platform
    said so. FAILED: permanent (blocked, kicked, room gone); `reason` says which.
    """

    status: DeliveryStatus
    message_id: str | None = None
    retry_after: float | None = None
    reason: str = ""


class AnnouncementSender(Protocol):
    """One platform's way to post an announcement; each channel implements it.

    `key` is deterministic per announcement and target: Matrix uses it as the transaction
    id, so a retry or a resume after a crash is never posted twice. Senders pace themselves
    to their platform's limits.
    """

    platform: Platform
    facts: PlatformFacts

    async def deliver(
        self, chat: ChatRef, text: str, html: str | None, key: str, pin: bool
    ) -> Delivery:
        """Post the announcement to `chat`."""
        ...
