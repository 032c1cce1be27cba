"""The pure timing rules of welcomes: window, wave and the per-minute cap."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.welcome.policy import (
    RoomPace,
    WelcomeTiming,
    cap_allows,
    may_post_now,
    next_post_at,
    record_post,
    settle_wave,
)

T0 = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_quiet_room_may_post_at_once() -> None:
    assert may_post_now(RoomPace(), WelcomeTiming(), T0, joins=1)


def test_next_welcome_waits_for_the_window() -> None:
    pace, timing = RoomPace(), WelcomeTiming()
    record_post(pace, T0, welcome=True)
    assert not may_post_now(pace, timing, at(29), joins=2)
    assert next_post_at(pace, timing, at(5), 2) == at(30)
    assert may_post_now(pace, timing, at(30), joins=2)


def test_wave_waits_a_minute_and_ends_when_calm() -> None:
    pace, timing = RoomPace(), WelcomeTiming()
    record_post(pace, T0, welcome=True)
    assert next_post_at(pace, timing, at(10), joins_last_minute=11) == at(60)
    assert settle_wave(pace, timing, joins_last_minute=15) is True
    assert pace.wave
    record_post(pace, at(60), welcome=True)
    assert next_post_at(pace, timing, at(70), joins_last_minute=3) == at(120)
    assert settle_wave(pace, timing, joins_last_minute=3) is True, "the last wave welcome"
    assert not pace.wave
    assert next_post_at(pace, timing, at(70), joins_last_minute=3) == at(90)


def test_cap_holds_even_with_a_tiny_window() -> None:
    timing = WelcomeTiming(window=timedelta(seconds=0))
    pace = RoomPace()
    posted: list[datetime] = []
    for second in range(0, 180):
        now = at(second * 0.5)
        if may_post_now(pace, timing, now, joins=1):
            record_post(pace, now, welcome=True)
            posted.append(now)
    for start in posted:
        in_minute = [p for p in posted if start <= p < start + timedelta(minutes=1)]
        assert len(in_minute) <= timing.room_cap
    assert len(posted) == 2 * timing.room_cap, "20 a minute, over 90 seconds: 40"


def test_cap_counts_introductions_too() -> None:
    pace, timing = RoomPace(), WelcomeTiming()
    for second in range(20):
        assert cap_allows(pace, timing, at(second))
        record_post(pace, at(second), welcome=False)
    assert not cap_allows(pace, timing, at(30))
    assert may_post_now(pace, timing, at(30), joins=1) is False
    assert cap_allows(pace, timing, at(60.5))
