"""The layer between serialized bytes and the file: where encryption slots in.

A ``Cipher`` turns the serialized store into the bytes on disk and back. The store and the
repositories never see which one is in use.
"""

from __future__ import annotations

from typing import Protocol


class Cipher(Protocol):
    def seal(self, plaintext: bytes) -> bytes:
        """Bytes to write to disk for ``plaintext``."""
        ...

    def open(self, sealed: bytes) -> bytes:
        """The plaintext of bytes read from disk; raises ``ValueError`` with a reason."""
        ...


class PlainCipher:
    """No encryption: the file is the JSON itself."""

    def seal(self, plaintext: bytes) -> bytes:
        return plaintext

    def open(self, sealed: bytes) -> bytes:
        return sealed
