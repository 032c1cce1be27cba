"""The bot's cross-signing identity on a real Synapse: made once, kept, every device signed."""

from __future__ import annotations

import base64
import json
import stat
from pathlib import Path
from typing import Any

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from adapters.channels.matrix.identity import IDENTITY_FILE
from adapters.channels.matrix.session import SESSION_FILE
from tests.matrix.people import Bot, Scene
from tests.support.synapse import Synapse

pytestmark = pytest.mark.integration


def _key(text: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(text + "=" * (-len(text) % 4)))


def signed_by(obj: dict[str, Any], user_id: str, public: str) -> bool:
    """Whether `obj` carries a valid signature of `user_id`'s key `public`."""
    signature = obj.get("signatures", {}).get(user_id, {}).get(f"ed25519:{public}")
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


async def test_lost_keys_leave_the_identity_alone_and_say_so(
    synapse: Synapse, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with Scene(synapse, tmp_path) as scene:
        anna = scene.account("anna")
        bot = await scene.bot()
        master, _, _ = what_others_see(synapse, anna.access_token, bot)
        await bot.stop()
        store = bot.folder / "matrix-store"
        (store / IDENTITY_FILE).unlink()
        (store / SESSION_FILE).unlink()
        caplog.clear()
        await bot.start()
        assert bot.adapter is not None and not bot.adapter.verified
        assert what_others_see(synapse, anna.access_token, bot)[0] == master
        lines = [r.getMessage() for r in caplog.records if "cross-signing.json" in r.getMessage()]
        assert len(lines) == 1
