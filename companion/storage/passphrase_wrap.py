"""The data key wrapped with a passphrase: AES-GCM under a key derived with Scrypt, the key id
as associated data. The wrapped form is the ``passphrase`` entry of ``keys.json``."""

from __future__ import annotations

import base64
import os
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

#: Scrypt for new and changed passphrases; a key wrapped otherwise is re-wrapped by a writer.
#: OWASP's equivalent of N=2^17, r=8, p=1 (the same work) in half the memory: the 64 MiB the
#: derivation holds come on top of everything loaded before the store, and 128 MiB took an
#: unlock past the 200 MiB the app may use at any point.
SCRYPT_N = 2**16
SCRYPT_R = 8
SCRYPT_P = 2


def is_current(n: int, r: int, p: int) -> bool:
    """Whether a wrap made with ``n``, ``r``, ``p`` is as strong as today's and no bigger."""
    return n * p >= SCRYPT_N * SCRYPT_P and n * r <= SCRYPT_N * SCRYPT_R


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def wrap_key(data_key: bytes, key_id: bytes, passphrase: str) -> dict[str, Any]:
    salt = os.urandom(16)
    nonce = os.urandom(12)
    wrapping_key = derive(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    wrapped = AESGCM(wrapping_key).encrypt(nonce, data_key, key_id)
    return {
        "salt": b64(salt),
        "n": SCRYPT_N,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
        "nonce": b64(nonce),
        "wrapped_key": b64(wrapped),
    }


def unwrap_key(wrap: dict[str, Any], key_id: bytes, passphrase: str) -> bytes:
    """The data key; raises ``InvalidTag`` for a wrong passphrase and ``KeyError``,
    ``TypeError`` or ``ValueError`` for a damaged entry (the caller names them)."""
    wrapping_key = derive(
        passphrase, unb64(wrap["salt"]), int(wrap["n"]), int(wrap["r"]), int(wrap["p"])
    )
    return AESGCM(wrapping_key).decrypt(unb64(wrap["nonce"]), unb64(wrap["wrapped_key"]), key_id)
