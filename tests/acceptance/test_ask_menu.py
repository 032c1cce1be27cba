"""`lagerfeuer ask` shows the menu its "I don't know" and its greeting promise, as the chat does."""

from __future__ import annotations

import json
from pathlib import Path

from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.settings import BUNDLED_CONTENT
from core.content.texts import Texts
from tests.foundation.test_cli import lagerfeuer


def test_ask_follows_i_dont_know_and_a_greeting_with_the_main_menu(tmp_path: Path) -> None:
    texts = Texts(load_checked_content(BUNDLED_CONTENT).texts)
    stdin = "Wie wird das Wetter morgen?\nHallo\n"
    result = lagerfeuer(["ask", "--json", "-"], tmp_path, stdin)
    assert result.returncode == 0, result.stderr
    unknown, greeting = (json.loads(line) for line in result.stdout.splitlines())
    for answer in (unknown, greeting):
        assert answer["answered"] is False
        for key in ("menu.onboarding", "menu.why", "menu.resources", "menu.language"):
            assert texts.get(key, "de") in answer["reply"], (key, answer["reply"])
    assert unknown["reply"].startswith(texts.get("answers.unknown_ask", "de"))
    assert greeting["reply"].startswith(texts.get("menu.title", "de"))


def test_ask_gives_a_crisis_the_crisis_reply_as_the_chat_does(tmp_path: Path) -> None:
    texts = Texts(load_checked_content(BUNDLED_CONTENT).texts)
    stdin = "Ich will mich umbrigen\nI want to end it all\n"
    result = lagerfeuer(["ask", "--lang", "en", "--json", "-"], tmp_path, stdin)
    assert result.returncode == 0, result.stderr
    german, english = (json.loads(line) for line in result.stdout.splitlines())
    assert german["reply"] == texts.get("care.crisis", "de")
    assert english["reply"] == texts.get("care.crisis", "en")
    assert german["matches"] == [] and german["answered"] is True
