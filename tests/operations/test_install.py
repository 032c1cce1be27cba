"""`pip install .` gives a working Lagerfeuer: the wheel carries the default content.

The wheel is built, offline, from what the Dockerfile's build stage copies, installed into a fresh
venv (by this environment's pip, which is quicker than a pip of its own) and run from a folder that
is not the repository, with no `LAGERFEUER_*` variable set. The fresh venv takes its dependencies
from this environment (a `.pth` line), so nothing is downloaded.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.settings import BUNDLED_CONTENT
from tests.foundation.test_cli import content_check_line
from tests.operations.test_deployment import ROOT, dockerfile_instructions, final_stage

pytestmark = pytest.mark.integration


def build_sources(target: Path) -> Path:
    """Copy what the Dockerfile's build stage copies into `target`, as a build would see it."""
    target.mkdir()
    instructions = dockerfile_instructions()
    build = instructions[: len(instructions) - len(final_stage(instructions))]
    for ins, args in build:
        if ins != "COPY":
            continue
        *sources, _ = args.split()
        for source in sources:
            origin = ROOT / source
            if origin.is_dir():
                ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
                shutil.copytree(origin, target / source, ignore=ignore)
            else:
                shutil.copy2(origin, target / source)
    return target


def content_files(folder: Path) -> list[Path]:
    """The YAML files and READMEs under `folder`, relative to it."""
    found = (p for p in folder.rglob("*") if p.suffix in {".yaml", ".md"})
    return sorted(p.relative_to(folder) for p in found)


def run(command: list[str | Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `command` in `cwd` with no `LAGERFEUER_*` or `PYTHON*` variable set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LAGERFEUER_", "PYTHON"))}
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


def test_an_installed_wheel_answers_and_checks_its_content_from_anywhere(tmp_path: Path) -> None:
    sources, dist, venv = build_sources(tmp_path / "src"), tmp_path / "dist", tmp_path / "venv"
    offline = ["--quiet", "--no-index", "--no-deps", "--disable-pip-version-check"]
    pip = [sys.executable, "-m", "pip"]
    built = run([*pip, "wheel", *offline, "--no-build-isolation", "-w", dist, sources], tmp_path)
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("lagerfeuer-*.whl")

    made = run([sys.executable, "-m", "venv", "--without-pip", venv], tmp_path)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    installed = run([*pip, "--python", python, "install", *offline, wheel], tmp_path)
    assert installed.returncode == 0, installed.stderr
    where = run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], venv)
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(where.stdout.strip()) / "dependencies.pth").write_text(
        "\n".join(sorted(ours)) + "\n", encoding="utf-8"
    )

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    lagerfeuer = venv / "bin" / "lagerfeuer"
    asked = run([lagerfeuer, "ask", "Was ist ein Barcamp?"], elsewhere)
    assert asked.returncode == 0, asked.stderr
    faq = {entry.id: entry for entry in load_checked_content(BUNDLED_CONTENT).faq}
    assert faq["what-is-barcamp"].answer.de.strip() in asked.stdout

    checked = run([lagerfeuer, "content", "check"], elsewhere)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    folder = checked.stdout.partition(": ")[0]
    assert Path(folder).is_relative_to(venv), "the installed package's own content is served"
    assert checked.stdout.strip() == content_check_line(folder), checked.stdout
    assert content_files(Path(folder)) == content_files(BUNDLED_CONTENT), "all of content/ ships"
