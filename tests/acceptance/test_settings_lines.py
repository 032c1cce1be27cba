"""A malformed value stops start-up with one line naming its variable (README, configuration)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.foundation.test_cli import lagerfeuer

MATRIX = {
    "LAGERFEUER_MATRIX_USER_ID": "@bot:example.org",
    "LAGERFEUER_MATRIX_PASSWORD": "pw",
}

MALFORMED: list[tuple[str, str, dict[str, str]]] = [
    ("LAGERFEUER_TELEGRAM_TOKEN", "no-token-at-all", {}),
    ("LAGERFEUER_TELEGRAM_BASE_URL", "localhost:8081/bot", {"LAGERFEUER_TELEGRAM_TOKEN": "1:a"}),
    ("LAGERFEUER_TELEGRAM_WEBHOOK_URL", "bot.example.org/hook", {}),
    ("LAGERFEUER_MATRIX_HOMESERVER", "matrix.example.org", MATRIX),
    ("LAGERFEUER_MATRIX_AUTOJOIN", "example.org", {}),
    ("LAGERFEUER_MODERATORS", "telegram:anna", {}),
    ("LAGERFEUER_MODERATORS", "matrix:anna", {}),
]


@pytest.mark.parametrize(("variable", "value", "others"), MALFORMED)
def test_a_malformed_value_is_one_line_naming_the_variable(
    tmp_path: Path, variable: str, value: str, others: dict[str, str]
) -> None:
    result = lagerfeuer(["run"], tmp_path, "", env={**others, variable: value})
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and variable in lines[0], lines
    assert value not in result.stderr or variable != "LAGERFEUER_TELEGRAM_TOKEN"


WELL_FORMED: list[dict[str, str]] = [
    {"LAGERFEUER_MATRIX_AUTOJOIN": "@anna:example.org, :example.net"},
    {"LAGERFEUER_MODERATORS": "telegram:12345,matrix:@anna:example.org,console:anna"},
    {"LAGERFEUER_TELEGRAM_TOKEN": "", "LAGERFEUER_TELEGRAM_BASE_URL": ""},
]


@pytest.mark.parametrize("env", WELL_FORMED)
def test_well_formed_values_start_the_terminal_chat(tmp_path: Path, env: dict[str, str]) -> None:
    result = lagerfeuer(["run"], tmp_path, "/start\n", env=env)
    assert result.returncode == 0, result.stderr
    assert "1) " in result.stdout
