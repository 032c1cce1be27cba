"""Content reload (SIGHUP): a valid change is picked up, a broken one refused and logged."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.runtime.service import run_service
from adapters.runtime.settings import BUNDLED_CONTENT, Settings
from tests.harness import Harness, joined

GREETING_DE = "Hallo! Ich bin Lagerfeuer"


@pytest.fixture
async def editable(tmp_path: Path) -> AsyncIterator[Harness]:
    """A harness serving a copy of the bundled content that the test may edit."""
    shutil.copytree(BUNDLED_CONTENT, tmp_path / "content")
    harness = await Harness.create(tmp_path / "db.sqlite", content_dir=tmp_path / "content")
    try:
        yield harness
    finally:
        await harness.close()


def edit(folder: Path, relative: str, old: str, new: str) -> None:
    path = folder / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


async def test_valid_change_is_picked_up(editable: Harness) -> None:
    folder = editable.app.settings.content_dir
    assert GREETING_DE in joined(await editable.say("/start"))
    edit(folder, "texts/common.yaml", GREETING_DE, "Servus! Ich bin Lagerfeuer")
    assert editable.app.reload_content()
    assert "Servus! Ich bin Lagerfeuer" in joined(await editable.say("/start"))


async def test_broken_change_is_refused_with_its_line_and_old_content_stays(
    editable: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    folder = editable.app.settings.content_dir
    edit(folder, "texts/common.yaml", GREETING_DE, "Servus! Ich bin Lagerfeuer")
    path = folder / "texts" / "common.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("menu.why:")
    english = text.index("  en:", start)
    path.write_text(text[:english] + text[text.index("\n", english) + 1 :], encoding="utf-8")
    caplog.set_level(logging.INFO)
    assert not editable.app.reload_content()
    refused = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert refused and "common.yaml:" in refused[0] and "menu.why" in refused[0]
    assert GREETING_DE in joined(await editable.say("/start")), "the running content stays"


async def test_sighup_reloads_the_running_service(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    shutil.copytree(BUNDLED_CONTENT, tmp_path / "content")
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database=tmp_path / "db.sqlite",
        content_dir=tmp_path / "content",
    )
    caplog.set_level(logging.INFO)
    service = asyncio.create_task(run_service(settings))

    async def logged(fragment: str) -> None:
        for _ in range(200):
            if any(fragment in r.getMessage() for r in caplog.records):
                return
            await asyncio.sleep(0.05)
        raise AssertionError(f"no log line with {fragment!r}")

    try:
        await logged("ready")
        os.kill(os.getpid(), signal.SIGHUP)
        await logged("content reloaded")
        (tmp_path / "content" / "faq.yaml").write_text("faq: [[[", encoding="utf-8")
        os.kill(os.getpid(), signal.SIGHUP)
        await logged("content reload refused")
        assert not service.done(), "a refused reload leaves the service running"
    finally:
        service.cancel()
        with pytest.raises(asyncio.CancelledError):
            await service
