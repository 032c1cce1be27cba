"""Fake announcement senders (our own port) that succeed, fail, ask to wait or crash on demand."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from adapters.channels.console.facts import FACTS as CONSOLE
from adapters.channels.matrix.facts import FACTS as MATRIX
from adapters.channels.telegram.facts import FACTS as TELEGRAM
from core.announcements.sender import Delivery, DeliveryStatus, PlatformFacts
from core.kernel.messages import ChatRef, Platform

DECLARED = {Platform.TELEGRAM: TELEGRAM, Platform.MATRIX: MATRIX, Platform.CONSOLE: CONSOLE}
"""What each channel's real sender declares; a fake of it declares the same."""


class Crash(BaseException):
    """Stands for the process dying in the middle of a send (not an ordinary error)."""


@dataclass
class Posted:
    """One message that reached a chat."""

    chat_id: str
    text: str
    html: str | None
    key: str
    pin: bool


@dataclass
class FakeSender:
    """Posts into a list. `script[chat_id]` lists what the next tries to that chat do:
    a Delivery to answer, an Exception to raise, or "crash" (the message reaches the chat,
    then the process dies before the answer). `dedupe` behaves like a Matrix homeserver:
    a repeated key is not posted again."""

    platform: Platform
    dedupe: bool = False
    script: dict[str, list[Delivery | Exception | str]] = field(default_factory=dict)
    posted: list[Posted] = field(default_factory=list)
    seen_keys: dict[str, str] = field(default_factory=dict)
    crash_after: int | None = None
    """Crash (after posting) on this many-th call, counting from 1."""
    calls: int = 0
    facts: PlatformFacts = field(init=False)

    def __post_init__(self) -> None:
        self.facts = DECLARED[self.platform]

    async def deliver(
        self, chat: ChatRef, text: str, html: str | None, key: str, pin: bool
    ) -> Delivery:
        self.calls += 1
        step = self.script.get(chat.id, []).pop(0) if self.script.get(chat.id) else None
        if isinstance(step, Exception):
            raise step
        if isinstance(step, Delivery) and step.status is not DeliveryStatus.SENT:
            return step
        if self.dedupe and key in self.seen_keys:
            return Delivery(DeliveryStatus.SENT, message_id=self.seen_keys[key])
        message_id = f"m{len(self.posted) + 1}"
        self.posted.append(Posted(chat.id, text, html, key, pin))
        self.seen_keys[key] = message_id
        if step == "crash" or self.crash_after == self.calls:
            raise Crash
        return Delivery(DeliveryStatus.SENT, message_id=message_id)

    def per_chat(self) -> Counter[str]:
        """How many times each chat got a message."""
        return Counter(p.chat_id for p in self.posted)
