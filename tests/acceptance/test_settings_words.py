"""Settings mistakes in words: what is wrong, what is expected and what was given, never a
regular expression or a validator's prefix; unknown names get the closest real one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.foundation.test_cli import lagerfeuer
from tests.support.words import BUNDLED_TEXTS

TOKEN = {"LAGERFEUER_TELEGRAM_TOKEN": "123:abc"}

PATTERN_CHECKED: list[tuple[str, str, dict[str, str], str]] = [
    ("LAGERFEUER_LANGUAGE", "fr", {}, "must be de or en (got 'fr')"),
    ("LAGERFEUER_TIMEZONE", "Mars/Olympus", {}, "(got 'Mars/Olympus')"),
    ("LAGERFEUER_TELEGRAM_WEBHOOK_LISTEN", "8443", TOKEN, "host:port"),
    ("LAGERFEUER_TELEGRAM_WEBHOOK_LISTEN", "0.0.0.0:70000", TOKEN, "1 to 65535"),
    ("LAGERFEUER_MATRIX_USER_ID", "lagerfeuer", {}, "(got 'lagerfeuer')"),
    ("LAGERFEUER_MATRIX_HOMESERVER", "matrix.example.org", {}, "(got 'matrix.example.org')"),
    ("LAGERFEUER_TELEGRAM_BASE_URL", "localhost:8081/bot", TOKEN, "http:// or https://"),
    ("LAGERFEUER_MATRIX_AUTOJOIN", "example.org", {}, "(got 'example.org')"),
    ("LAGERFEUER_MODERATORS", "telegram:anna", {}, "(got 'telegram:anna')"),
    ("LAGERFEUER_TELEGRAM_TOKEN", "no-token", {}, "@BotFather"),
]


def _one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize(("variable", "value", "others", "words"), PATTERN_CHECKED)
def test_a_pattern_checked_value_is_explained_in_words(
    tmp_path: Path, variable: str, value: str, others: dict[str, str], words: str
) -> None:
    result = lagerfeuer(["run"], tmp_path, env={**others, variable: value})
    assert result.returncode == 2, result.stdout + result.stderr
    line = _one_line(result.stderr)
    # a setting that does not load leaves the default language for the command's own words
    assert line.startswith(BUNDLED_TEXTS.get("cli.config_error", "de", problem=f"{variable}: "))
    assert words in line, line
    for regex_or_prefix in ("Value error", "String should match", "^", "$", "\\d", "\\S"):
        assert regex_or_prefix not in line, line


def test_the_language_in_upper_case_is_accepted(tmp_path: Path) -> None:
    result = lagerfeuer(["ask", "What is a barcamp?"], tmp_path, env={"LAGERFEUER_LANGUAGE": "EN"})
    assert result.returncode == 0, result.stderr
    assert "barcamp is" in result.stdout


def test_an_unknown_name_in_the_environment_gets_the_closest_real_one(tmp_path: Path) -> None:
    result = lagerfeuer(["run"], tmp_path, env={"LAGERFEUER_LANGAUGE": "en"})
    assert result.returncode == 2, result.stderr
    line = _one_line(result.stderr)
    assert "LAGERFEUER_LANGAUGE" in line and "did you mean LAGERFEUER_LANGUAGE?" in line, line


def test_an_unknown_name_in_the_env_file_gets_the_closest_real_one(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("LAGERFEUER_TIMEZONE=Europe/Berlin\nLAGERFEUER_MODERATOR=x\n")
    result = lagerfeuer(["run"], tmp_path)
    assert result.returncode == 2, result.stderr
    line = _one_line(result.stderr)
    assert "LAGERFEUER_MODERATOR (in .env)" in line, line
    assert "did you mean LAGERFEUER_MODERATORS?" in line, line


def test_a_bad_value_in_the_env_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("LAGERFEUER_LANGUAGE=fr\n")
    result = lagerfeuer(["run"], tmp_path)
    assert result.returncode == 2, result.stderr
    assert _one_line(result.stderr).endswith("LAGERFEUER_LANGUAGE: must be de or en (got 'fr')")


def test_a_plain_http_webhook_is_refused(tmp_path: Path) -> None:
    env = {**TOKEN, "LAGERFEUER_TELEGRAM_WEBHOOK_URL": "http://bot.example.org/hook"}
    result = lagerfeuer(["run"], tmp_path, env=env)
    assert result.returncode == 2, result.stderr
    line = _one_line(result.stderr)
    assert "LAGERFEUER_TELEGRAM_WEBHOOK_URL" in line and "HTTPS" in line, line


def test_a_webhook_without_a_token_is_an_error(tmp_path: Path) -> None:
    env = {"LAGERFEUER_TELEGRAM_WEBHOOK_URL": "https://bot.example.org/hook"}
    result = lagerfeuer(["run"], tmp_path, env=env)
    assert result.returncode == 2, result.stderr
    line = _one_line(result.stderr)
    assert "LAGERFEUER_TELEGRAM_WEBHOOK_URL" in line and "LAGERFEUER_TELEGRAM_TOKEN" in line, line
