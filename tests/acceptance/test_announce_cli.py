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
    assert "in keinem Telegram- oder Matrix-Raum" in to_all.stderr
    assert "lagerfeuer chat" in to_all.stderr

    to_subscribers = lagerfeuer(["announce", "--subscribers", "Hallo"], tmp_path)
    assert to_subscribers.returncode == 1
    assert "keine Abonnent:innen" in to_subscribers.stderr
    assert len(to_subscribers.stderr.strip().splitlines()) == 1


def test_times_and_numbers_out_of_range_are_one_line_each(tmp_path: Path) -> None:
    far = [
        (["--at", "0001-01-01 00:00"], {}),
        (["--at", "9999-12-31 23:59"], {"LAGERFEUER_TIMEZONE": "America/New_York"}),
    ]
    for extra, env in far:
        result = lagerfeuer(["announce", "--all", *extra, "Hallo"], tmp_path, env=env)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert "2000 bis 2100" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    cancel = lagerfeuer(["announce", "--cancel", "99999999999999999999999"], tmp_path)
    assert cancel.returncode == 1, cancel.stderr
    assert "Traceback" not in cancel.stderr
    assert "keine Nummer einer Ankündigung" in cancel.stderr
