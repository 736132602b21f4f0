"""The layer between serialized bytes and the file: where encryption slots in.

A ``Cipher`` turns the serialized store into the bytes on disk and back. The store and the
repositories never see which one is in use.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol


class Cipher(Protocol):
    def seal(self, plaintext: bytes) -> bytes:
        """Bytes to write to disk for ``plaintext``."""
        ...

    def seal_parts(self, parts: Iterable[bytes]) -> Iterator[bytes]:
        """What ``seal`` gives for the joined ``parts``, piece by piece, so that a 20 MB store
        is written without holding it two or three times over."""
        ...

    def open(self, sealed: bytes) -> bytes:
        """The plaintext of bytes read from disk; raises ``ValueError`` with a reason."""
        ...


class PlainCipher:
    """No encryption: the file is the JSON itself."""

    def seal(self, plaintext: bytes) -> bytes:
        return plaintext

    def seal_parts(self, parts: Iterable[bytes]) -> Iterator[bytes]:
        return iter(parts)

    def open(self, sealed: bytes) -> bytes:
        return sealed
