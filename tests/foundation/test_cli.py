"""The `lagerfeuer` command through real subprocesses."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from adapters.cli.main import content_counts
from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.settings import BUNDLED_CONTENT
from core.content.texts import Texts


def lagerfeuer(
    args: list[str], tmp_path: Path, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("LAGERFEUER_")
    }
    environment["LAGERFEUER_DATABASE"] = str(tmp_path / "cli.db")
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "adapters.cli.main", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment,
        timeout=60,
    )


def content_check_line(folder: Path | str, lang: str = "de") -> str:
    """The line `content check` prints for the bundled content (or a copy) at `folder`."""
    content = load_checked_content(BUNDLED_CONTENT)
    counts = content_counts(content)
    return Texts(content.texts).get("cli.content.ok", lang, folder=folder, **counts)


def test_chat_scripted_over_stdin(tmp_path: Path) -> None:
    result = lagerfeuer(["chat"], tmp_path, "/start\n/language en\n/start\n/forget\n1\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Hallo" in out
    assert "1) " in out
    assert "English" in out
    assert "Hi!" in out
    assert "deleted everything" in out


def test_run_without_credentials_explains_and_starts_the_chat(tmp_path: Path) -> None:
    result = lagerfeuer(["run"], tmp_path, "/start\n")
    assert result.returncode == 0, result.stderr
    assert "LAGERFEUER_TELEGRAM_TOKEN" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Hallo" in result.stdout


def test_content_check_accepts_the_bundled_content(tmp_path: Path) -> None:
    result = lagerfeuer(["content", "check"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == content_check_line(BUNDLED_CONTENT)


def test_content_check_rejects_broken_content_with_lines(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    shutil.copytree(BUNDLED_CONTENT, folder)
    (folder / "texts" / "zz.yaml").write_text("good.key:\n  de: a\n  en: b\nbad.key:\n  de: c\n")
    result = lagerfeuer(["content", "check", str(folder)], tmp_path)
    assert result.returncode == 1
    assert "content/texts/zz.yaml:4: bad.key:" in result.stdout


def test_a_malformed_setting_names_its_variable(tmp_path: Path) -> None:
    result = lagerfeuer(["chat"], tmp_path, "", env={"LAGERFEUER_TIMEZONE": "Mars/Olympus"})
    assert result.returncode == 2
    assert "LAGERFEUER_TIMEZONE" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_matrix_without_user_names_the_missing_variable(tmp_path: Path) -> None:
    env = {"LAGERFEUER_MATRIX_HOMESERVER": "http://127.0.0.1:9"}
    result = lagerfeuer(["run"], tmp_path, "", env=env)
    assert result.returncode == 2
    assert "LAGERFEUER_MATRIX_USER_ID" in result.stderr


def unreachable_matrix(store: Path) -> dict[str, str]:
    """Settings of a Matrix account whose homeserver nothing answers for."""
    return {
        "LAGERFEUER_MATRIX_HOMESERVER": "http://127.0.0.1:9",
        "LAGERFEUER_MATRIX_USER_ID": "@lagerfeuer:example.org",
        "LAGERFEUER_MATRIX_PASSWORD": "secret",
        "LAGERFEUER_MATRIX_STORE": str(store),
    }


def test_matrix_reset_identity_refuses_without_matrix_or_a_saved_login(tmp_path: Path) -> None:
    english = {"LAGERFEUER_LANGUAGE": "en"}
    result = lagerfeuer(["matrix", "reset-identity", "--yes"], tmp_path, env=english)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "Matrix is not configured (LAGERFEUER_MATRIX_HOMESERVER is not set): there is no "
        "identity to reset."
    ]

    store = tmp_path / "store"
    configured = {**english, **unreachable_matrix(store)}
    never_ran = lagerfeuer(["matrix", "reset-identity", "--yes"], tmp_path, env=configured)
    assert never_ran.returncode == 1
    (line,) = never_ran.stderr.strip().splitlines()
    assert "holds no saved login of @lagerfeuer:example.org" in line
    assert not store.exists()

    store.mkdir()
    (store / "session.json").write_text('{"user_id": "@lagerfeuer:exam\u202eple.org", ')
    broken = lagerfeuer(["matrix", "reset-identity", "--yes"], tmp_path, env=configured)
    assert broken.returncode == 1
    (line,) = broken.stderr.strip().splitlines()
    assert "session.json" in line and "restore it from the backup" in line
    assert [p.name for p in store.iterdir()] == ["session.json"]


def test_matrix_recovery_commands_refuse_without_matrix_a_saved_login_or_a_real_key(
    tmp_path: Path,
) -> None:
    english = {"LAGERFEUER_LANGUAGE": "en"}
    for command in ("recovery-key", "restore-identity"):
        result = lagerfeuer(["matrix", command], tmp_path, "", env=english)
        assert result.returncode == 1 and result.stdout == ""
        (line,) = result.stderr.strip().splitlines()
        assert "Matrix is not configured" in line and "identity to keep or bring back" in line

    store = tmp_path / "store"
    configured = {**english, **unreachable_matrix(store)}
    never_ran = lagerfeuer(["matrix", "recovery-key"], tmp_path, "", env=configured)
    assert never_ran.returncode == 1
    (line,) = never_ran.stderr.strip().splitlines()
    assert "holds no saved login of @lagerfeuer:example.org" in line
    # a key is checked before anything else: a typo never reaches the homeserver
    for typed in ("", "EsTq mQMW 5HQ3 jEyS\n", "<script>\u202e\n", "\ufffd\n"):
        wrong = lagerfeuer(["matrix", "restore-identity"], tmp_path, typed, env=configured)
        assert wrong.returncode == 1, wrong.stderr
        (line,) = wrong.stderr.strip().splitlines()
        assert line.startswith("That is not a recovery key")
    assert not store.exists()
