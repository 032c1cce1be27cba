"""Encrypted messages whose room key has not come yet: kept, logged once, read when it comes.

nio logs every failed attempt to decrypt, so a kept message is tried again only once nio
holds its key (it may come in a later sync, or in answer to the key request sent here).
"""

from __future__ import annotations

import contextlib
import logging
import time

from nio import AsyncClient, EncryptionError, Event, MegolmEvent

from core.kernel.logs import pseudonym

log = logging.getLogger("lagerfeuer.matrix")

WAIT_SECONDS = 600.0
"""How long an encrypted message waits for its key before it is forgotten."""
KEPT = 200
"""How many messages wait at most (the oldest are forgotten first)."""


class KeyWait:
    """The messages waiting for their keys, with the room they are in and since when."""

    def __init__(self) -> None:
        self._waiting: dict[str, tuple[str, MegolmEvent, float]] = {}

    def __len__(self) -> int:
        return len(self._waiting)

    async def keep(self, client: AsyncClient, event: MegolmEvent, room_id: str) -> None:
        """Keep the message (logged once, by its hashed id) and ask for its key."""
        if event.event_id in self._waiting:
            return  # the same message again (a batch handled twice): logged already
        log.warning("matrix: message %s waits for its room key", pseudonym(event.event_id))
        self._waiting[event.event_id] = (room_id, event, time.monotonic())
        while len(self._waiting) > KEPT:
            del self._waiting[next(iter(self._waiting))]
        with contextlib.suppress(Exception):  # a key request already sent is refused by nio
            await client.request_room_key(event)

    def readable(self, client: AsyncClient) -> list[tuple[str, Event]]:
        """The kept messages whose key has come, decrypted, with their rooms; those that
        waited too long are forgotten."""
        ready: list[tuple[str, Event]] = []
        now = time.monotonic()
        for event_id, (room_id, event, since) in list(self._waiting.items()):
            decrypted = _decrypted(client, room_id, event)
            if decrypted is not None:
                ready.append((room_id, decrypted))
            if decrypted is not None or now - since >= WAIT_SECONDS:
                del self._waiting[event_id]
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
