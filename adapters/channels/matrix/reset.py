"""A new cross-signing identity for the bot whose kept keys are lost (`matrix reset-identity`).

It runs with the bot stopped, over the bot's own store and as the bot's saved device: it makes
three new keys, keeps them in the store before the homeserver sees them, publishes them
(replacing an identity needs the account's password on Synapse), moves them in place of the old
ones, and signs the device with them. Whatever stops it leaves the old identity as it was.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from nio import AsyncClient, AsyncClientConfig, WhoamiResponse

from adapters.channels.matrix.calls import Calls
from adapters.channels.matrix.client import MatrixConfig
from adapters.channels.matrix.identity import KEYS, CrossSigningKeys, Identity, public_key
from adapters.channels.matrix.session import Session, SessionFile
from adapters.channels.matrix.store_lock import StoreLock


@dataclass(frozen=True)
class Reset:
    """How the reset went. `outcome`: `done` (device signed too), `unsigned` (published; the
    device gets signed at the next start), `in_use`, `no_session`, `unreadable`,
    `login_refused`, `unreachable`, or one of `Published`'s refusals."""

    outcome: str
    status: int = 0
    url: str = ""
    master: str = ""
    device_id: str = ""


async def reset_identity(config: MatrixConfig, within: float) -> Reset:
    """Replace the account's cross-signing identity, unless the bot runs on the store or the
    homeserver takes longer than `within` seconds."""
    try:
        session = SessionFile(config.store_path).load(config.user_id)
    except RuntimeError:
        return Reset("unreadable")
    if session is None:
        return Reset("no_session")
    lock = StoreLock(config.store_path)
    if not lock.alone():
        return Reset("in_use")
    try:
        return await asyncio.wait_for(_replace(config, session), within)
    except TimeoutError:
        return Reset("unreachable")
    finally:
        lock.release()


async def _replace(config: MatrixConfig, session: Session) -> Reset:
    client = AsyncClient(
        config.homeserver,
        config.user_id,
        store_path=str(config.store_path),
        config=AsyncClientConfig(encryption_enabled=True, store_sync_tokens=True),
    )
    try:
        client.restore_login(session.user_id, session.device_id, session.access_token)
        calls = Calls(client, backoff_start=config.backoff_start, backoff_max=config.backoff_max)
        if not isinstance(await calls.patient(client.whoami, "whoami"), WhoamiResponse):
            return Reset("login_refused")
        return await _publish_and_sign(client, Identity(calls, config.store_path, config.password))
    finally:
        await client.close()


async def _publish_and_sign(client: AsyncClient, identity: Identity) -> Reset:
    user_id, device_id = client.user_id, client.device_id
    status, known = await identity.calls.patient_raw(
        "POST", f"{KEYS}/query", {"device_keys": {user_id: [device_id]}}
    )
    if status != 200:
        return Reset("refused", status)
    keys = CrossSigningKeys.generate(user_id)
    identity.pending.save(keys)  # kept before upload: an upload never outlives its keys
    published = await identity.publish(keys)
    if published.outcome != "done":
        identity.pending.drop()
        return Reset(published.outcome, published.status, published.url)
    identity.pending.move_to(identity.file)
    master = public_key(keys.master)
    device = known.get("device_keys", {}).get(user_id, {}).get(device_id)
    if not isinstance(device, dict):
        return Reset("unsigned", master=master, device_id=device_id)
    # the master key is vouched for by the device too, when the store has the device's own key
    account = client.olm.account if client.olm is not None else None
    on_server = device.get("keys", {}).get(f"ed25519:{device_id}")
    own = account is not None and on_server == account.identity_keys["ed25519"]
    signer = account.sign if own and account is not None else None
    done = await identity.sign_device(keys, device, device_id, signer)
    return Reset("done" if done else "unsigned", master=master, device_id=device_id)
