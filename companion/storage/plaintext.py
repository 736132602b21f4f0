"""Decrypted bytes that are given back to the system part by part as they are parsed.

The store's plaintext is ~22 MB at 10,000 people. Held whole until the last table is parsed, it
sat on top of every parsed document at the peak of a start. In an anonymous mapping, the pages
of a table already parsed can be returned at once (``release``), so the peak follows the
largest table instead of the whole file.
"""

from __future__ import annotations

import mmap
from dataclasses import dataclass

_PAGE = mmap.PAGESIZE


@dataclass(frozen=True, slots=True)
class Plaintext:
    """``length`` bytes of ``buffer`` (an anonymous mapping, or plain ``bytes``)."""

    buffer: mmap.mmap | bytes
    length: int

    @classmethod
    def allocate(cls, length: int, *, room: int = 0) -> Plaintext:
        """Zeroed space for ``length`` bytes (and ``room`` more a writer may need)."""
        if hasattr(mmap, "MAP_PRIVATE"):
            # Private: a shared anonymous mapping keeps pages given back with madvise.
            flags = mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS
            return cls(mmap.mmap(-1, length + room, flags=flags), length)
        return cls(mmap.mmap(-1, length + room), length)

    @classmethod
    def of(cls, data: bytes) -> Plaintext:
        return cls(data, len(data))

    def startswith(self, prefix: bytes) -> bool:
        return self.length >= len(prefix) and self.buffer[: len(prefix)] == prefix

    def find(self, needle: bytes, start: int) -> int:
        return self.buffer.find(needle, start, self.length)

    def view(self) -> memoryview:
        """The bytes (release the view before ``close``)."""
        return memoryview(self.buffer)[: self.length]

    def writable(self) -> memoryview:
        """The whole space, to write into (release the view before ``close``)."""
        return memoryview(self.buffer)

    def release(self, start: int, stop: int) -> None:
        """Give back the whole pages inside ``[start, stop)``: they read as zeros afterwards."""
        if not isinstance(self.buffer, mmap.mmap) or not hasattr(self.buffer, "madvise"):
            return
        first = -(-start // _PAGE) * _PAGE
        last = stop // _PAGE * _PAGE
        if last > first:
            self.buffer.madvise(mmap.MADV_DONTNEED, first, last - first)

    def close(self) -> None:
        if isinstance(self.buffer, mmap.mmap):
            self.buffer.close()
