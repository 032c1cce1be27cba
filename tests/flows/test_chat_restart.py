"""`lagerfeuer chat` scripted over stdin: stop in the middle of the onboarding, start the
program again over the same database, and continue at the same step (German and English)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def chat(tmp_path: Path, lines: list[str]) -> str:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LAGERFEUER_")}
    environment["LAGERFEUER_DATABASE"] = str(tmp_path / "chat.db")
    result = subprocess.run(
        [sys.executable, "-m", "adapters.cli.main", "chat"],
        input="".join(f"{line}\n" for line in lines),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_german_start_to_plan_across_two_runs(tmp_path: Path) -> None:
    first = chat(tmp_path, ["/start", "1", "2", "1"])
    assert "Was beschreibt dich am besten?" in first
    assert first.rstrip().endswith("✕ Abbrechen")
    assert "Was spricht dich an?" in first
    second = chat(tmp_path, ["2", "Fertig", "2"])
    assert "Schön, dass du da bist" not in second
    assert "✓ Podcasts und Blogs" in second
    assert "Wie viel Zeit hast du pro Woche dafür?" in second
    assert "Dein Startplan" in second and "(Podcast)" in second
    assert "Dein erster Schritt diese Woche" in second


def test_english_resumes_through_the_menu_after_a_restart(tmp_path: Path) -> None:
    first = chat(tmp_path, ["/language en", "/start", "1", "3", "2"])
    assert "What describes you best?" in first
    assert "What appeals to you?" in first
    second = chat(tmp_path, ["/start", "1"])
    assert "This is where we left off" in second
    assert "What appeals to you?" in second
    third = chat(tmp_path, ["2", "Done", "1"])
    assert "That's enough to begin with!" in third
    assert "Your starter plan, best match first:" in third
    assert "Shall I send you" in third
