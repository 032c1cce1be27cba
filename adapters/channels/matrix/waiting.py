"""Encrypted messages whose room key has not come yet: kept, logged once, read when it comes.

nio logs every failed attempt to decrypt, so a kept message is tried again only once nio
holds its key (it may come in a later sync, or in answer to the key request sent here).
Where each waits (room and event id, never its content) is also in the store: the sync
position has moved past it, so after a restart it is fetched again from the homeserver.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime, timedelta

from nio import AsyncClient, EncryptionError, Event, MegolmEvent, RoomGetEventResponse

from adapters.channels.matrix.store import KeyWaitStore
from core.kernel.logs import pseudonym
from core.kernel.ports import Clock

log = logging.getLogger("lagerfeuer.matrix")

WAIT = timedelta(minutes=10)
"""How long an encrypted message waits for its key before it is forgotten."""
KEPT = 200
"""How many messages wait at most (the oldest are forgotten first)."""


class KeyWait:
    """The messages waiting for their keys, with the room they are in and since when."""

    def __init__(self, store: KeyWaitStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        self._waiting: dict[str, tuple[str, MegolmEvent, datetime]] = {}

    def __len__(self) -> int:
        return len(self._waiting)

    async def keep(self, client: AsyncClient, event: MegolmEvent, room_id: str) -> None:
        """Keep the message (logged once, by its hashed id) and ask for its key."""
        if event.event_id in self._waiting:
            return  # the same message again (a batch handled twice): logged already
        log.warning("matrix: message %s waits for its room key", pseudonym(event.event_id))
        since = self.clock.now()
        await self.store.keep_key_wait(event.event_id, room_id, since)
        await self._hold(client, event, room_id, since)

    async def restore(self, client: AsyncClient) -> None:
        """After a restart: the messages that were waiting, fetched again from the homeserver
        (those gone or too old are forgotten)."""
        for event_id, room_id, since in await self.store.key_waits():
            if self.clock.now() - since >= WAIT:
                await self.store.drop_key_wait(event_id)
                continue
            try:
                response = await client.room_get_event(room_id, event_id)
            except Exception:  # the homeserver is not reachable yet: tried at the next start
                log.info("matrix: a waiting message cannot be fetched yet")
                continue
            event = response.event if isinstance(response, RoomGetEventResponse) else None
            if isinstance(event, MegolmEvent):
                await self._hold(client, event, room_id, since)
            else:
                await self.store.drop_key_wait(event_id)

    async def _hold(
        self, client: AsyncClient, event: MegolmEvent, room_id: str, since: datetime
    ) -> None:
        self._waiting[event.event_id] = (room_id, event, since)
        while len(self._waiting) > KEPT:
            oldest = next(iter(self._waiting))
            del self._waiting[oldest]
            await self.store.drop_key_wait(oldest)
        with contextlib.suppress(Exception):  # a key request already sent is refused by nio
            await client.request_room_key(event)

    async def readable(self, client: AsyncClient) -> list[tuple[str, Event]]:
        """The kept messages whose key has come, decrypted, with their rooms; those that
        waited too long are forgotten."""
        ready: list[tuple[str, Event]] = []
        now = self.clock.now()
        for event_id, (room_id, event, since) in list(self._waiting.items()):
            decrypted = _decrypted(client, room_id, event)
            if decrypted is not None:
                ready.append((room_id, decrypted))
            if decrypted is not None or now - since >= WAIT:
                del self._waiting[event_id]
                await self.store.drop_key_wait(event_id)
        return ready


def _decrypted(client: AsyncClient, room_id: str, event: MegolmEvent) -> Event | None:
    """The message decrypted, once nio holds the room key it was encrypted with."""
    olm = client.olm
    if (
        olm is None
        or olm.inbound_group_store.get(room_id, event.sender_key, event.session_id) is None
    ):
        return None
    try:
        decrypted = client.decrypt_event(event)
    except EncryptionError:
        return None
    return decrypted if isinstance(decrypted, Event) else None
