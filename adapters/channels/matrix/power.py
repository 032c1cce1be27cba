"""Who moderates a Matrix room: power level at the room's `kick` level, or a v12 creator (pure)."""

from __future__ import annotations

from typing import Any

from core.kernel.typed import is_number, typed_number

DEFAULT_KICK = 50
CREATORS_OUTRANK_FROM = 12
"""From room version 12 on, creators are not in `m.room.power_levels` and outrank everyone."""


def _version_number(version: object) -> int | None:
    text = str(version or "1")
    return typed_number(text)


def creators(create_sender: str, create_content: dict[str, Any]) -> set[str]:
    """The room's creators: the `m.room.create` sender and `additional_creators`."""
    extra = create_content.get("additional_creators")
    found = {create_sender}
    if isinstance(extra, list):
        found.update(item for item in extra if isinstance(item, str))
    return found


def creators_outrank(create_content: dict[str, Any]) -> bool:
    """True for room versions where creators have infinite power (12 and later)."""
    number = _version_number(create_content.get("room_version"))
    return number is not None and number >= CREATORS_OUTRANK_FROM


def _int(value: object, default: int) -> int:
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    if isinstance(value, str) and is_number(value.lstrip("-")):
        return int(value)
    return default


def may_moderate(
    user_id: str,
    power_levels: dict[str, Any] | None,
    create_sender: str,
    create_content: dict[str, Any],
) -> bool:
    """Whether `user_id` is a moderator of the room with this current state."""
    if creators_outrank(create_content) and user_id in creators(create_sender, create_content):
        return True
    if power_levels is None:
        # without a power levels event the creator has 100 and everyone else 0
        return user_id == create_sender
    users = power_levels.get("users")
    users = users if isinstance(users, dict) else {}
    level = _int(users.get(user_id), _int(power_levels.get("users_default"), 0))
    return level >= _int(power_levels.get("kick"), DEFAULT_KICK)
