"""The layer between serialized bytes and the file: where encryption slots in.

A ``Cipher`` turns the serialized store into the bytes on disk and back. The store and the
repositories never see which one is in use. Each blob is sealed with a ``Binding`` (its role,
generation and sequence number) that an authenticating cipher makes part of the associated data.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

from companion.storage.encryption import Binding
from companion.storage.plaintext import Plaintext


class Cipher(Protocol):
    @property
    def authenticates(self) -> bool:
        """Whether ``open`` detects any change to a blob (and verifies its binding)."""
        ...

    def seal(self, plaintext: bytes, binding: Binding) -> bytes:
        """Bytes to write to disk for ``plaintext``."""
        ...

    def seal_parts(self, parts: Iterable[bytes], binding: Binding) -> Iterator[bytes]:
        """What ``seal`` gives for the joined ``parts``, piece by piece, so that a 20 MB store
        is written without holding it two or three times over."""
        ...

    def open(self, sealed: bytes, expected: Binding) -> bytes:
        """The plaintext of bytes read from disk; raises ``ValueError`` with a reason."""
        ...

    def open_bound(self, sealed: bytes) -> tuple[Binding | None, bytes]:
        """The verified binding (``None`` when the blob has none) and the plaintext."""
        ...

    def open_file(self, path: Path) -> tuple[Binding | None, Plaintext]:
        """What ``open_bound`` gives for the file at ``path``, without holding its sealed
        bytes and the plaintext at once where the cipher can avoid it."""
        ...


class PlainCipher:
    """No encryption: the file is the JSON itself (tests, and stores from before encryption)."""

    authenticates = False

    def seal(self, plaintext: bytes, binding: Binding) -> bytes:
        return plaintext

    def seal_parts(self, parts: Iterable[bytes], binding: Binding) -> Iterator[bytes]:
        return iter(parts)

    def open(self, sealed: bytes, expected: Binding) -> bytes:
        return sealed

    def open_bound(self, sealed: bytes) -> tuple[Binding | None, bytes]:
        return None, sealed

    def open_file(self, path: Path) -> tuple[Binding | None, Plaintext]:
        return None, Plaintext.of(path.read_bytes())
