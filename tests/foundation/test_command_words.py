"""The words typed for commands come from content: a clash is a content error with its file and
line, and an alias edited in a copy of content/ is what `lagerfeuer chat` answers to."""

from __future__ import annotations

import shutil
from pathlib import Path

from adapters.runtime.settings import BUNDLED_CONTENT
from core.kernel.typed import normalise
from tests.foundation.test_cli import lagerfeuer
from tests.support.words import BUNDLED_TEXTS


def _copy_with(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    """A copy of the bundled content with `old` replaced by `new` in texts/commands.yaml, and
    the line of the replaced text."""
    folder = tmp_path / "content"
    shutil.copytree(BUNDLED_CONTENT, folder)
    path = folder / "texts" / "commands.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    key_line = text[: text.index(old)].count("\n") + 1  # `old` starts with the key
    return folder, key_line


def test_an_alias_two_commands_claim_fails_the_check_naming_file_and_line(
    tmp_path: Path,
) -> None:
    folder, line = _copy_with(
        tmp_path, 'command.search.alias:\n  de: "suche"', 'command.search.alias:\n  de: "hilfe"'
    )
    result = lagerfeuer(["content", "check", str(folder)], tmp_path)
    assert result.returncode == 1, result.stdout
    assert (
        f"content/texts/commands.yaml:{line}: command.search.alias: de: 'hilfe' is already "
        "a word of /start"
    ) in result.stdout


def test_an_alias_that_is_no_command_word_or_names_no_command_fails_the_check(
    tmp_path: Path,
) -> None:
    folder, line = _copy_with(
        tmp_path,
        'command.announce.alias:\n  de: "ankuendigen"',
        'command.announce.alias:\n  de: "ankündigen"',
    )
    commands = folder / "texts" / "commands.yaml"
    with commands.open("a", encoding="utf-8") as extra:
        extra.write('command.frobnicate.alias:\n  de: "frob"\n  en: "frob"\n')
    last = commands.read_text(encoding="utf-8").count("\n") - 2
    result = lagerfeuer(["content", "check", str(folder)], tmp_path)
    assert result.returncode == 1, result.stdout
    assert f"commands.yaml:{line}: command.announce.alias: de: 'ankündigen' is no command" in (
        result.stdout
    )
    assert f"commands.yaml:{last}: command.frobnicate.alias: /frobnicate is no command" in (
        result.stdout
    )


def test_an_alias_edited_in_a_copy_of_the_content_is_what_the_chat_answers_to(
    tmp_path: Path,
) -> None:
    folder, _ = _copy_with(
        tmp_path, 'command.start.alias:\n  de: "hilfe"', 'command.start.alias:\n  de: "moin, hallo"'
    )
    env = {"LAGERFEUER_CONTENT_DIR": str(folder)}
    result = lagerfeuer(["chat"], tmp_path, "/moin\n/HALLO\n/hilfe\n", env=env)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.count(BUNDLED_TEXTS.get("menu.title", "de")) == 2, out  # /moin and /HALLO
    unknown = BUNDLED_TEXTS.get("common.unknown_command", "de", commands="/moin, /einstieg")
    assert unknown.split(",")[0] in out, out  # /hilfe is unknown; the list shows the new word


def test_the_normaliser_makes_spellings_of_one_word_equal() -> None:
    assert normalise("  Zurück! ") == normalise("zurueck") == normalise("ZURÜCK.") == "zurueck"
    assert normalise("2)") == "2" and normalise("von   Vorn?") == "von vorn"
    assert normalise("Straße") == "strasse" and normalise("...weiter") == "weiter"
