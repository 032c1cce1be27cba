"""A lost store brought back with the recovery key, on a real Synapse: same identity, no new
verification; wrong, mistyped or outdated keys change nothing."""

from __future__ import annotations

import logging
import shutil
import stat
from pathlib import Path

import pytest

from adapters.channels.matrix.identity import IDENTITY_FILE
from adapters.channels.matrix.secret_storage import encode_recovery_key, new_key
from tests.matrix.people import Bot, Scene
from tests.matrix.test_identity import (
    kept_master,
    master_signed_by_device,
    matrix_command,
    one_line,
    what_others_see,
)
from tests.support.synapse import Synapse

pytestmark = pytest.mark.integration


async def recovery_key(bot: Bot) -> tuple[str, str]:
    """`lagerfeuer matrix recovery-key`: its line and the key it prints at the end."""
    made = await matrix_command(bot, "recovery-key")
    assert made.returncode == 0, made.stderr
    line = one_line(made)
    return line, line.rsplit(": ", 1)[1]


async def test_a_lost_store_gets_its_identity_back_from_the_recovery_key(
    synapse: Synapse, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with Scene(synapse, tmp_path) as scene:
        anna = scene.account("anna")
        bot = await scene.bot()
        master, device, _ = what_others_see(synapse, anna.access_token, bot)
        store = bot.folder / "matrix-store"

        running = await matrix_command(bot, "recovery-key")
        assert running.returncode == 1 and "stop it" in one_line(running)

        await bot.stop()
        line, key = await recovery_key(bot)
        assert master in line and len(key.split()) == 12, line

        # the disk is lost: no session, no olm account, no kept keys
        for path in store.iterdir():
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        await bot.start()
        assert bot.adapter is not None and not bot.adapter.verified
        lost_master, new_device, signed = what_others_see(synapse, anna.access_token, bot)
        assert (lost_master, signed) == (master, False) and new_device != device
        await bot.stop()

        typo = key[:-1] + ("2" if key[-1] != "2" else "3")
        other = encode_recovery_key(new_key())
        for typed, says in (
            ("", "not a recovery key"),
            (typo, "not a recovery key"),
            (other, "does not open the secret storage"),
        ):
            refused = await matrix_command(bot, "restore-identity", typed=typed + "\n")
            assert refused.returncode == 1 and says in one_line(refused), refused
            assert not (store / IDENTITY_FILE).exists()

        restored = await matrix_command(bot, "restore-identity", typed=key + "\n")
        assert restored.returncode == 0, restored.stderr
        line = one_line(restored)
        assert master in line and new_device in line
        assert kept_master(store) == master
        assert stat.S_IMODE((store / IDENTITY_FILE).stat().st_mode) == 0o600
        # others see the old identity and the new device signed by it, before the bot starts
        assert what_others_see(synapse, anna.access_token, bot) == (master, new_device, True)
        assert master_signed_by_device(synapse, bot, new_device)

        caplog.clear()
        await bot.start()
        assert bot.adapter.verified
        assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


async def test_a_recovery_key_made_before_a_reset_no_longer_restores(
    synapse: Synapse, tmp_path: Path
) -> None:
    async with Scene(synapse, tmp_path) as scene:
        anna = scene.account("anna")
        bot = await scene.bot()
        await bot.stop()
        _, old_key = await recovery_key(bot)
        # a second key replaces the first
        _, key = await recovery_key(bot)
        assert key != old_key
        replaced = await matrix_command(bot, "restore-identity", typed=old_key)
        assert replaced.returncode == 1 and "does not open" in one_line(replaced)
        store = bot.folder / "matrix-store"
        (store / IDENTITY_FILE).unlink()

        reset = await matrix_command(bot, "reset-identity", "--yes")
        assert reset.returncode == 0, reset.stderr
        new_master = kept_master(store)
        (store / IDENTITY_FILE).unlink()
        outdated = await matrix_command(bot, "restore-identity", typed=key)
        assert outdated.returncode == 1 and "earlier identity" in one_line(outdated)
        assert new_master in one_line(outdated)
        assert not (store / IDENTITY_FILE).exists()
        assert what_others_see(synapse, anna.access_token, bot)[0] == new_master


async def test_a_key_for_an_account_that_never_stored_its_identity_is_told_so(
    synapse: Synapse, tmp_path: Path
) -> None:
    async with Scene(synapse, tmp_path) as scene:
        bot = await scene.bot()
        await bot.stop()
        kept = (bot.folder / "matrix-store" / IDENTITY_FILE).read_bytes()
        typed = encode_recovery_key(new_key()) + "\n"
        refused = await matrix_command(bot, "restore-identity", typed=typed)
        assert refused.returncode == 1, refused
        assert "holds no cross-signing keys" in one_line(refused), refused
        assert (bot.folder / "matrix-store" / IDENTITY_FILE).read_bytes() == kept
