"""Bytes a script pipes in that are not UTF-8, under any locale, end neither `chat` nor `ask -`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ENCODINGS = (
    {"PYTHONIOENCODING": "utf-8:strict"},
    {"LC_ALL": "C", "PYTHONUTF8": "0"},
    {"PYTHONIOENCODING": "ascii:strict"},
)


def run(
    args: list[str], stdin: bytes, cwd: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[bytes]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("LAGERFEUER_", "LC_"))}
    environment.update(env, LAGERFEUER_DATABASE=str(cwd / "x.db"))
    return subprocess.run(
        [sys.executable, "-m", "adapters.cli.main", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=environment,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("env", ENCODINGS, ids=lambda e: ",".join(f"{k}={v}" for k, v in e.items()))
def test_an_invalid_byte_is_one_replacement_character(tmp_path: Path, env: dict[str, str]) -> None:
    chat = run(["chat"], b"ab\xffcd\n/start\n", tmp_path, env)
    assert chat.returncode == 0 and b"Traceback" not in chat.stderr, chat.stderr
    assert chat.stdout.count(b"Sprache / Language") >= 1  # the line after the bad byte got its menu
    ask = run(["ask", "-"], b"ab\xffcd\nWas ist ein Barcamp?\n", tmp_path, env)
    assert ask.returncode == 0 and b"Traceback" not in ask.stderr, ask.stderr
    assert b"Barcamp" in ask.stdout
