"""Content limits: only plain files inside the content folder, at most 2 MB, no YAML aliases.

Each case runs `lagerfeuer content check` as a process with a timeout, so a regression that
hangs (a pipe) or eats memory (an alias bomb) fails instead of stalling the suite; the reload
case shows the running bot keeps its content.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from adapters.runtime.settings import BUNDLED_CONTENT
from tests.foundation.test_cli import lagerfeuer
from tests.harness import Harness, joined

GREETING_DE = "Hallo! Ich bin Lagerfeuer"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(BUNDLED_CONTENT, target)
    return target


def alias_bomb() -> str:
    """Nine levels of nine aliases: 387 million strings once expanded."""
    lines = ["x0: &a0 [q, q, q, q, q, q, q, q, q]"]
    for level in range(1, 9):
        lines.append(f"x{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def big_text() -> str:
    line = "    " + "x" * 76 + "\n"
    return "big.text:\n  de: |\n" + line * (3 * 1024 * 1024 // len(line)) + "  en: b\n"


def pipe(path: Path) -> None:
    os.mkfifo(path)


def link_to(target: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.symlink_to(target)

    return make


def write(text: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.write_text(text, encoding="utf-8")

    return make


CASES = {
    "a named pipe": (pipe, "is not a plain file"),
    "a link to /dev/zero": (link_to("/dev/zero"), "outside the content folder"),
    "a link out of the folder": (link_to("/etc/hostname"), "outside the content folder"),
    "a folder named like a file": (lambda path: path.mkdir(), "is not a plain file"),
    "a file of 3 MB": (write(big_text()), "larger than 2 MB"),
    "an anchor": (write("a.key: &k\n  de: a\n  en: b\n"), "anchors (&name) are not allowed"),
    "an alias": (
        write("a.key:\n  de: a\n  en: b\nb.key: *k\n"),
        "aliases (*name) are not allowed",
    ),
    "an alias bomb": (write(alias_bomb()), "anchors (&name) are not allowed"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_content_check_refuses_with_file_and_line(case: str, folder: Path) -> None:
    make, problem = CASES[case]
    make(folder / "texts" / "zz.yaml")
    result = lagerfeuer(["content", "check", str(folder)], folder.parent)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if "zz.yaml" in line]
    assert len(lines) == 1, result.stdout
    assert "content/texts/zz.yaml:" in lines[0] and problem in lines[0]
    assert "Traceback" not in result.stderr


def test_a_device_in_the_folder_is_refused(folder: Path) -> None:
    if not Path("/dev/null").exists():
        pytest.fail("this test needs /dev/null")
    (folder / "texts" / "zz.yaml").symlink_to(os.path.relpath("/dev/null", folder / "texts"))
    result = lagerfeuer(["content", "check", str(folder)], folder.parent)
    assert result.returncode == 1
    assert "zz.yaml:1: -: links to a file outside the content folder" in result.stdout


def test_a_link_inside_the_folder_is_fine(folder: Path) -> None:
    (folder / "texts" / "common.yaml").rename(folder / "common-texts.yaml")
    (folder / "texts" / "common.yaml").symlink_to("../common-texts.yaml")
    result = lagerfeuer(["content", "check", str(folder)], folder.parent)
    assert result.returncode == 0, result.stdout


@pytest.fixture
async def running(folder: Path) -> AsyncIterator[Harness]:
    harness = await Harness.create(folder.parent / "db.sqlite", content_dir=folder)
    try:
        yield harness
    finally:
        await harness.close()


async def test_reload_refuses_an_alias_bomb_and_keeps_serving(
    running: Harness, folder: Path
) -> None:
    assert GREETING_DE in joined(await running.say("/start"))
    (folder / "texts" / "zz.yaml").write_text(alias_bomb(), encoding="utf-8")
    assert not running.app.reload_content()
    assert GREETING_DE in joined(await running.say("/start")), "the running content stays"
