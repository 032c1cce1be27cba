"""Element's npm packages, installed from the pinned lock file when they are missing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).parent


@pytest.fixture(scope="session")
def element_stack() -> Path:
    """The folder of the Node driver, with `node_modules` installed by `npm ci` if needed."""
    installed = HERE / "node_modules" / ".package-lock.json"
    lock = HERE / "package-lock.json"
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.fail("Element tests need Node 20 and npm (Debian: apt-get install nodejs npm)")
    if not installed.exists() or installed.stat().st_mtime < lock.stat().st_mtime:
        done = subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=HERE,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode != 0:
            pytest.fail(f"npm ci in {HERE} failed: {done.stderr.strip()[-500:]}")
    return HERE
