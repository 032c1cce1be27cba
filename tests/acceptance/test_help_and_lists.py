"""What the command says about itself: --help texts from content in the operator's language,
in plain words (no Markdown backticks), `run --help` pointing at the .env file and the README's
table, and an empty listing that says it is empty."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from adapters.cli.main import build_parser
from tests.foundation.test_cli import lagerfeuer
from tests.support.words import BUNDLED_TEXTS


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[list[str]]:
    """Every command and subcommand of the parser, as the words typed before --help."""
    found = [list(path)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found += _commands(child, (*path, name))
    return found


COMMANDS = _commands(build_parser())


def test_every_subcommand_is_walked() -> None:
    assert {"run", "chat", "ask", "eval", "announce", "rooms"} <= {c[0] for c in COMMANDS if c}
    assert ["content", "check"] in COMMANDS


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "lagerfeuer")
def test_help_has_no_markdown_backticks(tmp_path: Path, command: list[str]) -> None:
    result = lagerfeuer([*command, "--help"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "usage: lagerfeuer" in result.stdout
    assert "`" not in result.stdout, result.stdout


def _unwrapped(text: str) -> str:
    """The text without its white space, as argparse may wrap it anywhere there."""
    return "".join(text.split())


@pytest.mark.parametrize(
    ("env", "language"),
    [({}, "de"), ({"LAGERFEUER_LANGUAGE": "en"}, "en"), ({"LAGERFEUER_LANGUAGE": "fr"}, "de")],
    ids=["default", "en", "broken-setting"],
)
def test_help_speaks_the_operators_language(
    tmp_path: Path, env: dict[str, str], language: str
) -> None:
    top = lagerfeuer(["--help"], tmp_path, env=env)
    assert top.returncode == 0, top.stderr
    for key in ("cli.help.about", "cli.help.run", "cli.help.announce"):
        assert _unwrapped(BUNDLED_TEXTS.get(key, language)) in _unwrapped(top.stdout), top.stdout
    other = "en" if language == "de" else "de"
    assert _unwrapped(BUNDLED_TEXTS.get("cli.help.about", other)) not in _unwrapped(top.stdout)
    announce = lagerfeuer(["announce", "--help"], tmp_path, env=env)
    assert announce.returncode == 0, announce.stderr
    for key in ("cli.help.announce.at", "cli.help.announce.text"):
        words = _unwrapped(BUNDLED_TEXTS.get(key, language))
        assert words in _unwrapped(announce.stdout), announce.stdout


def test_run_help_names_the_env_file_and_the_readme_table(tmp_path: Path) -> None:
    result = lagerfeuer(["run", "--help"], tmp_path)
    assert result.returncode == 0, result.stderr
    about = BUNDLED_TEXTS.get("cli.help.run.about", "de")
    assert _unwrapped(about) in _unwrapped(result.stdout), result.stdout
    for language in ("de", "en"):
        words = BUNDLED_TEXTS.get("cli.help.run.about", language)
        assert ".env" in words and "README" in words and "Configuration" in words, words


def test_eval_help_points_to_the_format_in_the_repository(tmp_path: Path) -> None:
    result = lagerfeuer(["eval", "--help"], tmp_path)
    assert "docs/eval.md" in result.stdout and "SPEC" not in result.stdout
    assert (Path(__file__).resolve().parents[2] / "docs" / "eval.md").is_file()


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("de", "Keine geplanten, laufenden oder kürzlichen Ankündigungen."),
        ("en", "No scheduled, running or recent announcements."),
    ],
)
def test_an_empty_announcement_list_says_so(tmp_path: Path, language: str, words: str) -> None:
    result = lagerfeuer(["announce", "--list"], tmp_path, env={"LAGERFEUER_LANGUAGE": language})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == words
