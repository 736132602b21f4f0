"""Authenticated encryption of the store, its journal and its backups (AES-256-GCM).

Sealed layout: ``MAGIC (8) | key id (16) | binding length (2) | binding | nonce (12) |
ciphertext + tag``. Everything before the nonce is the associated data, so changing any byte of
the file is detected. The key id tells "this file was sealed with another key" (wrong
passphrase, other data folder) apart from "this file was changed". The binding names what the
blob is (the store, a journal entry, a backup…), the store generation it belongs to and, for a
journal entry, its sequence number: a blob moved to another role or place (a backup copied
over the store, an old journal put back, entries spliced) no longer reads as what it claims.

Blobs sealed before bindings existed (``LEGACY_MAGIC``, the header alone as associated data)
still open; they come back without a binding and are rewritten at the next compaction.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from companion.i18n import _
from companion.storage.plaintext import Plaintext

LEGACY_MAGIC = b"CGSEAL1\x00"
MAGIC = b"CGSEAL2\x00"
KEY_ID_SIZE = 16
NONCE_SIZE = 12
KEY_SIZE = 32
TAG_SIZE = 16
_HEADER_SIZE = len(MAGIC) + KEY_ID_SIZE
_BINDING_LENGTH = struct.Struct(">H")
_MAX_BINDING = 200


class Role(StrEnum):
    """What a sealed blob is; part of its associated data."""

    STORE = "store"
    JOURNAL = "journal"
    ENTRY = "entry"
    BACKUP = "backup"
    BACKUP_META = "backup-meta"


@dataclass(frozen=True, slots=True)
class Binding:
    """Where a sealed blob belongs: its role, the store generation and its sequence number."""

    role: Role
    generation: int = 0
    seq: int = 0

    def encode(self) -> bytes:
        return f"{self.role.value}:{self.generation}:{self.seq}".encode("ascii")

    @classmethod
    def decode(cls, data: bytes) -> Binding:
        try:
            role, generation, seq = data.decode("ascii").split(":")
            return cls(Role(role), int(generation), int(seq))
        except ValueError as error:
            raise ValueError(_("its label is damaged")) from error


#: How much ``seal_parts`` encrypts at a time.
SEAL_SLICE = 1024 * 1024


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=KEY_SIZE * 8)


def new_key_id() -> bytes:
    return os.urandom(KEY_ID_SIZE)


def is_sealed(data: bytes) -> bool:
    return data.startswith(MAGIC) or data.startswith(LEGACY_MAGIC)


def read_binding(sealed: bytes) -> Binding | None:
    """The binding a blob claims, before it is checked (``None``: none readable)."""
    if not sealed.startswith(MAGIC) or len(sealed) < _HEADER_SIZE + _BINDING_LENGTH.size:
        return None
    (length,) = _BINDING_LENGTH.unpack_from(sealed, _HEADER_SIZE)
    start = _HEADER_SIZE + _BINDING_LENGTH.size
    try:
        return Binding.decode(sealed[start : start + length])
    except ValueError:
        return None


class AesGcmCipher:
    """Seals bytes with the data key; ``open`` raises ``ValueError`` with a plain reason."""

    authenticates = True

    def __init__(self, key: bytes, key_id: bytes) -> None:
        if len(key) != KEY_SIZE or len(key_id) != KEY_ID_SIZE:
            raise ValueError("bad key material")
        self._aead = AESGCM(key)
        self._key = key
        self._key_id = key_id

    @property
    def key_id(self) -> bytes:
        return self._key_id

    def _header(self, binding: Binding) -> bytes:
        label = binding.encode()
        return MAGIC + self._key_id + _BINDING_LENGTH.pack(len(label)) + label

    def seal(self, plaintext: bytes, binding: Binding) -> bytes:
        header = self._header(binding)
        nonce = os.urandom(NONCE_SIZE)
        return header + nonce + self._aead.encrypt(nonce, plaintext, header)

    def seal_parts(self, parts: Iterable[bytes], binding: Binding) -> Iterator[bytes]:
        """The same bytes as ``seal(b"".join(parts))`` (AES-GCM is a stream cipher with the tag
        at the end), one part at a time."""
        header = self._header(binding)
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

    def open(self, sealed: bytes, expected: Binding) -> bytes:
        """The plaintext of a blob sealed with ``expected`` (or before bindings existed)."""
        binding, plaintext = self.open_bound(sealed)
        if binding is not None and binding != expected:
            raise ValueError(describe_mismatch(binding, expected))
        return plaintext

    def _header_end(self, sealed: bytes, size: int) -> int:
        """Where the header of a blob of ``size`` bytes starting with ``sealed`` ends (the nonce
        follows); raises ``ValueError`` with the reason it cannot be opened."""
        legacy = sealed.startswith(LEGACY_MAGIC)
        if not legacy and not sealed.startswith(MAGIC):
            raise ValueError(_("it is not encrypted, although your data is kept encrypted"))
        if size < _HEADER_SIZE + NONCE_SIZE + TAG_SIZE:
            raise ValueError(_("it is cut short"))
        if sealed[len(MAGIC) : _HEADER_SIZE] != self._key_id:
            raise ValueError(_("it was encrypted with a different key"))
        if legacy:
            return _HEADER_SIZE
        length = int(_BINDING_LENGTH.unpack_from(sealed, _HEADER_SIZE)[0])
        end = _HEADER_SIZE + _BINDING_LENGTH.size + length
        if length > _MAX_BINDING or size < end + NONCE_SIZE + TAG_SIZE:
            raise ValueError(_("it has been damaged or changed outside Common Ground"))
        return end

    @staticmethod
    def _binding(header: bytes) -> Binding | None:
        if header.startswith(LEGACY_MAGIC):
            return None
        return Binding.decode(header[_HEADER_SIZE + _BINDING_LENGTH.size :])

    def open_file(self, path: Path) -> tuple[Binding | None, Plaintext]:
        """What ``open_bound(path.read_bytes())`` gives, decrypted while the file is read.

        The ciphertext is never held whole beside the plaintext (at 10,000 people that was
        22 MB more at the peak of every start). The plaintext lands in an anonymous mapping
        so the reader can give its pages back as soon as it has parsed them
        (``table_layout.decode_tables``). Nothing is returned unless the tag verified.
        """
        with path.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            head = file.read(_HEADER_SIZE + _BINDING_LENGTH.size + _MAX_BINDING + NONCE_SIZE)
            end = self._header_end(head, size)
            header, nonce = head[:end], head[end : end + NONCE_SIZE]
            length = size - end - NONCE_SIZE - TAG_SIZE
            decryptor = Cipher(algorithms.AES(self._key), modes.GCM(nonce)).decryptor()
            decryptor.authenticate_additional_data(header)
            # update_into wants room for a block more than it is given.
            plaintext = Plaintext.allocate(length, room=16)
            file.seek(end + NONCE_SIZE)
            chunk = bytearray(SEAL_SLICE)
            done = 0
            try:
                with plaintext.writable() as target, memoryview(chunk) as source:
                    while done < length:
                        count = file.readinto(source[: min(SEAL_SLICE, length - done)])
                        if not count:
                            raise ValueError(_("it is cut short"))
                        done += decryptor.update_into(source[:count], target[done:])
                tag = file.read(TAG_SIZE)
                if len(tag) != TAG_SIZE:
                    raise ValueError(_("it is cut short"))
                decryptor.finalize_with_tag(tag)
            except InvalidTag as error:
                plaintext.close()
                raise ValueError(
                    _("it has been damaged or changed outside Common Ground")
                ) from error
            except BaseException:
                plaintext.close()
                raise
        # The block of room at the end stays zero: readers take ``length`` bytes.
        return self._binding(header), plaintext

    def open_bound(self, sealed: bytes) -> tuple[Binding | None, bytes]:
        """The verified binding (``None`` for a blob sealed before bindings) and plaintext."""
        legacy = sealed.startswith(LEGACY_MAGIC)
        end = self._header_end(sealed, len(sealed))
        binding: Binding | None = None
        header = sealed[:end]
        nonce = sealed[end : end + NONCE_SIZE]
        try:
            # A view, not a slice: a slice would copy the whole (20 MB) ciphertext once more.
            ciphertext = memoryview(sealed)[end + NONCE_SIZE :]
            plaintext = self._aead.decrypt(nonce, ciphertext, header)
        except InvalidTag as error:
            raise ValueError(_("it has been damaged or changed outside Common Ground")) from error
        if not legacy:
            # Authentic from here on: the label was part of the associated data.
            binding = Binding.decode(header[_HEADER_SIZE + _BINDING_LENGTH.size :])
        return binding, plaintext


def describe_mismatch(found: Binding, expected: Binding) -> str:
    """Why an authentic blob is not the one expected at this place, in words."""
    if found.role is not expected.role:
        if found.role is Role.BACKUP and expected.role is Role.STORE:
            return _("it is a backup copied in place of the data file")
        return _("it is a {found} file in place of a {expected} file").format(
            found=found.role.value, expected=expected.role.value
        )
    if found.generation != expected.generation:
        return _(
            "it belongs to an older or newer state of your data (generation {found}, "
            "expected {expected})"
        ).format(found=found.generation, expected=expected.generation)
    return _("its parts are out of order")
