"""scripts/run and scripts/test check the Python first and rebuild a .venv they cannot use.

The scripts are copied into a folder of their own, so a check that lets them through installs
nothing here; the Python they find is chosen by PATH: this one, or a fake that says it is older.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.operations.test_deployment import ROOT

THIS = ".".join(str(part) for part in sys.version_info[:3])
OLDER = "3.10.13"


def executable(path: Path, text: str) -> Path:
    """Write a small shell script to `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\n{text}", encoding="utf-8")
    path.chmod(0o755)
    return path


def fake_python(path: Path, version: str) -> Path:
    """A `python` that answers every question with `version`."""
    return executable(path, f"echo {version}\n")


def fake_venv(folder: Path) -> None:
    """A .venv of this Python: its pip puts a `lagerfeuer` that echoes, ruff and mypy echo."""
    tools = folder / ".venv" / "bin"
    executable(folder / ".venv" / "built-lagerfeuer", 'echo lagerfeuer "$@"\n')
    here = '"$(dirname "$0")"'
    install = f"cp {here}/../built-lagerfeuer {here}/lagerfeuer && exit 0"
    executable(tools / "python", f'case "$*" in *"pip install"*) {install} ;; esac\necho {THIS}\n')
    executable(tools / "ruff", "echo ruff\n")
    executable(tools / "mypy", "echo mypy\n")


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A folder with only the scripts, where python3 on PATH is this Python."""
    shutil.copytree(ROOT / "scripts", tmp_path / "scripts")
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "python3").symlink_to(sys.executable)
    return tmp_path


def sh(folder: Path, command: list[str], path: str) -> subprocess.CompletedProcess[str]:
    """Run `command` in `folder` with PATH set to `path`."""
    env = {**os.environ, "PATH": path}
    return subprocess.run(
        command, cwd=folder, env=env, capture_output=True, text=True, timeout=60, check=False
    )


def our_path(checkout: Path) -> str:
    return f"{checkout / 'bin'}{os.pathsep}{os.environ['PATH']}"


def venv_step(checkout: Path, step: str) -> subprocess.CompletedProcess[str]:
    """One function of scripts/venv.sh, run in `checkout`."""
    return sh(checkout, ["/bin/sh", "-c", f". scripts/venv.sh && {step}"], our_path(checkout))


@pytest.mark.parametrize("script", ["run", "test"])
def test_an_older_python_is_one_line_and_a_failure(checkout: Path, script: str) -> None:
    older = fake_python(checkout / "old" / "python3", OLDER)
    done = sh(checkout, [f"scripts/{script}"], f"{older.parent}{os.pathsep}{os.environ['PATH']}")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        f"Lagerfeuer needs Python 3.11 or newer, and python3 ({older}) is {OLDER}"
    ]
    assert not (checkout / ".venv").exists(), "nothing is installed with it"


@pytest.mark.parametrize("script", ["run", "test"])
def test_no_python_at_all_is_one_line_and_a_failure(checkout: Path, script: str) -> None:
    tools = checkout / "tools"
    tools.mkdir()
    dirname = shutil.which("dirname")
    assert dirname is not None
    (tools / "dirname").symlink_to(dirname)
    done = sh(checkout, ["/bin/sh", f"scripts/{script}"], str(tools))
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "Lagerfeuer needs Python 3.11 or newer, and there is no python3 on PATH"
    ]


def test_a_new_enough_python_passes_the_check(checkout: Path) -> None:
    done = venv_step(checkout, "need_python && echo passed")
    assert (done.returncode, done.stdout, done.stderr) == (0, "passed\n", "")


def test_a_venv_without_pip_is_rebuilt(checkout: Path) -> None:
    venv = [sys.executable, "-m", "venv", "--without-pip", ".venv"]
    made = sh(checkout, venv, our_path(checkout))
    assert made.returncode == 0, made.stderr
    done = venv_step(checkout, "discard_unusable_venv")
    assert done.returncode == 0
    assert done.stderr.splitlines() == ["rebuilding .venv: it has no pip"]
    assert not (checkout / ".venv").exists()


def test_a_venv_of_another_python_is_rebuilt(checkout: Path) -> None:
    major, minor = sys.version_info[:2]
    fake_python(checkout / ".venv" / "bin" / "python", f"{major}.{minor + 1}.0")
    done = venv_step(checkout, "discard_unusable_venv")
    assert done.stderr.splitlines() == [
        f"rebuilding .venv: Python {major}.{minor + 1} made it, and python3 is {major}.{minor}"
    ]
    assert not (checkout / ".venv").exists()


def test_a_venv_whose_python_does_not_run_is_rebuilt(checkout: Path) -> None:
    (checkout / ".venv" / "bin").mkdir(parents=True)
    (checkout / ".venv" / "bin" / "python").symlink_to(checkout / "gone")
    done = venv_step(checkout, "discard_unusable_venv")
    assert done.stderr.splitlines() == ["rebuilding .venv: it has no Python that runs"]
    assert not (checkout / ".venv").exists()


def test_a_venv_of_this_python_with_pip_is_kept(checkout: Path) -> None:
    fake_python(checkout / ".venv" / "bin" / "python", THIS.rsplit(".", 1)[0] + ".99")
    done = venv_step(checkout, "discard_unusable_venv")
    assert (done.returncode, done.stderr) == (0, "")
    assert (checkout / ".venv" / "bin" / "python").exists()


def test_run_says_it_installs_on_the_first_run_and_then_only_that_it_starts(
    checkout: Path,
) -> None:
    fake_venv(checkout)
    first = sh(checkout, ["scripts/run", "--x"], our_path(checkout))
    again = sh(checkout, ["scripts/run"], our_path(checkout))
    starting = "starting Lagerfeuer (.venv/bin/lagerfeuer run)"
    assert (first.returncode, first.stdout) == (0, "lagerfeuer run --x\n"), first.stderr
    assert first.stderr.splitlines() == [
        "installing Lagerfeuer into .venv (first run, about a minute)…",
        starting,
    ]
    assert (again.returncode, again.stderr.splitlines()) == (0, [starting])


def test_test_says_each_step(checkout: Path) -> None:
    fake_venv(checkout)
    done = sh(checkout, ["scripts/test", "-q"], our_path(checkout))
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        "installing Lagerfeuer and its test tools into .venv (seconds when nothing changed)…",
        "ruff: checking the code style",
        "mypy: checking the types",
        "pytest: running the tests",
    ]
    assert done.stdout.splitlines() == ["ruff", "mypy", THIS]
