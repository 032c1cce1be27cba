"""Small helpers shared by the welcome tests."""

from __future__ import annotations

import uuid

from core.kernel.messages import Action, BotAddedToRoom, MemberLeft, Reply
from tests.harness import Harness

ROOM = "Netzwerk"


def welcomes(actions: list[Action]) -> list[Reply]:
    """The welcome replies among `actions`."""
    return [a for a in actions if isinstance(a, Reply) and (a.tag or "").startswith("welcome:")]


def only_welcome(actions: list[Action]) -> Reply:
    """The one welcome among `actions`."""
    found = welcomes(actions)
    assert len(found) == 1, f"expected one welcome, got {len(found)}: {actions}"
    return found[0]


async def leave(harness: Harness, name: str, room: str = ROOM) -> list[Action]:
    """`name` leaves `room`."""
    event = MemberLeft(uuid.uuid4().hex, harness.chat(room), harness.user(name))
    return await harness.send(event)


async def bot_added(harness: Harness, by: str = "Mo", room: str = ROOM) -> list[Action]:
    """`by` adds the bot to `room`."""
    event = BotAddedToRoom(uuid.uuid4().hex, harness.chat(room), harness.user(by))
    return await harness.send(event)
