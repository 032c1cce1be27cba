"""An operator's mistake with the database or the content folder is one line on stderr
naming the file and what to do: exit status 2 for a setting, 1 for what is found at run time.

Permissions mean nothing to root, so as root the command runs as the unprivileged user
`nobody`, as a service account would."""

from __future__ import annotations

import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.runtime.settings import BUNDLED_CONTENT

NOBODY = 65534


@pytest.fixture
def place() -> Iterator[Path]:
    """A folder every user may enter (pytest's own is root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="lagerfeuer-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder)


def lagerfeuer(
    args: list[str],
    cwd: Path,
    env: dict[str, str],
    unprivileged: bool = False,
    file_size_limit: int | None = None,
) -> subprocess.CompletedProcess[str]:
    """The real command; `unprivileged` drops root, `file_size_limit` caps every file it
    writes (the kernel's RLIMIT_FSIZE: a disk that is full for this process)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LAGERFEUER_")}
    environment.update(env)
    command = [sys.executable, "-m", "adapters.cli.main", *args]
    if unprivileged and os.geteuid() == 0:
        ids = [f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
        command = ["setpriv", *ids, *command]
        environment["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])

    def limit() -> None:
        if file_size_limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

    return subprocess.run(
        command,
        input="",
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment,
        timeout=60,
        preexec_fn=limit,
    )


def one_line(result: subprocess.CompletedProcess[str], status: int) -> str:
    assert result.returncode == status, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert "Traceback" not in result.stderr
    return lines[0]


def test_a_missing_database_folder_is_named_not_created(place: Path) -> None:
    missing = place / "nonexistent" / "dir"
    result = lagerfeuer(["chat"], place, {"LAGERFEUER_DATABASE": str(missing / "x.db")})
    line = one_line(result, 2)
    assert "LAGERFEUER_DATABASE" in line and str(missing) in line, line
    assert not (place / "nonexistent").exists()


def test_a_database_in_a_folder_that_cannot_be_written(place: Path) -> None:
    folder = place / "locked"
    folder.mkdir(mode=0o555)
    folder.chmod(0o555)
    database = folder / "x.db"
    result = lagerfeuer(["chat"], place, {"LAGERFEUER_DATABASE": str(database)}, True)
    line = one_line(result, 1)
    assert str(database) in line and "not writable" in line, line


def test_a_read_only_database_file(place: Path) -> None:
    database = place / "x.db"
    with sqlite3.connect(database) as conn:
        conn.execute("CREATE TABLE t (x INTEGER)")
    database.chmod(0o444)
    result = lagerfeuer(["chat"], place, {"LAGERFEUER_DATABASE": str(database)}, True)
    line = one_line(result, 1)
    assert str(database) in line and "cannot be written" in line, line


def test_a_file_that_is_no_database(place: Path) -> None:
    database = place / "x.db"
    database.write_text("these are notes, not a database\n" * 100)
    result = lagerfeuer(["chat"], place, {"LAGERFEUER_DATABASE": str(database)})
    line = one_line(result, 1)
    assert str(database) in line and "damaged" in line and "backup" in line, line


def test_a_database_with_a_malformed_page_is_refused_at_start(place: Path) -> None:
    database = place / "x.db"
    with sqlite3.connect(database) as conn:
        conn.execute("PRAGMA page_size=4096")
        conn.execute("CREATE TABLE t (x TEXT)")
        conn.executemany("INSERT INTO t VALUES (?)", [("x" * 500,) for _ in range(200)])
        conn.execute("CREATE INDEX t_x ON t (x)")
    raw = bytearray(database.read_bytes())
    raw[4096 * 3 : 4096 * 3 + 64] = b"\xff" * 64  # a b-tree page's header overwritten
    database.write_bytes(bytes(raw))
    result = lagerfeuer(["chat"], place, {"LAGERFEUER_DATABASE": str(database)})
    line = one_line(result, 1)
    assert str(database) in line and "damaged" in line and "backup" in line, line


def test_a_full_disk_at_start_names_the_database(place: Path) -> None:
    database = place / "x.db"
    env = {"LAGERFEUER_DATABASE": str(database)}
    result = lagerfeuer(["chat"], place, env, file_size_limit=8192)
    line = one_line(result, 1)
    assert str(database) in line, line


def test_an_unreadable_content_folder_is_named(place: Path) -> None:
    content = place / "content"
    shutil.copytree(BUNDLED_CONTENT, content)
    content.chmod(0o000)
    env = {"LAGERFEUER_DATABASE": str(place / "x.db"), "LAGERFEUER_CONTENT_DIR": str(content)}
    line = one_line(lagerfeuer(["ask", "hallo"], place, env, True), 1)
    assert str(content) in line and "cannot be read" in line, line


def test_an_unreadable_folder_inside_the_content_is_named(place: Path) -> None:
    content = place / "content"
    shutil.copytree(BUNDLED_CONTENT, content)
    (content / "texts").chmod(0o000)
    env = {"LAGERFEUER_DATABASE": str(place / "x.db"), "LAGERFEUER_CONTENT_DIR": str(content)}
    line = one_line(lagerfeuer(["ask", "hallo"], place, env, True), 1)
    assert str(content / "texts") in line and "cannot read" in line, line
