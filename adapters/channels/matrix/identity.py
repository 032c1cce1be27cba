"""The bot's cross-signing identity: its keys kept in the store, its device signed by them.

Clients that trust only devices cross-signed by their owner (Element's strict mode) neither
read the bot nor let it read them otherwise. The three ed25519 keys (master, self-signing,
user-signing) are made once, kept in `cross-signing.json` beside nio's key store (owner-only),
uploaded once, and every device of the bot (a new one after a lost store too) is signed by them.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from nio import Api

from adapters.channels.matrix.calls import Calls
from adapters.channels.matrix.session import read_owned

log = logging.getLogger("lagerfeuer.matrix")

IDENTITY_FILE = "cross-signing.json"
PENDING_FILE = "cross-signing.pending.json"
"""New keys of `lagerfeuer matrix reset-identity` until the homeserver has taken them."""
RESET_COMMAND = "lagerfeuer matrix reset-identity --yes"
RESTORE_COMMAND = "lagerfeuer matrix restore-identity"
ROLES = ("master", "self_signing", "user_signing")
KEYS = "/_matrix/client/v3/keys"

DeviceSigner = Callable[[str], str]
"""Signs canonical JSON with the device's own ed25519 key; returns the base64 signature."""


@dataclass(frozen=True)
class Published:
    """How publishing the keys went: `done`, `needs_password` (the server asks for a password
    that is not configured), `approve` (it asks for an approval other than a password, `url`
    where the server says to give it), `password_refused` or `refused` (with the `status`)."""

    outcome: str
    status: int = 200
    url: str = ""


def b64(data: bytes) -> str:
    """Matrix's unpadded standard base64."""
    return base64.b64encode(data).decode().rstrip("=")


def unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


def public_key(key: Ed25519PrivateKey) -> str:
    """The key's public half, as Matrix names it."""
    return b64(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def signed(obj: dict[str, Any], user_id: str, key_id: str, signature: str) -> dict[str, Any]:
    """`obj` with one more signature (others kept)."""
    signatures = {user: dict(sigs) for user, sigs in obj.get("signatures", {}).items()}
    signatures.setdefault(user_id, {})[key_id] = signature
    return {**obj, "signatures": signatures}


def signing_bytes(obj: dict[str, Any]) -> bytes:
    """What a Matrix signature covers: canonical JSON without `signatures` and `unsigned`."""
    bare = {k: v for k, v in obj.items() if k not in ("signatures", "unsigned")}
    canonical: str = Api.to_canonical_json(bare)
    return canonical.encode()


@dataclass(frozen=True)
class CrossSigningKeys:
    """The private cross-signing keys of one account."""

    user_id: str
    master: Ed25519PrivateKey
    self_signing: Ed25519PrivateKey
    user_signing: Ed25519PrivateKey

    @classmethod
    def generate(cls, user_id: str) -> CrossSigningKeys:
        return cls(user_id, *(Ed25519PrivateKey.generate() for _ in ROLES))

    def key(self, role: str) -> Ed25519PrivateKey:
        key: Ed25519PrivateKey = getattr(self, role)
        return key

    def sign(self, obj: dict[str, Any], role: str) -> dict[str, Any]:
        """`obj` signed by one of the keys."""
        key = self.key(role)
        signature = b64(key.sign(signing_bytes(obj)))
        return signed(obj, self.user_id, f"ed25519:{public_key(key)}", signature)

    def seed(self, role: str) -> str:
        """The private key of one role, as Matrix clients exchange it (unpadded base64)."""
        return b64(self.key(role).private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()))

    @classmethod
    def from_seeds(cls, user_id: str, seeds: dict[str, str]) -> CrossSigningKeys:
        """The keys from their seeds (raises ValueError when one is not a key)."""
        try:
            keys = [Ed25519PrivateKey.from_private_bytes(unb64(seeds[role])) for role in ROLES]
        except (KeyError, TypeError) as exc:
            raise ValueError("not a cross-signing key") from exc
        return cls(user_id, *keys)

    def public(self, role: str) -> dict[str, Any]:
        """The public key object of one role, signed by the master key (except the master)."""
        pub = public_key(self.key(role))
        obj: dict[str, Any] = {
            "user_id": self.user_id,
            "usage": [role],
            "keys": {f"ed25519:{pub}": pub},
        }
        return obj if role == "master" else self.sign(obj, "master")


class IdentityFile:
    """Reads and atomically writes `cross-signing.json` (file mode 0600)."""

    def __init__(self, folder: Path, name: str = IDENTITY_FILE) -> None:
        self.path = folder / name

    def load(self, user_id: str) -> CrossSigningKeys | None:
        """The kept keys of `user_id`; None when there are none (or for another account)."""
        data = read_owned(self.path, user_id)
        if data is None:
            return None
        return CrossSigningKeys.from_seeds(user_id, data)

    def save(self, keys: CrossSigningKeys) -> None:
        """Write the keys durably, readable by the owner only."""
        data = {"user_id": keys.user_id, **{role: keys.seed(role) for role in ROLES}}
        temporary = self.path.with_suffix(".tmp")
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)

    def move_to(self, other: IdentityFile) -> None:
        """Make these keys the ones `other` keeps (atomically)."""
        os.replace(self.path, other.path)

    def drop(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


class Identity:
    """Makes sure the account has our cross-signing identity and this device is signed by it."""

    def __init__(self, calls: Calls, folder: Path, password: str | None) -> None:
        self.calls = calls
        self.file = IdentityFile(folder)
        self.pending = IdentityFile(folder, PENDING_FILE)
        self.password = password

    async def ensure(self, user_id: str, device_id: str, sign_with_device: DeviceSigner) -> bool:
        """True when, afterwards, this device is cross-signed by the kept identity.

        `sign_with_device` signs with the device's own ed25519 key (nio's olm account), so
        the master key is vouched for by this device as Element does.
        """
        status, known = await self.own_keys(user_id, device_id)
        if status != 200:
            log.warning("matrix: cannot read the bot's own keys (%s); not cross-signed", status)
            return False
        server_master = master_public(known, user_id)
        keys = self.adopt_pending(user_id, server_master) or self.file.load(user_id)
        if keys is None and server_master is not None:
            log.warning(
                "matrix: the account has a cross-signing identity whose keys are not in "
                "LAGERFEUER_MATRIX_STORE; restore cross-signing.json from the store's backup, "
                "or stop the bot and bring them back with the recovery key (`%s`), or (neither "
                "kept) stop the bot and make a new identity with `%s`",
                RESTORE_COMMAND,
                RESET_COMMAND,
            )
            return False
        if keys is None:
            keys = CrossSigningKeys.generate(user_id)
            self.file.save(keys)  # kept before upload: an upload never outlives its keys
            log.info("matrix: created the bot's cross-signing identity")
        if server_master is None:
            if not await self.upload(keys):
                return False
        elif server_master != public_key(keys.master):
            log.warning(
                "matrix: the account's cross-signing identity is not the one in "
                "LAGERFEUER_MATRIX_STORE; restore the store's backup of that account, or "
                "(none kept) stop the bot and make a new identity with `%s`",
                RESET_COMMAND,
            )
            return False
        device = known.get("device_keys", {}).get(user_id, {}).get(device_id)
        if not isinstance(device, dict):
            log.warning("matrix: the bot's device keys are not on the homeserver yet")
            return False
        ssk_id = f"ed25519:{public_key(keys.self_signing)}"
        if ssk_id in device.get("signatures", {}).get(user_id, {}) and server_master is not None:
            return True
        return await self.sign_device(keys, device, device_id, sign_with_device)

    async def own_keys(self, user_id: str, device_id: str) -> tuple[int, dict[str, Any]]:
        """The homeserver's answer to /keys/query for the bot's account and this device."""
        return await self.calls.patient_raw(
            "POST", f"{KEYS}/query", {"device_keys": {user_id: [device_id]}}
        )

    def adopt_pending(self, user_id: str, server_master: str | None) -> CrossSigningKeys | None:
        """Keys of a reset that the server took but that were not moved in place yet (the
        command was stopped in between): they become the kept ones. Others the server never
        took are dropped."""
        pending = self.pending.load(user_id)
        if pending is None:
            return None
        if server_master != public_key(pending.master):
            self.pending.drop()
            return None
        self.pending.move_to(self.file)
        log.info("matrix: kept the cross-signing identity of an interrupted reset")
        return pending

    async def upload(self, keys: CrossSigningKeys) -> bool:
        """Publish a new identity at the first start; what stops it is logged."""
        published = await self.publish(keys)
        if published.outcome in ("needs_password", "approve"):
            log.warning(
                "matrix: the homeserver wants an interactive approval to publish the "
                "bot's identity; approve the cross-signing reset for the account, then restart"
            )
        elif published.outcome != "done":
            log.warning("matrix: publishing the bot's identity refused (%s)", published.status)
        else:
            log.info("matrix: published the bot's cross-signing identity")
        return published.outcome == "done"

    async def publish(self, keys: CrossSigningKeys) -> Published:
        """Upload the three public keys, with password auth when the server asks for it
        (Synapse does to replace an existing identity)."""
        body: dict[str, Any] = {
            "master_key": keys.public("master"),
            "self_signing_key": keys.public("self_signing"),
            "user_signing_key": keys.public("user_signing"),
        }
        path = f"{KEYS}/device_signing/upload"
        status, answer = await self.calls.patient_raw("POST", path, body)
        if status == 401 and "flows" in answer:
            if not _offers_password(answer):
                return Published("approve", status, _approval_url(answer))
            if not self.password:
                return Published("needs_password", status)
            body["auth"] = {
                "type": "m.login.password",
                "identifier": {"type": "m.id.user", "user": keys.user_id},
                "password": self.password,
                "session": answer.get("session"),
            }
            status, answer = await self.calls.patient_raw("POST", path, body)
            if status == 401:
                return Published("password_refused", status)
        if status != 200:
            return Published("refused", status)
        return Published("done")

    async def sign_device(
        self,
        keys: CrossSigningKeys,
        device: dict[str, Any],
        device_id: str,
        sign_with_device: DeviceSigner | None,
    ) -> bool:
        """Sign this device with the self-signing key, and the master key with this device
        (when its own key is at hand)."""
        master = keys.public("master")
        if sign_with_device is not None:
            by_device = sign_with_device(signing_bytes(master).decode())
            master = signed(master, keys.user_id, f"ed25519:{device_id}", by_device)
        body = {
            keys.user_id: {
                device_id: keys.sign(device, "self_signing"),
                public_key(keys.master): master,
            }
        }
        status, answer = await self.calls.patient_raw("POST", f"{KEYS}/signatures/upload", body)
        failures = answer.get("failures") or {}
        if status != 200 or device_id in failures.get(keys.user_id, {}):
            log.warning("matrix: signing the bot's device refused (%s)", status)
            return False
        log.info("matrix: device %s cross-signed", device_id)
        return True


def master_public(known: dict[str, Any], user_id: str) -> str | None:
    """The public master key that a /keys/query answer shows for `user_id`."""
    master = known.get("master_keys", {}).get(user_id)
    if not isinstance(master, dict):
        return None
    values = [v for v in (master.get("keys") or {}).values() if isinstance(v, str)]
    return values[0] if values else None


def _approval_url(answer: dict[str, Any]) -> str:
    """Where the server says to approve the reset (Matrix Authentication Service gives one)."""
    params = answer.get("params")
    for stage in params.values() if isinstance(params, dict) else ():
        url = stage.get("url") if isinstance(stage, dict) else None
        if isinstance(url, str) and url.startswith("https://"):
            return url
    return ""


def _offers_password(answer: dict[str, Any]) -> bool:
    return any(
        flow.get("stages") == ["m.login.password"]
        for flow in answer.get("flows", [])
        if isinstance(flow, dict)
    )
