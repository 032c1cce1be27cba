"""Reading single events back from the homeserver: an edit's original, a reply's target.

What the adapter remembers of its own messages is lost with a restart; a reply to one of
them is still a reply to the bot, so the replied-to event's sender is asked of the homeserver.
"""

from __future__ import annotations

import logging
from collections import OrderedDict

from nio import AsyncClient, EncryptionError, Event, MegolmEvent, RoomGetEventResponse

from adapters.channels.matrix.calls import Calls
from adapters.channels.matrix.translate import Memory, RoomView, reply_target
from core.kernel.logs import pseudonym

log = logging.getLogger("lagerfeuer.matrix")

SENDERS_KEPT = 2000
"""How many replied-to events' senders are remembered (each is asked for once)."""


class EventLookup:
    """Fetches one event of a room, decrypted where it is encrypted."""

    def __init__(self, client: AsyncClient, calls: Calls) -> None:
        self.client = client
        self.calls = calls
        self._senders: OrderedDict[str, str] = OrderedDict()

    async def event(self, room_id: str, event_id: str) -> Event | None:
        """The event as the homeserver has it; None when it cannot be read."""
        response = await self.calls.patient(
            lambda: self.client.room_get_event(room_id, event_id), "get event"
        )
        if not isinstance(response, RoomGetEventResponse):
            log.info("matrix: an event in %s is not readable", pseudonym(room_id))
            return None
        event = response.event
        if not isinstance(event, MegolmEvent):
            return event
        olm = self.client.olm
        if olm is None:
            return None
        try:  # the key was there when the event was handled, so it is there now
            decrypted = olm.decrypt_megolm_event(event, room_id)
        except EncryptionError:
            return None
        return decrypted if isinstance(decrypted, Event) else None

    async def sender(self, room_id: str, event_id: str) -> str:
        """Who sent the event ("" when it cannot be read); asked once for each event."""
        known = self._senders.get(event_id)
        if known is not None:
            return known
        event = await self.event(room_id, event_id)
        sender = event.sender if event is not None else ""
        self._senders[event_id] = sender
        while len(self._senders) > SENDERS_KEPT:
            self._senders.popitem(last=False)
        return sender


async def note_reply_to_bot(
    lookup: EventLookup, memory: Memory, bot_id: str, event: Event, room: RoomView
) -> None:
    """A room message replying to a message of the bot's it does not remember (one from
    before a restart): when the homeserver says the bot sent it, it is remembered as the
    bot's, so the reply addresses the bot as it did before."""
    if room.is_private or event.sender == bot_id:
        return  # in a DM every message is addressed anyway
    content = event.source.get("content")
    if not isinstance(content, dict):
        return
    target = reply_target(content, fallbacks=False)
    if target is None or target in memory.sent:
        return
    if await lookup.sender(room.room_id, target) == bot_id:
        memory.remember_sent(target)
