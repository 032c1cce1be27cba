"""The bot's saved device, used by an operator command while the bot is stopped.

`matrix reset-identity`, `matrix recovery-key` and `matrix restore-identity` act as the bot's
own device over its own store: the store locked against a running bot, the saved login
restored and checked, the homeserver given a deadline. This is that frame, once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from nio import AsyncClient, AsyncClientConfig, WhoamiResponse

from adapters.channels.matrix.calls import Calls
from adapters.channels.matrix.client import MatrixConfig
from adapters.channels.matrix.identity import CrossSigningKeys, Identity
from adapters.channels.matrix.session import Session, SessionFile
from adapters.channels.matrix.store_lock import StoreLock


@dataclass(frozen=True)
class Outcome:
    """How a command went. `outcome` names its line: the frame's own are `in_use`,
    `no_session`, `unreadable`, `login_refused` and `unreachable`; each command adds its own."""

    outcome: str
    status: int = 0
    url: str = ""
    master: str = ""
    device_id: str = ""
    recovery_key: str = ""


Work = Callable[[AsyncClient, Identity], Awaitable[Outcome]]


async def as_saved_device(config: MatrixConfig, within: float, work: Work) -> Outcome:
    """Run `work` as the bot's saved device, unless the bot runs on the store or the
    homeserver takes longer than `within` seconds."""
    try:
        session = SessionFile(config.store_path).load(config.user_id)
    except RuntimeError:
        return Outcome("unreadable")
    if session is None:
        return Outcome("no_session")
    lock = StoreLock(config.store_path)
    if not lock.alone():
        return Outcome("in_use")
    try:
        return await asyncio.wait_for(_logged_in(config, session, work), within)
    except TimeoutError:
        return Outcome("unreachable")
    finally:
        lock.release()


async def _logged_in(config: MatrixConfig, session: Session, work: Work) -> Outcome:
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
            return Outcome("login_refused")
        return await work(client, Identity(calls, config.store_path, config.password))
    finally:
        await client.close()


async def sign_saved_device(
    client: AsyncClient, identity: Identity, keys: CrossSigningKeys, known: dict[str, Any]
) -> bool:
    """Sign the saved device (as `known`, the answer of /keys/query, shows it) with `keys`;
    the master key is vouched for by the device too when the store has the device's own key."""
    user_id, device_id = client.user_id, client.device_id
    device = known.get("device_keys", {}).get(user_id, {}).get(device_id)
    if not isinstance(device, dict):
        return False
    account = client.olm.account if client.olm is not None else None
    on_server = device.get("keys", {}).get(f"ed25519:{device_id}")
    own = account is not None and on_server == account.identity_keys["ed25519"]
    signer = account.sign if own and account is not None else None
    return await identity.sign_device(keys, device, device_id, signer)
