"""The command line's own words (its --help, its error lines) are read from one file of the
bundled content, texts/cli.yaml, so building the parser for every command costs little: every
`cli.` key the code uses is defined there."""

from __future__ import annotations

from adapters.cli.speech import COMMAND_TEXTS
from adapters.runtime.settings import BUNDLED_CONTENT
from core.content.model import read_texts
from tests.foundation.test_text_keys import keys_used_in_code


def test_every_key_of_the_command_line_is_in_its_file() -> None:
    _, files = read_texts(BUNDLED_CONTENT / "texts")
    used = {key for key in keys_used_in_code() if key.startswith("cli.")}
    assert "cli.help.about" in used, "the scan finds the keys of the help"
    elsewhere = {key: files.get(key) for key in used if files.get(key) != files["cli.error"]}
    assert not elsewhere, f"keys of the command line outside {COMMAND_TEXTS}: {elsewhere}"
    assert files["cli.error"] == BUNDLED_CONTENT / COMMAND_TEXTS
