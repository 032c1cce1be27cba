"""When a room's welcome may go out: the pure timing rules against welcome spam.

- The first join in a quiet room is greeted at once.
- Joins within `window` (30 s) of the last welcome are collected and greeted together once the
  window has passed: at most one welcome per window in a room.
- More than `wave_joins` (10) joins in a minute is a wave: then one summary welcome per
  `wave_period` (a minute) until a minute passes with no more than `wave_joins` joins.
- Whatever else happens, the welcome service never posts more than `room_cap` (20) messages
  in one room within a minute.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

MINUTE = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class WelcomeTiming:
    """The numbers of the policy; tests may choose others."""

    window: timedelta = timedelta(seconds=30)
    wave_joins: int = 10
    wave_period: timedelta = MINUTE
    room_cap: int = 20
    rejoin_memory: timedelta = timedelta(days=30)


@dataclass(slots=True)
class RoomPace:
    """What the policy remembers about one room's welcomes."""

    last_welcome_at: datetime | None = None
    wave: bool = False
    posts: list[datetime] = field(default_factory=list)
    """When the welcome service posted in this room during the last minute."""


def in_wave(timing: WelcomeTiming, joins_last_minute: int) -> bool:
    """Whether the room is (still) in a wave of joins."""
    return joins_last_minute > timing.wave_joins


def next_post_at(
    pace: RoomPace, timing: WelcomeTiming, now: datetime, joins_last_minute: int
) -> datetime:
    """The earliest time the next welcome may be posted in this room."""
    wave = pace.wave or in_wave(timing, joins_last_minute)
    interval = timing.wave_period if wave else timing.window
    last = pace.last_welcome_at
    # A last welcome "in the future" means the clock was set back: the room counts as quiet.
    earliest = now if last is None or last > now else last + interval
    recent = recent_posts(pace, now)
    if len(recent) >= timing.room_cap:
        earliest = max(earliest, recent[-timing.room_cap] + MINUTE)
    return earliest


def may_post_now(pace: RoomPace, timing: WelcomeTiming, now: datetime, joins: int) -> bool:
    """Whether a welcome may go out now (`joins`: joins in the last minute)."""
    return next_post_at(pace, timing, now, joins) <= now


def cap_allows(pace: RoomPace, timing: WelcomeTiming, now: datetime) -> bool:
    """Whether one more message fits under the room's per-minute cap."""
    return len(recent_posts(pace, now)) < timing.room_cap


def recent_posts(pace: RoomPace, now: datetime) -> list[datetime]:
    """The posts of the last minute, oldest first."""
    return sorted(at for at in pace.posts if now - MINUTE < at <= now)


def record_post(pace: RoomPace, now: datetime, welcome: bool) -> None:
    """Note that the welcome service posted now (`welcome`: a welcome, not an introduction)."""
    pace.posts = [*recent_posts(pace, now), now]
    if welcome:
        pace.last_welcome_at = now


def settle_wave(pace: RoomPace, timing: WelcomeTiming, joins_last_minute: int) -> bool:
    """Update the wave flag before a welcome goes out; returns whether it is a wave welcome."""
    was_wave = pace.wave
    pace.wave = in_wave(timing, joins_last_minute)
    return was_wave or pace.wave
