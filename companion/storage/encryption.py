"""Authenticated encryption of the store and its backups (AES-256-GCM).

Sealed layout: ``MAGIC (8) | key id (16) | nonce (12) | ciphertext + tag``. The header is the
associated data, so changing any byte of the file is detected. The key id tells "this file was
sealed with another key" (wrong passphrase, other data folder) apart from "this file was changed".
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from companion.i18n import _

MAGIC = b"CGSEAL1\x00"
KEY_ID_SIZE = 16
NONCE_SIZE = 12
KEY_SIZE = 32
_HEADER_SIZE = len(MAGIC) + KEY_ID_SIZE
#: How much ``seal_parts`` encrypts at a time.
SEAL_SLICE = 1024 * 1024


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=KEY_SIZE * 8)


def new_key_id() -> bytes:
    return os.urandom(KEY_ID_SIZE)


def is_sealed(data: bytes) -> bool:
    return data.startswith(MAGIC)


class AesGcmCipher:
    """Seals bytes with the data key; ``open`` raises ``ValueError`` with a plain reason."""

    def __init__(self, key: bytes, key_id: bytes) -> None:
        if len(key) != KEY_SIZE or len(key_id) != KEY_ID_SIZE:
            raise ValueError("bad key material")
        self._aead = AESGCM(key)
        self._key = key
        self._key_id = key_id

    @property
    def key_id(self) -> bytes:
        return self._key_id

    def seal(self, plaintext: bytes) -> bytes:
        header = MAGIC + self._key_id
        nonce = os.urandom(NONCE_SIZE)
        return header + nonce + self._aead.encrypt(nonce, plaintext, header)

    def seal_parts(self, parts: Iterable[bytes]) -> Iterator[bytes]:
        """The same bytes as ``seal(b"".join(parts))`` (AES-GCM is a stream cipher with the tag
        at the end), one part at a time."""
        header = MAGIC + self._key_id
        nonce = os.urandom(NONCE_SIZE)
        encryptor = Cipher(algorithms.AES(self._key), modes.GCM(nonce)).encryptor()
        encryptor.authenticate_additional_data(header)
        yield header + nonce
        for part in parts:
            view = memoryview(part)
            # In slices, so a 10 MB table never has a 10 MB ciphertext beside it.
            for start in range(0, len(view), SEAL_SLICE):
                yield encryptor.update(view[start : start + SEAL_SLICE])
        yield encryptor.finalize() + encryptor.tag

    def open(self, sealed: bytes) -> bytes:
        if not is_sealed(sealed):
            raise ValueError(_("it is not encrypted, although your data is kept encrypted"))
        if len(sealed) < _HEADER_SIZE + NONCE_SIZE + 16:
            raise ValueError(_("it is cut short"))
        header = sealed[:_HEADER_SIZE]
        if header[len(MAGIC) :] != self._key_id:
            raise ValueError(_("it was encrypted with a different key"))
        nonce = sealed[_HEADER_SIZE : _HEADER_SIZE + NONCE_SIZE]
        try:
            # A view, not a slice: a slice would copy the whole (20 MB) ciphertext once more.
            ciphertext = memoryview(sealed)[_HEADER_SIZE + NONCE_SIZE :]
            return self._aead.decrypt(nonce, ciphertext, header)
        except InvalidTag as error:
            raise ValueError(_("it has been damaged or changed outside Common Ground")) from error
