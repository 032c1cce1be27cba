"""What `/kontakt` keeps: the way back from a post to the person who wrote, never the message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Request:
    """One message passed on to the moderators: whose it is and where the answer goes.

    `chat_id` (the person's private chat) and `lang` are the way back; once the answer went
    out (`answered_at`), they are gone and only the time is left, for the daily limit.
    """

    request_id: str
    platform: str
    user_id: str
    chat_id: str | None
    lang: str | None
    created_at: datetime
    answered_at: datetime | None = None
    posts: int = 1
    """How many posts to the moderators stand for it."""


@dataclass(frozen=True, slots=True)
class Post:
    """A post of the bot to the moderators standing for a request; `request` is None once the
    request is gone (expired, or the person had themselves forgotten)."""

    platform: str
    chat_id: str
    message_id: str
    request: Request | None


@dataclass(frozen=True, slots=True)
class Posted:
    """The bot posted request `request_id` as `message_id` in `chat_id`; `recipient` is the
    moderator whose private chat that is (None: the moderators' room)."""

    platform: str
    chat_id: str
    message_id: str
    request_id: str
    recipient: str | None
    when: datetime


class ContactStore(Protocol):
    """Storage of `/kontakt` (the SQLite store implements it)."""

    async def open_request(self, request: Request) -> None:
        """Record a message passed on (without its text)."""
        ...

    async def requests_since(self, since: datetime, platform: str, user_id: str) -> int:
        """How many requests the person made at or after `since`."""
        ...

    async def all_requests_since(self, since: datetime) -> int:
        """How many requests anyone made at or after `since`."""
        ...

    async def remember_post(self, posted: Posted) -> None:
        """Remember a post of a request (nothing is kept when the request is gone meanwhile)."""
        ...

    async def post(self, platform: str, chat_id: str, message_id: str) -> Post | None:
        """The post `message_id` in `chat_id`, if it is one of `/kontakt`'s."""
        ...

    async def post_undelivered(self, request_id: str) -> Request | None:
        """Count one post of the request that could not be delivered. When none of its posts
        got through, forget the request (it counts against no limit: nobody was bothered)
        and return it; else None."""
        ...

    async def answer_request(self, request_id: str, when: datetime) -> bool:
        """Mark the request answered and drop its way back; False when it was answered or
        gone already (so of two answers at once only one is passed on)."""
        ...

    async def prune_contact(
        self, open_before: datetime, counted_before: datetime, posts_before: datetime
    ) -> None:
        """Forget requests made before `open_before`, answered ones made before
        `counted_before`, and posts made before `posts_before`."""
        ...

    async def private_chat(self, platform: str, user_id: str) -> str | None:
        """The private chat with a person where it is not their user id (a Matrix DM)."""
        ...
