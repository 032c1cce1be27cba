"""Secret storage as Matrix clients keep it, so a recovery key can bring the bot's identity back.

Element keeps an account's cross-signing keys in its account data, encrypted under a key only
the owner holds (`m.secret_storage.v1.aes-hmac-sha2`), and shows that key as a "recovery key".
This module is that format and nothing more: the key's encoding, its check value, and the
encryption of one secret, all with the `cryptography` package.
"""

from __future__ import annotations

import base64
import hmac
import os
from hashlib import sha256

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

ALGORITHM = "m.secret_storage.v1.aes-hmac-sha2"
DEFAULT_KEY = "m.secret_storage.default_key"
KEY_PREFIX = "m.secret_storage.key."
SECRETS = {
    "master": "m.cross_signing.master",
    "self_signing": "m.cross_signing.self_signing",
    "user_signing": "m.cross_signing.user_signing",
}
"""The account-data type of each cross-signing key's secret."""

KEY_SIZE = 32
_RECOVERY_PREFIX = bytes([0x8B, 0x01])
_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def new_key() -> bytes:
    return os.urandom(KEY_SIZE)


def encode_recovery_key(key: bytes) -> str:
    """The key as Element shows it: base58 of prefix, key and parity byte, in groups of four."""
    raw = _RECOVERY_PREFIX + key
    parity = 0
    for byte in raw:
        parity ^= byte
    text = _base58(raw + bytes([parity]))
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def decode_recovery_key(text: str) -> bytes | None:
    """The key a recovery key holds; None when `text` is not one (a typo breaks its parity)."""
    digits = "".join(text.split())
    number = 0
    for char in digits:
        index = _BASE58.find(char)
        if index < 0:
            return None
        number = number * 58 + index
    leading = len(digits) - len(digits.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    raw = bytes(leading) + body
    parity = 0
    for byte in raw:
        parity ^= byte
    size = len(_RECOVERY_PREFIX) + KEY_SIZE + 1
    if len(raw) != size or parity != 0 or not raw.startswith(_RECOVERY_PREFIX):
        return None
    return raw[len(_RECOVERY_PREFIX) : -1]


def encrypt(secret: str, key: bytes, name: str, iv: bytes | None = None) -> dict[str, str]:
    """One secret encrypted for account data type `name`: `iv`, `ciphertext`, `mac`."""
    if iv is None:
        fresh = bytearray(os.urandom(16))
        fresh[8] &= 0x7F  # as Element does: the 64-bit counter never wraps
        iv = bytes(fresh)
    aes_key, mac_key = _derive(key, name)
    encryptor = Cipher(algorithms.AES(aes_key), modes.CTR(iv)).encryptor()
    ciphertext = encryptor.update(secret.encode()) + encryptor.finalize()
    mac = hmac.new(mac_key, ciphertext, sha256).digest()
    return {"iv": _b64(iv), "ciphertext": _b64(ciphertext), "mac": _b64(mac)}


def decrypt(item: object, key: bytes, name: str) -> str | None:
    """The secret in `item`, or None when it is malformed or was not made with `key`."""
    if not isinstance(item, dict):
        return None
    try:
        iv, ciphertext, mac = (_unb64(item[field]) for field in ("iv", "ciphertext", "mac"))
    except (KeyError, TypeError, ValueError):
        return None
    aes_key, mac_key = _derive(key, name)
    expected = hmac.new(mac_key, ciphertext, sha256).digest()
    if len(iv) != 16 or not hmac.compare_digest(expected, mac):
        return None
    decryptor = Cipher(algorithms.AES(aes_key), modes.CTR(iv)).decryptor()
    try:
        return (decryptor.update(ciphertext) + decryptor.finalize()).decode()
    except UnicodeDecodeError:
        return None


def key_description(key: bytes) -> dict[str, str]:
    """The public description of a new key: its algorithm and the check value clients test
    a typed recovery key against."""
    check = encrypt("\0" * KEY_SIZE, key, "")
    return {"algorithm": ALGORITHM, "iv": check["iv"], "mac": check["mac"]}


def key_matches(key: bytes, description: object) -> bool:
    """Whether `key` is the key `description` describes."""
    if not isinstance(description, dict) or description.get("algorithm") != ALGORITHM:
        return False
    iv = description.get("iv")
    mac = description.get("mac")
    if not isinstance(iv, str) or not isinstance(mac, str):
        return False
    try:
        check = encrypt("\0" * KEY_SIZE, key, "", _unb64(iv))
    except ValueError:
        return False
    return hmac.compare_digest(check["mac"].rstrip("="), mac.rstrip("="))


def _derive(key: bytes, name: str) -> tuple[bytes, bytes]:
    derived = HKDF(algorithm=hashes.SHA256(), length=64, salt=bytes(32), info=name.encode()).derive(
        key
    )
    return derived[:32], derived[32:]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise TypeError("not base64 text")
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


def _base58(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    digits = ""
    while number:
        number, rest = divmod(number, 58)
        digits = _BASE58[rest] + digits
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + digits
