"""The announcement outbox as a pure state machine: states, retries, crash recovery, summaries.

An announcement is `scheduled` until its time, then `sending` while its targets are
delivered, then `done` (or `cancelled`). Each target goes pending -> sending -> sent, failed
or, when a crash or a broken connection leaves it unknown whether a non-idempotent platform
posted it, maybe_sent. The storage adapter persists what these functions decide.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum

from core.announcements.sender import Delivery, DeliveryStatus
from core.kernel.messages import ChatRef


class AnnouncementState(StrEnum):
    """Where an announcement as a whole stands."""

    SCHEDULED = "scheduled"
    SENDING = "sending"
    DONE = "done"
    CANCELLED = "cancelled"


class TargetState(StrEnum):
    """Where the delivery to one chat stands."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    MAYBE_SENT = "maybe_sent"
    FAILED = "failed"
    CANCELLED = "cancelled"


OPEN_STATES = frozenset({TargetState.PENDING, TargetState.SENDING})
"""Target states that still need work."""

MAX_ATTEMPTS = 10
BACKOFF_FIRST_SECONDS = 2.0
BACKOFF_MAX_SECONDS = 600.0
LATE_AFTER = timedelta(minutes=2)
"""A scheduled announcement started later than this after its time is marked late."""

REASON_GAVE_UP = "gave-up"
REASON_NOT_CONNECTED = "not-connected"
REASON_ERROR = "error"


class Audience(StrEnum):
    """Who an announcement goes to; `tag` audiences are stored as `tag:<name>`."""

    ROOM = "room"
    ALL = "all"
    TAG = "tag"
    SUBSCRIBERS = "subscribers"


def fixed_audience(audience: str) -> bool:
    """Whether an audience's chats are settled when it is confirmed: "this room" (and rooms
    named on the command line). All rooms, a tag and subscribers are settled when the fan-out
    starts, so a scheduled one reaches the rooms and subscribers of its time."""
    return audience == Audience.ROOM


@dataclass(slots=True)
class Announcement:
    """One announcement and its progress."""

    id: int
    text: str
    html: str | None
    pin: bool
    audience: str
    origin: ChatRef | None
    lang: str
    created_at: datetime
    send_at: datetime
    state: AnnouncementState
    late: bool = False
    started_at: datetime | None = None
    finished_at: datetime | None = None
    reported: bool = False
    author: tuple[str, str] | None = None
    """(platform, user id) of the moderator who wrote it in a chat; None from the command line
    (and once the author had themselves forgotten)."""
    settling: bool = False
    """Its subscribers are still being written as targets, a chunk at a time; it is not done
    before they all are."""


@dataclass(frozen=True, slots=True)
class SubscriberReach:
    """Which subscribers an announcement reaches: those on `platforms`, in the private chat
    remembered for them or, on the `by_user_id` platforms, in the chat that is their user id."""

    platforms: tuple[str, ...]
    by_user_id: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NewTarget:
    """A chat an announcement is to reach; `user_id` for a subscriber's private chat."""

    chat: ChatRef
    user_id: str | None = None


@dataclass(slots=True)
class Target:
    """The delivery of one announcement to one chat."""

    announcement_id: int
    chat: ChatRef
    key: str
    state: TargetState = TargetState.PENDING
    attempts: int = 0
    next_try_at: datetime | None = None
    interrupted: bool = False
    message_id: str | None = None
    reason: str = ""
    user_id: str | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a target becomes after an attempt (or after a crash)."""

    state: TargetState
    next_try_at: datetime | None = None
    interrupted: bool = False
    message_id: str | None = None
    reason: str = ""


@dataclass(slots=True)
class Summary:
    """Counts of an announcement's targets, for reports and listings."""

    counts: Counter[TargetState] = field(default_factory=Counter)
    doubled: int = 0
    reasons: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def open(self) -> int:
        return sum(self.counts[s] for s in OPEN_STATES)


def target_key(announcement_id: int, platform: str, chat_id: str) -> str:
    """The deterministic send key (Matrix transaction id) of one announcement and chat."""
    digest = hashlib.sha256(f"{platform}:{chat_id}".encode()).hexdigest()[:20]
    return f"lfann{announcement_id}-{digest}"


def backoff_seconds(attempts: int) -> float:
    """Waiting time before the next try after `attempts` tries: doubling, capped."""
    return float(min(BACKOFF_MAX_SECONDS, BACKOFF_FIRST_SECONDS * 2.0 ** max(0, attempts - 1)))


_REASON_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("blocked", ("blocked",)),
    ("kicked", ("kicked", "not a member", "not in the room", "removed")),
    ("gone", ("deactivated", "chat not found", "m_not_found", "upgraded", "not found")),
    ("too-long", ("too long", "m_too_large")),
    ("forbidden", ("forbidden", "not enough rights", "m_forbidden", "can't write")),
)
"""Words in a platform's refusal, and the reason code the report explains."""


def reason_code(reason: str) -> str:
    """A short code for a platform's refusal ("blocked", "kicked" ...), or the text itself."""
    lowered = reason.lower()
    for code, words in _REASON_WORDS:
        if any(word in lowered for word in words):
            return code
    return reason.strip()[:200] or REASON_ERROR


def _uncertain(target: Target, reason: str) -> Outcome:
    """A final outcome: failed, or maybe sent when an earlier try may have gone out."""
    state = TargetState.MAYBE_SENT if target.interrupted else TargetState.FAILED
    return Outcome(state, interrupted=target.interrupted, reason=reason)


def after_delivery(target: Target, delivery: Delivery, now: datetime) -> Outcome:
    """The target's next state after the sender answered (`target.attempts` counts this try)."""
    if delivery.status is DeliveryStatus.SENT:
        return Outcome(
            TargetState.SENT, interrupted=target.interrupted, message_id=delivery.message_id
        )
    if delivery.status is DeliveryStatus.FAILED:
        return _uncertain(target, reason_code(delivery.reason))
    if target.attempts >= MAX_ATTEMPTS:
        return _uncertain(target, REASON_GAVE_UP)
    wait = delivery.retry_after
    if wait is None:
        wait = backoff_seconds(target.attempts)
    return Outcome(
        TargetState.PENDING,
        next_try_at=now + timedelta(seconds=max(0.0, wait)),
        interrupted=target.interrupted,
        reason=delivery.reason,
    )


def after_error(target: Target, now: datetime, idempotent: bool) -> Outcome:
    """The sender raised: the message may have gone out, unless the platform is `idempotent`
    (drops a repeat with the same key, see `PlatformFacts`)."""
    interrupted = target.interrupted or not idempotent
    retry = Delivery(DeliveryStatus.RETRY, reason=REASON_ERROR)
    return after_delivery(replace(target, interrupted=interrupted), retry, now)


def after_crash(target: Target, now: datetime, idempotent: bool) -> Outcome:
    """A target found `sending` at start-up: the process died during its send.

    It is sent again. On an `idempotent` platform (a transaction id) the repeat is dropped;
    elsewhere it may double the message, so the target is remembered as interrupted and
    reported as "maybe twice" (or "maybe sent" if it cannot be completed).
    """
    interrupted = target.interrupted or not idempotent
    return Outcome(TargetState.PENDING, next_try_at=now, interrupted=interrupted)


def after_cancel(target: Target) -> Outcome:
    """A pending target of a cancelled announcement."""
    if target.interrupted:
        return Outcome(TargetState.MAYBE_SENT, interrupted=True, reason="cancelled")
    return Outcome(TargetState.CANCELLED, reason="cancelled")


def summarize(rows: list[tuple[TargetState, bool, str, int]]) -> Summary:
    """A summary from (state, interrupted, reason, count) rows."""
    summary = Summary()
    for state, interrupted, reason, count in rows:
        summary.counts[state] += count
        if state is TargetState.SENT and interrupted:
            summary.doubled += count
        if state is TargetState.FAILED:
            summary.reasons[reason or REASON_ERROR] += count
    return summary


def is_late(send_at: datetime, now: datetime) -> bool:
    """Whether a scheduled announcement starting `now` is late."""
    return now - send_at > LATE_AFTER
