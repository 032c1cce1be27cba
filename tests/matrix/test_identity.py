"""The bot's cross-signing identity on a real Synapse: made once, kept, every device signed."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from adapters.channels.matrix.identity import IDENTITY_FILE, public_key
from adapters.channels.matrix.session import SESSION_FILE
from adapters.channels.matrix.store_lock import StoreLock
from core.errors import ConfigError
from tests.matrix.people import Bot, Scene
from tests.support.synapse import Synapse

pytestmark = pytest.mark.integration


def _key(text: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(text + "=" * (-len(text) % 4)))


def signed_by(obj: dict[str, Any], user_id: str, public: str, name: str | None = None) -> bool:
    """Whether `obj` carries a valid signature of `user_id`'s key `public` (named by itself,
    or for a device's key by `name`, the device id)."""
    signature = obj.get("signatures", {}).get(user_id, {}).get(f"ed25519:{name or public}")
    if not isinstance(signature, str):
        return False
    bare = {k: v for k, v in obj.items() if k not in ("signatures", "unsigned")}
    canonical = json.dumps(bare, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    try:
        _key(public).verify(
            base64.b64decode(signature + "=" * (-len(signature) % 4)), canonical.encode()
        )
    except InvalidSignature:
        return False
    return True


def only_key(obj: dict[str, Any]) -> str:
    (value,) = obj["keys"].values()
    return str(value)


def what_others_see(synapse: Synapse, token: str, bot: Bot) -> tuple[str, str, bool]:
    """The bot's master key, its device, and whether the device is cross-signed (as /keys/query
    shows them to another user)."""
    assert bot.adapter is not None and bot.adapter.session is not None
    device_id = bot.adapter.session.device_id
    known = synapse.request(
        "POST", "/_matrix/client/v3/keys/query", {"device_keys": {bot.user_id: []}}, token
    )
    master = known["master_keys"][bot.user_id]
    self_signing = known["self_signing_keys"][bot.user_id]
    assert master["usage"] == ["master"] and self_signing["usage"] == ["self_signing"]
    assert signed_by(self_signing, bot.user_id, only_key(master))
    device = known["device_keys"][bot.user_id][device_id]
    return only_key(master), device_id, signed_by(device, bot.user_id, only_key(self_signing))


async def test_the_bot_is_cross_signed_and_stays_so_across_restarts(
    synapse: Synapse, tmp_path: Path
) -> None:
    async with Scene(synapse, tmp_path) as scene:
        anna = scene.account("anna")
        bot = await scene.bot()
        assert bot.adapter is not None and bot.adapter.verified
        master, device, signed = what_others_see(synapse, anna.access_token, bot)
        assert signed
        keys_file = bot.folder / "matrix-store" / IDENTITY_FILE
        assert stat.S_IMODE(keys_file.stat().st_mode) == 0o600
        kept = keys_file.read_bytes()

        await bot.restart()
        assert bot.adapter.verified
        assert what_others_see(synapse, anna.access_token, bot) == (master, device, True)
        assert keys_file.read_bytes() == kept

        # a lost store but kept keys: a new device, signed by the same identity
        await bot.stop()
        for path in (bot.folder / "matrix-store").iterdir():
            if path.name != IDENTITY_FILE:
                path.unlink()
        await bot.start()
        again, new_device, signed = what_others_see(synapse, anna.access_token, bot)
        assert (again, signed) == (master, True) and new_device != device


# ---------------------------------------------------------------- `matrix reset-identity`

ROOT = Path(__file__).resolve().parents[2]
RESET = "lagerfeuer matrix reset-identity --yes"


async def reset_identity(
    bot: Bot, *args: str, login: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`lagerfeuer matrix reset-identity` run as the operator would, over the bot's store;
    `login`: the login settings (by default the bot's password)."""
    return await matrix_command(bot, "reset-identity", *args, login=login)


async def matrix_command(
    bot: Bot, *args: str, login: dict[str, str] | None = None, typed: str = ""
) -> subprocess.CompletedProcess[str]:
    """`lagerfeuer matrix ARGS` run as the operator would, over the bot's store, with `typed`
    on its standard input; `login`: the login settings (by default the bot's password)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LAGERFEUER_")}
    environment["PYTHONPATH"] = os.pathsep.join([str(ROOT), environment.get("PYTHONPATH", "")])
    environment.update(
        {
            "LAGERFEUER_DATABASE": str(bot.folder / "lagerfeuer.db"),
            "LAGERFEUER_LANGUAGE": "en",
            "LAGERFEUER_MATRIX_HOMESERVER": bot.server.url,
            "LAGERFEUER_MATRIX_USER_ID": bot.user_id,
            "LAGERFEUER_MATRIX_STORE": str(bot.folder / "matrix-store"),
            **(login or {"LAGERFEUER_MATRIX_PASSWORD": bot.account.password}),
        }
    )
    command = [sys.executable, "-m", "adapters.cli.main", "matrix", *args]
    return await asyncio.to_thread(
        subprocess.run,
        command,
        input=typed,
        capture_output=True,
        text=True,
        cwd=bot.folder,
        env=environment,
        timeout=150,
    )


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    """The command's single line of output (on either stream)."""
    lines = (result.stdout + result.stderr).strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def kept_master(store: Path) -> str:
    """The public master key of the keys kept in the store."""
    seed = json.loads((store / IDENTITY_FILE).read_text())["master"]
    private = Ed25519PrivateKey.from_private_bytes(base64.b64decode(seed + "=" * (-len(seed) % 4)))
    return public_key(private)


def master_signed_by_device(synapse: Synapse, bot: Bot, device_id: str) -> bool:
    """Whether the master key carries a valid signature of the bot's device (as the account
    itself sees it: the server shows signatures by one's own devices only to oneself)."""
    assert bot.adapter is not None and bot.adapter.session is not None
    token = bot.adapter.session.access_token
    known = synapse.request(
        "POST", "/_matrix/client/v3/keys/query", {"device_keys": {bot.user_id: []}}, token
    )
    master = known["master_keys"][bot.user_id]
    device_key = known["device_keys"][bot.user_id][device_id]["keys"][f"ed25519:{device_id}"]
    return signed_by(master, bot.user_id, device_key, name=device_id)


async def test_lost_keys_leave_the_identity_alone_until_the_reset_command_replaces_it(
    synapse: Synapse, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with Scene(synapse, tmp_path) as scene:
        anna = scene.account("anna")
        bot = await scene.bot()
        old_master, _, _ = what_others_see(synapse, anna.access_token, bot)
        await bot.stop()
        store = bot.folder / "matrix-store"
        (store / IDENTITY_FILE).unlink()
        (store / SESSION_FILE).unlink()
        caplog.clear()
        await bot.start()
        assert bot.adapter is not None and not bot.adapter.verified
        lines = [r.getMessage() for r in caplog.records if "cross-signing.json" in r.getMessage()]
        assert len(lines) == 1 and RESET in lines[0]
        master, device, signed = what_others_see(synapse, anna.access_token, bot)
        assert (master, signed) == (old_master, False)

        # while the bot runs on the store, the command refuses and changes nothing
        running = await reset_identity(bot, "--yes")
        assert running.returncode == 1 and "stop it" in one_line(running)
        assert not (store / IDENTITY_FILE).exists()
        assert what_others_see(synapse, anna.access_token, bot)[0] == old_master

        await bot.stop()
        done = await reset_identity(bot, "--yes")
        assert done.returncode == 0, done.stderr
        line = one_line(done)
        new_master = kept_master(store)
        assert new_master != old_master and new_master in line and device in line
        assert stat.S_IMODE((store / IDENTITY_FILE).stat().st_mode) == 0o600
        assert [p.name for p in store.iterdir() if "pending" in p.name] == []
        # others see the new identity and the device signed by it, before the bot starts
        assert what_others_see(synapse, anna.access_token, bot) == (new_master, device, True)
        assert master_signed_by_device(synapse, bot, device)

        caplog.clear()
        await bot.start()
        assert bot.adapter.verified
        assert what_others_see(synapse, anna.access_token, bot) == (new_master, device, True)
        assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


async def test_a_reset_without_yes_or_with_a_refused_password_changes_nothing(
    synapse: Synapse, tmp_path: Path
) -> None:
    async with Scene(synapse, tmp_path) as scene:
        anna = scene.account("anna")
        bot = await scene.bot()
        before = what_others_see(synapse, anna.access_token, bot)
        await bot.stop()
        store = bot.folder / "matrix-store"
        files = {p.name: p.read_bytes() for p in store.iterdir() if p.is_file()}
        assert IDENTITY_FILE in files

        wrong = {"LAGERFEUER_MATRIX_PASSWORD": bot.account.password + "-wrong"}
        # a login by access token, no password: Synapse asks for one, the command says so
        by_token = {"LAGERFEUER_MATRIX_ACCESS_TOKEN": bot.account.access_token}
        for args, login, says in (
            ((), None, "run the command with --yes"),
            (("--yes",), wrong, "refuses the password in LAGERFEUER_MATRIX_PASSWORD"),
            (("--yes",), by_token, "set LAGERFEUER_MATRIX_PASSWORD"),
        ):
            result = await reset_identity(bot, *args, login=login)
            assert result.returncode == 1 and says in one_line(result)
            assert {p.name: p.read_bytes() for p in store.iterdir() if p.is_file()} == files
            assert what_others_see(synapse, anna.access_token, bot) == before

        await bot.start()
        assert bot.adapter is not None and bot.adapter.verified
        assert what_others_see(synapse, anna.access_token, bot) == before


async def test_the_bot_does_not_start_while_a_reset_holds_its_store(
    synapse: Synapse, tmp_path: Path
) -> None:
    async with Scene(synapse, tmp_path) as scene:
        bot = await scene.bot()
        await bot.stop()
        reset = StoreLock(bot.folder / "matrix-store")
        assert reset.alone()
        try:
            with pytest.raises(ConfigError, match="LAGERFEUER_MATRIX_STORE"):
                await bot.start()
        finally:
            reset.release()
        await bot.stop()
        await bot.start()
        assert bot.adapter is not None and bot.adapter.verified
