"""Edits of questions (`m.replace`): an edit of a message not answered yet is answered once.

An edit counts only when its original was handled here (history, and messages older than the
event log keeps handled ids, never count), is an ordinary text message of the same sender in
the same room and no edit itself, and was not answered. Every answered message, and the
original of an answered edit, leaves `answered(id)` in the event log, so this holds across
restarts. Of several edits of one message in one sync batch only the last one is read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from nio import Event, RoomMessageEmote, RoomMessageText

from adapters.channels.matrix.lookup import EventLookup
from adapters.channels.matrix.translate import (
    EVENT_PREFIX,
    NEW_CONTENT,
    RELATES_TO,
    REPLACE,
    is_edit,
)
from core.kernel.messages import Action, OpenDirectChat, Reply
from core.kernel.ports import EventLog

TEXT_TYPES = ("m.text", "m.emote")
"""The message types an edit may turn a message into (the ones the bot reads)."""
TEXT_EVENTS = (RoomMessageText, RoomMessageEmote)
"""nio's classes of such messages: what may be answered, and what may be edited."""


@dataclass(frozen=True, slots=True)
class Edit:
    """One well-formed edit: which message it replaces, by whom, with what."""

    event_id: str
    original: str
    sender: str
    content: dict[str, Any]
    """The `m.new_content`: the message's whole new content (body, msgtype, m.mentions)."""


def edit_in(event: Event) -> Edit | None:
    """The edit `event` makes, when it is a well-formed edit to a text message."""
    if not isinstance(event, TEXT_EVENTS):
        return None
    content = event.source.get("content")
    if not isinstance(content, dict):
        return None
    relates, new = content.get(RELATES_TO), content.get(NEW_CONTENT)
    if not isinstance(relates, dict) or relates.get("rel_type") != REPLACE:
        return None
    original = relates.get("event_id")
    if not isinstance(original, str) or not original or not isinstance(new, dict):
        return None
    if new.get("msgtype") not in TEXT_TYPES or not isinstance(new.get("body"), str):
        return None
    return Edit(event.event_id, original, event.sender, new)


def answered(event_id: str) -> str:
    """The event log's note that the message `event_id` (a Matrix id) has been answered."""
    return f"{EVENT_PREFIX}answered:{event_id}"


def is_answer(actions: Sequence[Action]) -> bool:
    """Whether what the core did about a message answers it (a reply, or a DM opened)."""
    return any(isinstance(action, (Reply, OpenDirectChat)) for action in actions)


def latest_edits(events: Sequence[Event]) -> list[Event]:
    """The batch without the edits that a later edit of the same message by the same sender
    replaces: what counts is the text as it stands now."""
    last: dict[tuple[str, str], int] = {}
    edits: dict[int, Edit] = {}
    for index, event in enumerate(events):
        edit = edit_in(event)
        if edit is not None:
            edits[index] = edit
            last[(edit.original, edit.sender)] = index
    return [
        event
        for index, event in enumerate(events)
        if index not in edits or last[(edits[index].original, edits[index].sender)] == index
    ]


class Edits:
    """Decides whether an edit is answered; reads its original from the homeserver."""

    def __init__(self, lookup: EventLookup, events: EventLog) -> None:
        self.lookup = lookup
        self.events = events

    async def original(self, edit: Edit, room_id: str) -> dict[str, Any] | None:
        """The content of the message `edit` replaces, when the edit is to be answered."""
        for done in (EVENT_PREFIX + edit.event_id, answered(edit.original)):
            if await self.events.event_claimed(done):
                return None  # this edit came before, or the message has its answer
        if not await self.events.event_claimed(EVENT_PREFIX + edit.original):
            return None  # never handled here: history, too old, or not a message at all
        event = await self.lookup.event(room_id, edit.original)
        if not isinstance(event, TEXT_EVENTS):
            return None
        content = event.source.get("content")
        if event.sender != edit.sender or not isinstance(content, dict) or is_edit(content):
            return None
        return content
