"""The pure rules of the Matrix adapter: moderators, rate-limit waits, invites, the session file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from adapters.channels.matrix.client import may_invite
from adapters.channels.matrix.limits import DEFAULT_WAIT, is_rate_limited, retry_after_seconds
from adapters.channels.matrix.power import may_moderate
from adapters.channels.matrix.session import Session, SessionFile

V12 = {"room_version": "12"}
V10 = {"room_version": "10"}
LEVELS = {"users": {"@mod:x": 50, "@helper:x": 49}, "users_default": 0, "kick": 50}


def test_power_level_at_kick_level_moderates() -> None:
    assert may_moderate("@mod:x", LEVELS, "@anna:x", V10)
    assert not may_moderate("@helper:x", LEVELS, "@anna:x", V10)
    assert not may_moderate("@member:x", LEVELS, "@anna:x", V10)
    strict = {**LEVELS, "kick": 75}
    assert not may_moderate("@mod:x", strict, "@anna:x", V10)
    everyone = {"users_default": 50}
    assert may_moderate("@member:x", everyone, "@anna:x", V10), "kick defaults to 50"


def test_v12_creators_outrank_everyone() -> None:
    content = {**V12, "additional_creators": ["@ben:x"]}
    assert may_moderate("@anna:x", LEVELS, "@anna:x", content)
    assert may_moderate("@ben:x", LEVELS, "@anna:x", content)
    assert not may_moderate("@member:x", LEVELS, "@anna:x", content)
    assert not may_moderate("@anna:x", LEVELS, "@creator:x", V10), "before v12 only levels count"


def test_without_power_levels_only_the_creator_moderates() -> None:
    assert may_moderate("@anna:x", None, "@anna:x", V10)
    assert not may_moderate("@ben:x", None, "@anna:x", V10)


def test_retry_after_header_first_then_body() -> None:
    assert retry_after_seconds({"Retry-After": "7"}, 2000) == 7.0
    assert retry_after_seconds({}, 2500) == 2.5
    assert retry_after_seconds(None, None) == DEFAULT_WAIT
    now = datetime(2026, 11, 26, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds({"Retry-After": "Thu, 26 Nov 2026 12:00:09 GMT"}, None, now) == 9
    assert retry_after_seconds({"Retry-After": "bald"}, 1000) == 1.0
    assert is_rate_limited("M_LIMIT_EXCEEDED", 400) and is_rate_limited(None, 429)
    assert not is_rate_limited("M_FORBIDDEN", 403)


def test_autojoin_by_user_or_server() -> None:
    assert may_invite("@anna:example.org", [])
    assert may_invite("@anna:example.org", [":example.org"])
    assert may_invite("@anna:example.org", ["@anna:example.org"])
    assert not may_invite("@eve:evil.org", [":example.org", "@anna:example.org"])
    assert not may_invite("@eve:notexample.org", [":example.org"])


def test_session_file_round_trip_is_private(tmp_path: Path) -> None:
    folder = SessionFile(tmp_path / "store")
    folder.prepare()
    session = Session("@bot:x", "DEVICE", "secret", None)
    folder.save(session)
    session.sync_token = "s1"
    folder.save(session)
    assert folder.load("@bot:x") == Session("@bot:x", "DEVICE", "secret", "s1")
    assert folder.load("@other:x") is None
    assert (folder.path.stat().st_mode & 0o777) == 0o600
    assert (folder.folder.stat().st_mode & 0o777) == 0o700
    folder.path.write_text("{broken")
    with pytest.raises(RuntimeError, match="unreadable"):
        folder.load("@bot:x")
