"""Deep-link payloads that name a room, so onboarding knows where a person came from."""

from __future__ import annotations

import hashlib

from core.kernel.ports import RoomSettings, RoomStore

PAYLOAD_PREFIX = "r_"
RULES_PREFIX = "rules_"
"""A payload that opens a room's rules in private chat (to confirm them), not the onboarding."""


def room_payload(platform: str, chat_id: str) -> str:
    """A short payload naming the room: `r_` and 16 hex digits (fits Telegram's 64 chars)."""
    digest = hashlib.sha256(f"{platform}:{chat_id}".encode()).hexdigest()[:16]
    return PAYLOAD_PREFIX + digest


def rules_payload(platform: str, chat_id: str) -> str:
    """A payload naming the room's rules: `rules_` and the same 16 hex digits."""
    return RULES_PREFIX + room_payload(platform, chat_id)[len(PAYLOAD_PREFIX) :]


async def room_for_payload(store: RoomStore, payload: str) -> RoomSettings | None:
    """The room a payload names (`r_…` or `rules_…`), or None (unknown or forged payloads)."""
    if payload.startswith(RULES_PREFIX):
        payload = PAYLOAD_PREFIX + payload[len(RULES_PREFIX) :]
    if not payload.startswith(PAYLOAD_PREFIX):
        return None
    return await store.room_by_link(payload)
