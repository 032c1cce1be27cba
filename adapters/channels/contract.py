"""What a chat channel receives from the wiring, and what it offers it in return.

The runtime (`adapters/runtime/channels.py`) builds each channel with a `ChannelContext` and
drives it through `ChannelAdapter`. A channel sees neither the settings nor the assembled app:
only the core's assistant and content, the clock, its own store port, a way to answer the
moderator question and the way into a room for its platform, the router that carries actions
to any platform, and where to report that it cannot go on (`fail`: the service then stops
with the error).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, Protocol, TypeVar

from core.announcements.sender import AnnouncementSender
from core.errors import LagerfeuerError
from core.kernel.assistant import Assistant, ContentHolder
from core.kernel.messages import Action, Platform
from core.kernel.ports import Clock, Moderators, RoomDoors

Router = Callable[[Sequence[Action]], Awaitable[None]]
"""Hands actions to the channel of their platform, whichever channel produced them."""

StoreT = TypeVar("StoreT")


@dataclass(frozen=True)
class ChannelContext(Generic[StoreT]):
    """What a channel may use of the core and of the wiring."""

    assistant: Assistant
    content: ContentHolder
    """The content in force (replaced as a whole on reload): read `content.texts` each time."""
    clock: Clock
    register_moderators: Callable[[Platform, Moderators], None]
    """Let the channel answer "may this person moderate this room?" for its platform."""
    register_doors: Callable[[Platform, RoomDoors], None]
    """Let the channel answer "how does someone get into this room?" for its platform."""
    router: Router
    store: StoreT
    """The channel's own store port."""
    default_language: str
    """The community's language, for what is said outside any room or person."""
    fail: Callable[[LagerfeuerError], None] = field(default=lambda error: None)
    """The channel cannot go on (Telegram refused the token): the service stops with `error`."""


@dataclass(frozen=True)
class Health:
    """How a channel is doing, for `lagerfeuer status`: connected to its platform right now,
    and when it last received something (None: not since start)."""

    connected: bool
    last_update: datetime | None


class ChannelAdapter(Protocol):
    """What the runtime needs of a platform adapter."""

    platform: Platform

    def health(self) -> Health:
        """Connected or not, and when the last update came."""
        ...

    @property
    def announcement_sender(self) -> AnnouncementSender:
        """How the delivery loop posts announcements on this platform."""
        ...

    async def start(self) -> None:
        """Connect and begin receiving; returns once running."""
        ...

    async def stop(self) -> None:
        """Stop receiving and disconnect."""
        ...

    async def perform(self, actions: Sequence[Action]) -> None:
        """Carry out actions addressed to this platform."""
        ...
