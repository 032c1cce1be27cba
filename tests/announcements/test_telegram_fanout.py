"""Telegram fan-out to 1,000 chats against the Bot API server enforcing the flood limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.announcements.fanout import max_in_window, run_fanout

pytestmark = pytest.mark.integration


def test_window_counting() -> None:
    assert max_in_window([0.0, 0.5, 0.99, 1.0, 1.5], 1.0) == 3
    assert max_in_window([], 1.0) == 0


async def test_thousand_chats_within_the_limits_and_delivered_once_each(tmp_path: Path) -> None:
    result = await run_fanout(tmp_path, chats=1000)
    assert result.delivered == 1000 and result.duplicates == 0
    assert result.rejected_floods == 0, "no 429 was ever caused"
    assert result.max_overall_window <= 30, "as the server judges it (network jitter forgiven)"
    assert result.max_group_window <= 20 and result.max_private_window <= 1
