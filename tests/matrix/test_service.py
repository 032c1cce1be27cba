"""`lagerfeuer run` with a Matrix account: it joins, introduces itself, and stops cleanly."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from tests.matrix.people import Scene
from tests.support.synapse import Synapse

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


async def test_lagerfeuer_run_serves_matrix_and_stops_on_sigterm(
    synapse: Synapse, tmp_path: Path
) -> None:
    async with Scene(synapse, tmp_path) as scene:
        account = scene.account("lagerfeuer")
        env = {key: value for key, value in os.environ.items() if not key.startswith("LAGERFEUER_")}
        env.update(
            PYTHONPATH=str(ROOT),
            LAGERFEUER_DATABASE=str(tmp_path / "bot.db"),
            LAGERFEUER_MATRIX_HOMESERVER=synapse.url,
            LAGERFEUER_MATRIX_USER_ID=account.user_id,
            LAGERFEUER_MATRIX_PASSWORD=account.password,
            LAGERFEUER_MATRIX_STORE=str(tmp_path / "store"),
        )
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            "import sys; from adapters.cli.main import main; sys.exit(main())",
            "run",
            cwd=tmp_path,
            env=env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            anna = await scene.person("anna")
            room = await anna.create_room(invite=(account.user_id,))
            intro = await anna.wait_for(room, lambda m: m.sender == account.user_id, within=30)
            await anna.say(room, f"{account.user_id}: wo fange ich an?")
            await anna.wait_for(
                room, lambda m: m.sender == account.user_id and m is not intro, within=15
            )
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                _, err = await asyncio.wait_for(process.communicate(), 20)
            except TimeoutError:
                process.kill()
                raise
        assert process.returncode == 0
        log = err.decode()
        assert "ready: matrix" in log
        assert account.password not in log
        assert "wo fange ich an" not in log
        assert "anna" not in log.lower()
        assert (tmp_path / "store" / "session.json").exists()
