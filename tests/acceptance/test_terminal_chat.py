"""`lagerfeuer chat` in a terminal feels like a terminal program: it greets, edits lines, keeps
a history, prints messages above the line being typed, and leaves the cursor on a fresh line."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.settings import BUNDLED_CONTENT
from tests.support.terminal import ROOT, Screen, Terminal, chat_environment

LEFT, UP = "\x1b[D", "\x1b[A"
TEXTS = load_checked_content(BUNDLED_CONTENT).texts


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "chat.db"


@pytest.fixture
def open_terminal(database: Path) -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    yield opened
    for terminal in opened:
        terminal.close()


def chat(opened: list[Terminal], database: Path, *args: str) -> Terminal:
    terminal = Terminal(["chat", *args], database)
    opened.append(terminal)
    return terminal


def flat(text: str) -> str:
    """Text with line breaks and runs of spaces as single spaces (wrapped lines joined)."""
    return " ".join(text.split())


def prompt_after(screen: Screen, line: str) -> bool:
    """The chat has answered `line`: the cursor stands at an empty prompt below it."""
    lines = screen.lines()
    return screen.cursor_line() == ">" and line in lines[: screen.row]


def test_the_chat_greets_and_says_what_to_type(
    open_terminal: list[Terminal], database: Path
) -> None:
    terminal = chat(open_terminal, database)
    greeting = TEXTS["console.greeting"].get("de")
    terminal.wait_for("the greeting", lambda s: flat(greeting) in flat(s.text()))
    terminal.wait_for("the prompt", lambda s: s.cursor_line() == ">")
    assert "Strg-D" in greeting and "/start" in greeting


def test_the_room_chat_greets_with_name_and_room(
    open_terminal: list[Terminal], database: Path
) -> None:
    terminal = chat(open_terminal, database, "--room", "Team", "--as", "Mo")
    terminal.wait_for("the prompt", lambda s: s.cursor_line() == ">")
    assert "Du schreibst als Mo im Raum Team" in flat(terminal.screen.text())


def test_a_scripted_chat_prints_only_the_replies(database: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "adapters.cli.main", "chat"],
        input="/start\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=chat_environment(database),
        timeout=60,
        check=True,
    )
    assert done.stdout.startswith(TEXTS["menu.title"].get("de")), done.stdout
    assert "Strg-D" not in done.stdout and "> " not in done.stdout


def test_arrow_keys_edit_the_line_and_up_brings_back_the_last_message(
    open_terminal: list[Terminal], database: Path
) -> None:
    terminal = chat(open_terminal, database)
    terminal.wait_for("the prompt", lambda s: s.cursor_line() == ">")
    terminal.type(f"Was ist ein Barcam?{LEFT}p\r")
    terminal.wait_for("the answer", lambda s: prompt_after(s, "  1) Barcamp-Liste"))
    assert "> Was ist ein Barcamp?" in terminal.screen.lines()

    terminal.type(UP)
    terminal.wait_for("the last message", lambda s: s.cursor_line() == "> Was ist ein Barcamp?")
    terminal.type("\r")
    terminal.wait_for(
        "the second answer", lambda s: s.lines().count("  1) Barcamp-Liste") == 2 and s.col == 2
    )
    assert "^[" not in terminal.screen.text() and "\x1b[" not in terminal.screen.text()


def test_an_announcement_arriving_while_typing_is_printed_above_the_line(
    open_terminal: list[Terminal], database: Path
) -> None:
    terminal = chat(open_terminal, database, "--room", "Team")
    terminal.wait_for("the prompt", lambda s: s.cursor_line() == ">")
    assert "Du schreibst im Raum Team." in flat(terminal.screen.text())
    terminal.type("Hallo zusammen\r")
    terminal.wait_for("the next prompt", lambda s: prompt_after(s, "> Hallo zusammen"))
    half = "> @lagerfeuer Was ist ein Bar"
    terminal.type(half.removeprefix("> "))
    terminal.wait_for("the half-typed line", lambda s: s.cursor_line() == half)

    announced = subprocess.run(
        [
            sys.executable,
            "-m",
            "adapters.cli.main",
            "announce",
            "--room",
            "console:team",
            "Sommerfest",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=chat_environment(database),
        timeout=60,
    )
    assert announced.returncode == 0, announced.stderr

    terminal.wait_for("the announcement", lambda s: "[Team] Sommerfest" in s.lines())
    terminal.wait_for("the line redrawn", lambda s: s.cursor_line() == half)
    lines = terminal.screen.lines()
    at = lines.index("[Team] Sommerfest")
    assert lines[at + 1 :] == [half], "the announcement above, the half-typed line below it"
    assert [line for line in lines if "Was ist ein Bar" in line] == [half], "the old one cleared"

    terminal.type("camp?\r")  # readline still holds the half-typed text: the question completes
    terminal.wait_for(
        "the answer",
        lambda s: any(line.startswith("[Team] ") and "Barcamp" in line for line in s.lines()),
    )
    assert "> @lagerfeuer Was ist ein Barcamp?" in terminal.screen.lines()


def test_ctrl_d_leaves_on_a_fresh_line(open_terminal: list[Terminal], database: Path) -> None:
    terminal = chat(open_terminal, database)
    terminal.wait_for("the prompt", lambda s: s.cursor_line() == ">")
    terminal.type("\x04")
    assert terminal.wait_exit() == 0
    assert (terminal.screen.col, terminal.screen.cursor_line()) == (0, "")
    assert terminal.screen.lines()[terminal.screen.row - 1] == ">"


def test_ctrl_c_while_typing_leaves_on_a_fresh_line(
    open_terminal: list[Terminal], database: Path
) -> None:
    terminal = chat(open_terminal, database)
    terminal.wait_for("the prompt", lambda s: s.cursor_line() == ">")
    terminal.type("halb getippt")
    terminal.wait_for("the typing", lambda s: s.cursor_line() == "> halb getippt")
    terminal.type("\x03")
    assert terminal.wait_exit() == 130
    assert (terminal.screen.col, terminal.screen.cursor_line()) == (0, "")
    assert "Traceback" not in terminal.screen.text()
