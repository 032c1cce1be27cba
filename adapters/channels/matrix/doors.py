"""The way into a Matrix room for someone outside it, from the room's current state: a public
room's canonical alias as a matrix.to link (or, without an alias, a matrix.to link to its id);
a room one knocks on or joins through another room: ask a moderator; an invite-only room is
closed (only its members can let someone in)."""

from __future__ import annotations

import re
from urllib.parse import quote

from adapters.channels.matrix.calls import Calls
from core.kernel.messages import ChatRef, Platform
from core.kernel.ports import ASK_A_MODERATOR, Door, WayIn

ASKING_RULES = frozenset({"knock", "knock_restricted", "restricted"})
"""Join rules under which someone outside may get in with a moderator's help."""
ALIAS = re.compile(r"^#[^\s:]{1,200}:[A-Za-z0-9.:\[\]-]{1,255}$")
"""A room alias: `#localpart:server`, nothing a link could be bent with."""
ROOM_ID = re.compile(r"^![^\s]{1,255}$")


def matrix_to(identifier: str, via: str | None = None) -> str:
    """The matrix.to link of an alias or room id, encoded as the specification shows."""
    link = f"https://matrix.to/#/{quote(identifier, safe='!')}"
    return f"{link}?via={quote(via, safe='')}" if via else link


class MatrixDoors:
    """Implements the core's RoomDoors port for Matrix rooms."""

    def __init__(self, calls: Calls, bot_user_id: str) -> None:
        self.calls = calls
        self.server = bot_user_id.partition(":")[2]
        """The bot's homeserver: it is in the room, so it can let others join over it."""

    async def way_in(self, chat: ChatRef, *, approval: bool = False) -> WayIn:
        """`approval` changes nothing here: the room's own join rule (knock) is what makes
        someone ask, whichever way they came."""
        if chat.platform is not Platform.MATRIX or chat.is_private:
            return ASK_A_MODERATOR
        rules = await self.calls.state_event(chat.id, "m.room.join_rules")
        rule = (rules or {}).get("content", {}).get("join_rule")
        if rule in ASKING_RULES:
            return ASK_A_MODERATOR
        if rule != "public":
            return WayIn(Door.CLOSED)
        named = await self.calls.state_event(chat.id, "m.room.canonical_alias")
        alias = (named or {}).get("content", {}).get("alias")
        if isinstance(alias, str) and ALIAS.match(alias):
            return WayIn(Door.LINK, matrix_to(alias))
        if ROOM_ID.match(chat.id):
            return WayIn(Door.LINK, matrix_to(chat.id, self.server or None))
        return ASK_A_MODERATOR
