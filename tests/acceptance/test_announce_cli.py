"""`lagerfeuer announce` with nobody to reach says why, so an operator knows what to do."""

from __future__ import annotations

from pathlib import Path

from tests.foundation.test_cli import lagerfeuer


def test_nobody_to_reach_is_explained(tmp_path: Path) -> None:
    # a room of the terminal chat exists, but the running bot cannot reach it
    made = lagerfeuer(["chat", "--room", "Terminal"], tmp_path, "/join Anna\n")
    assert made.returncode == 0, made.stderr

    to_all = lagerfeuer(["announce", "--all", "Hallo"], tmp_path)
    assert to_all.returncode == 1
    assert "no Telegram or Matrix room" in to_all.stderr
    assert "lagerfeuer chat" in to_all.stderr

    to_subscribers = lagerfeuer(["announce", "--subscribers", "Hallo"], tmp_path)
    assert to_subscribers.returncode == 1
    assert "no subscriber" in to_subscribers.stderr
    assert len(to_subscribers.stderr.strip().splitlines()) == 1
