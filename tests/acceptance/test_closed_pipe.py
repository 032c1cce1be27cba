"""A command whose output goes into `| head` ends quietly when head has read its fill."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.terminal import ROOT, chat_environment


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "chat.db"


def test_ask_into_head_ends_quietly(database: Path) -> None:
    many = "Was ist ein Barcamp?\n" * 300  # far more than a pipe holds: head leaves first
    reader, writer = os.pipe()
    with subprocess.Popen(["head", "-c", "10"], stdin=reader, stdout=subprocess.PIPE) as head:
        os.close(reader)
        done = subprocess.run(
            [sys.executable, "-m", "adapters.cli.main", "ask", "-"],
            input=many.encode(),
            stdout=writer,
            stderr=subprocess.PIPE,
            env=chat_environment(database),
            cwd=ROOT,
            timeout=60,
        )
        os.close(writer)
        shown = head.communicate()[0]
    assert shown == b"Ein Barcam"
    assert done.stderr == b"", done.stderr.decode()
    assert done.returncode == 141, "as a command ended by SIGPIPE"


@pytest.mark.parametrize("command", [["ask", "Was ist ein Barcamp?"], ["chat"]])
def test_a_reader_that_has_gone_ends_the_command_quietly(
    database: Path, command: list[str]
) -> None:
    reader, writer = os.pipe()
    os.close(reader)  # as after `| head` has read its fill and left
    try:
        done = subprocess.run(
            [sys.executable, "-m", "adapters.cli.main", *command],
            input=b"Was ist ein Barcamp?\n",
            stdout=writer,
            stderr=subprocess.PIPE,
            env=chat_environment(database),
            cwd=ROOT,
            timeout=60,
        )
    finally:
        os.close(writer)
    assert done.stderr == b"", done.stderr.decode()
    assert done.returncode == 141
