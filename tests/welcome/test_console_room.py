"""The terminal chat's room mode through a real subprocess: joins, welcomes and /settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def chat(tmp_path: Path, stdin: str, *args: str) -> str:
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("LAGERFEUER_")
    }
    environment["LAGERFEUER_DATABASE"] = str(tmp_path / "chat.db")
    result = subprocess.run(
        [sys.executable, "-m", "adapters.cli.main", "chat", "--room", "Netzwerk", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        env=environment,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_three_joins_give_one_welcome_at_once_and_one_combined(tmp_path: Path) -> None:
    out = chat(tmp_path, "/join Anna\n/join Ben\n/join Cem\n")
    welcomes = [line for line in out.splitlines() if line.startswith("[Netzwerk]")]
    assert len(welcomes) == 2, out
    assert "Anna" in welcomes[0] and "Ben" not in welcomes[0]
    assert "Ben und Cem" in welcomes[1] and "Anna" not in welcomes[1]
    assert out.count("[Wo fange ich an?] /start r_") == 2
    deleted = (
        "  (Lagerfeuer hat seine Nachricht „Herzlich willkommen in Netzwerk, Anna!…“ gelöscht.)"
    )
    assert deleted in out.splitlines(), "Anna's welcome is deleted when the combined one is posted"


def test_settings_for_moderators_only(tmp_path: Path) -> None:
    refused = chat(tmp_path, "/settings\n/einstellungen begruessung aus\n/join Anna\n")
    assert "Moderator" in refused and "Einstellungen für" not in refused
    assert "Anna" in refused, "nothing changed: Anna is still welcomed"
    out = chat(tmp_path, "/settings\n1\n/join Ben\n", "--moderator", "--as", "Mo")
    assert "Einstellungen für Netzwerk" in out and "1) Begrüßung an/aus" in out
    assert "Begrüßung neuer Mitglieder: aus" in out, "typing 1 answered the choice"
    assert "Ben" not in out, "welcome switched off"


def test_people_whose_names_share_no_latin_letter_are_different_people(tmp_path: Path) -> None:
    out = chat(tmp_path, "/join Иван\n/join Ольга\n/join 李明\n")
    welcomes = "\n".join(line for line in out.splitlines() if line.startswith("[Netzwerk]"))
    for name in ("Иван", "Ольга", "李明"):
        assert name in welcomes, out
