"""The bot's identity under a recovery key the operator keeps: out to secret storage, and back.

`matrix recovery-key` puts the three private cross-signing keys kept in the store into the
account's secret storage, encrypted under a new key that it prints once (Element reads them
with the same key). `matrix restore-identity` brings them back into a store that lost them and
signs the bot's device again, so no one has to verify the bot anew. Both run with the bot
stopped, as its saved device.
"""

from __future__ import annotations

import secrets
import string
from typing import Any

from nio import AsyncClient

from adapters.channels.matrix.client import MatrixConfig
from adapters.channels.matrix.identity import (
    ROLES,
    CrossSigningKeys,
    Identity,
    master_public,
    public_key,
)
from adapters.channels.matrix.offline import Outcome, as_saved_device, sign_saved_device
from adapters.channels.matrix.secret_storage import (
    DEFAULT_KEY,
    KEY_PREFIX,
    SECRETS,
    decode_recovery_key,
    decrypt,
    encode_recovery_key,
    encrypt,
    key_description,
    key_matches,
    new_key,
)


async def make_recovery_key(config: MatrixConfig, within: float) -> Outcome:
    """Keep the identity in secret storage under a new recovery key. Outcomes besides the
    frame's: `made` (with `recovery_key`), `no_keys`, `not_published`, `other_identity`,
    `refused` (with the `status`)."""
    return await as_saved_device(config, within, _store)


async def restore_identity(config: MatrixConfig, within: float, typed: str) -> Outcome:
    """Bring the identity back from secret storage with the recovery key `typed`. Outcomes
    besides the frame's: `restored` (device signed), `restored_unsigned`, `not_a_key`,
    `no_identity`, `no_storage`, `wrong_key`, `damaged`, `other_identity`, `refused`."""
    key = decode_recovery_key(typed)
    if key is None:
        return Outcome("not_a_key")

    async def restore(client: AsyncClient, identity: Identity) -> Outcome:
        return await _restore(client, identity, key)

    return await as_saved_device(config, within, restore)


async def _store(client: AsyncClient, identity: Identity) -> Outcome:
    keys = identity.file.load(client.user_id)
    if keys is None:
        return Outcome("no_keys")
    status, known = await identity.own_keys(client.user_id, client.device_id)
    if status != 200:
        return Outcome("refused", status)
    on_server = master_public(known, client.user_id)
    master = public_key(keys.master)
    if on_server is None:
        return Outcome("not_published")
    if on_server != master:
        return Outcome("other_identity", master=on_server)
    key = new_key()
    key_id = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
    # the secrets before the default key: until the last write, an earlier key stays usable
    writes: list[tuple[str, dict[str, Any]]] = [(f"{KEY_PREFIX}{key_id}", key_description(key))]
    for role in ROLES:
        name = SECRETS[role]
        writes.append((name, {"encrypted": {key_id: encrypt(keys.seed(role), key, name)}}))
    writes.append((DEFAULT_KEY, {"key": key_id}))
    for kind, content in writes:
        if not await identity.calls.put_account_data(kind, content):
            return Outcome("refused")
    return Outcome("made", master=master, recovery_key=encode_recovery_key(key))


async def _restore(client: AsyncClient, identity: Identity, key: bytes) -> Outcome:
    user_id, device_id = client.user_id, client.device_id
    status, known = await identity.own_keys(user_id, device_id)
    if status != 200:
        return Outcome("refused", status)
    on_server = master_public(known, user_id)
    if on_server is None:
        return Outcome("no_identity")
    stored: dict[str, dict[str, Any]] = {}
    for role in ROLES:
        status, stored[role] = await identity.calls.account_data(SECRETS[role])
        if status not in (200, 404):  # a refusal is not an empty secret storage
            return Outcome("refused", status)
    if not all(isinstance(item.get("encrypted"), dict) for item in stored.values()):
        return Outcome("no_storage")
    key_id = await _key_id(identity, key, list(stored["master"]["encrypted"]))
    if key_id is None:
        return Outcome("wrong_key")
    seeds: dict[str, str] = {}
    for role, item in stored.items():
        seed = decrypt(item["encrypted"].get(key_id), key, SECRETS[role])
        if seed is None:
            return Outcome("damaged")
        seeds[role] = seed
    try:
        keys = CrossSigningKeys.from_seeds(user_id, seeds)
    except ValueError:
        return Outcome("damaged")
    if public_key(keys.master) != on_server:
        return Outcome("other_identity", master=on_server)
    identity.file.save(keys)
    signed = await sign_saved_device(client, identity, keys, known)
    outcome = "restored" if signed else "restored_unsigned"
    return Outcome(outcome, master=on_server, device_id=device_id)


async def _key_id(identity: Identity, key: bytes, used: list[str]) -> str | None:
    """Which of the keys the secrets are encrypted under `key` is (the default key first)."""
    default = (await identity.calls.get_account_data(DEFAULT_KEY)).get("key")
    candidates = ([default] if default in used else []) + [k for k in used if k != default]
    for key_id in candidates:
        if key_matches(key, await identity.calls.get_account_data(f"{KEY_PREFIX}{key_id}")):
            return str(key_id)
    return None
