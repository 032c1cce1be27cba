"""What the core needs from the outside world, as Protocols the adapters implement.

These are the ports every feature shares; a feature's own port lives in its package
(`welcome/store.py`, `flows/store.py`, ...) and is handed to its `install`. Tests fake these
ports; the real implementations live in `adapters/`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from core.kernel.messages import ChatRef, UserRef


@dataclass(slots=True)
class Person:
    """What is stored about one person: the least the bot needs (docs/capabilities.md, C7)."""

    platform: str
    user_id: str
    language: str | None = None
    subscribed: bool = False
    language_chosen: bool = False
    """The person chose `language` (/language); otherwise it is the one they last wrote in."""
    came_from: str | None = None
    last_seen: datetime | None = None


@dataclass(slots=True)
class Conversation:
    """An open dialogue with one person in one chat (a flow, settings, a confirmation).

    `offered` holds the choices last shown, so a typed number or label can answer them.
    """

    platform: str
    chat_id: str
    user_id: str
    kind: str | None = None
    step: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    offered: list[tuple[str, str]] = field(default_factory=list)
    updated_at: datetime | None = None


@dataclass(slots=True)
class RoomSettings:
    """One room's settings (docs/capabilities.md, C6); `None` in a text field means the
    content default."""

    platform: str
    chat_id: str
    title: str = ""
    language: str | None = None
    welcome_enabled: bool = True
    welcome_text: str | None = None
    delete_previous_welcome: bool = True
    unprompted_answers: bool = True
    welcome_topic: str | None = None
    tags: list[str] = field(default_factory=list)
    receives_all: bool = True
    active: bool = True
    community: bool = False
    """The room belongs to the community: a community moderator added the bot or approved it."""
    modroom: bool = False
    """The community moderators' room: it hears of rooms waiting for approval."""
    rules_text: str | None = None
    """The room's own rules; None: the community's rules from content (`rules.default`)."""
    rules_confirm: bool = False
    """Newcomers are asked to confirm the rules in private chat (and reminded once)."""
    join_requests: bool = False
    """The bot answers requests to join (Telegram): the rules, then approval; off: admins do."""
    join_request_hours: int = 24
    """How long a request waits for the applicant's confirmation before it is declined."""
    suggested: bool = True
    """The starter plan may offer the room (a room moderator's `/settings suggest off`)."""


@dataclass(frozen=True, slots=True)
class NamedModerator:
    """A community moderator named in the chat with `/moderators add` (stored in the database)."""

    platform: str
    user_id: str
    named_at: datetime


@dataclass(frozen=True, slots=True)
class RoomOffer:
    """The choices the bot last offered in a room, and to whom: a typed number answers them
    only when the person typing it is that person."""

    user_id: str
    offered: list[tuple[str, str]]


class Clock(Protocol):
    """The time, so tests can move it."""

    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...


class Moderators(Protocol):
    """Answers "does the platform make this person a moderator of this room?" (room moderators:
    Telegram administrators, Matrix power level at `kick` or room-v12 creators)."""

    async def is_moderator(self, chat: ChatRef, user: UserRef) -> bool:
        """True for the moderators of the room `chat` by the platform's own rules; the
        operator's list and community moderators are the core's business, not the platform's."""
        ...


class Door(StrEnum):
    """How a person gets into a room: by a link, by asking a moderator, or not at all."""

    LINK = "link"
    ASK = "ask"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class WayIn:
    """A room's way in for someone outside it; `link` only with `Door.LINK`, made by the
    platform (an invite link, a public address), never by the core."""

    door: Door
    link: str | None = None


ASK_A_MODERATOR = WayIn(Door.ASK)
"""No way in the platform gives: the person asks a moderator."""


class RoomDoors(Protocol):
    """Answers "how does someone not in the room get in?" for the rooms of one platform."""

    async def way_in(self, chat: ChatRef, *, approval: bool = False) -> WayIn:
        """The room's way in: a link the platform gives, a moderator to ask, or closed
        (a room only its members can let someone into). `approval`: the room lets people in
        only once approved (its join requests, core/rules/joins.py), so a link the platform
        makes must ask to join rather than let in."""
        ...


class EventLog(Protocol):
    """Remembers handled inbound event ids, so a redelivered update is handled once."""

    async def claim_event(self, event_id: str) -> bool:
        """Record the id; False when it was handled before."""
        ...

    async def event_claimed(self, event_id: str) -> bool:
        """Whether the id was recorded (without recording it)."""
        ...


class PeopleStore(Protocol):
    """People and their choices."""

    async def get_person(self, platform: str, user_id: str) -> Person | None:
        """The stored person, or None."""
        ...

    async def save_person(self, person: Person) -> None:
        """Insert or update a person."""
        ...

    async def forget_person(self, platform: str, user_id: str) -> int:
        """Delete every row about the person, on every table; returns rows deleted."""
        ...


class ConversationStore(Protocol):
    """Open dialogues, keyed by platform, chat and person."""

    async def get_conversation(
        self, platform: str, chat_id: str, user_id: str
    ) -> Conversation | None:
        """The open dialogue, or None."""
        ...

    async def save_conversation(self, conversation: Conversation) -> None:
        """Insert or replace the dialogue."""
        ...

    async def delete_conversation(self, platform: str, chat_id: str, user_id: str) -> None:
        """End the dialogue."""
        ...

    async def get_room_offer(self, platform: str, chat_id: str) -> RoomOffer | None:
        """The choices last offered in a room, or None."""
        ...

    async def save_room_offer(
        self, platform: str, chat_id: str, offer: RoomOffer, when: datetime
    ) -> None:
        """Remember the choices just offered in a room (replacing the room's earlier ones)."""
        ...


class RoomStore(Protocol):
    """Rooms the bot is in and their settings."""

    async def get_room(self, platform: str, chat_id: str) -> RoomSettings | None:
        """The room's settings, or None for a room never seen."""
        ...

    async def save_room(self, room: RoomSettings) -> None:
        """Insert or update a room."""
        ...

    async def list_rooms(self, active_only: bool = True) -> list[RoomSettings]:
        """Every known room."""
        ...

    async def room_by_link(self, link: str) -> RoomSettings | None:
        """The room whose deep-link payload (core/kernel/deeplinks.py) is `link`, or None."""
        ...

    async def community_tags(self, limit: int) -> list[str]:
        """The first `limit` tags, sorted, of the community's active rooms."""
        ...

    async def community_chats(self, tag: str | None) -> list[tuple[str, str, str]]:
        """(platform, chat id, title) of the community's active rooms that take every
        announcement (`tag` None) or carry `tag`, in a stable order."""
        ...


class CommunityStore(Protocol):
    """Community moderators named in the chat (beyond the operator's list)."""

    async def is_named_moderator(self, platform: str, user_id: str) -> bool:
        """Whether the person was named a community moderator."""
        ...

    async def named_moderators(self) -> list[NamedModerator]:
        """Everyone named, in the order they were named."""
        ...

    async def name_moderator(self, platform: str, user_id: str, when: datetime) -> bool:
        """Name a community moderator; False when they were named already."""
        ...

    async def unname_moderator(self, platform: str, user_id: str) -> bool:
        """Remove a named community moderator; False when they were not named."""
        ...


class RetentionStore(Protocol):
    """Deleting what is kept no longer than needed (docs/capabilities.md, C7;
    core/basics/retention.py)."""

    async def prune_idle(self, before: datetime) -> int:
        """Delete onboarding answers and dialogues last touched before `before`."""
        ...

    async def prune_events(self, older_than: datetime) -> int:
        """Forget handled event ids recorded before `older_than`."""
        ...


class Store(
    EventLog,
    PeopleStore,
    ConversationStore,
    RoomStore,
    CommunityStore,
    RetentionStore,
    Protocol,
):
    """What the dispatcher and every feature may use; each feature's own port is handed to its
    `install` (see adapters/runtime/bootstrap.py). The SQLite store implements all of them."""
