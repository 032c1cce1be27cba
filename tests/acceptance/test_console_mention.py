"""In the terminal chat's room mode a message can address the bot, as a mention does elsewhere."""

from __future__ import annotations

from pathlib import Path

from tests.welcome.test_console_room import chat


def test_a_mention_addresses_the_bot_in_a_room(tmp_path: Path) -> None:
    out = chat(tmp_path, "Was ist ein Barcamp?\n@lagerfeuer Was ist ein Barcamp?\n")
    replies = [line for line in out.splitlines() if line.startswith("[Netzwerk]")]
    assert len(replies) == 1, out
    assert "Barcamp" in replies[0], "the unaddressed question is chatter, the mention is answered"


def test_an_addressed_question_without_an_answer_is_told_so(tmp_path: Path) -> None:
    out = chat(tmp_path, "@Lagerfeuer wie backe ich Brot mit Sauerteig?\n")
    assert out.startswith("[Netzwerk] "), out
