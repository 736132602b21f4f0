"""The append-only journal beside the store file: one sealed entry per acknowledged change.

Rewriting a 10,000-person store on every keystroke-sized change costs tens of milliseconds; an
append of the change plus ``fdatasync`` costs one or two. The journal belongs to one generation
of the store file (its header says which); compaction writes a new store file with the next
generation and starts an empty journal, so a journal left over from an older generation is
never replayed on top of a newer store.

Layout: ``MAGIC (8) | generation (8, big-endian)`` then entries ``length (4) | sealed JSON``.
Each entry holds its sequence number, so a reordered or spliced journal fails to replay.
"""

from __future__ import annotations

import contextlib
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from companion.i18n import _
from companion.storage.atomic import atomic_write_bytes
from companion.storage.ciphers import Cipher
from companion.storage.errors import StoreCorruptError

MAGIC = b"CGJRNL1\x00"
_HEADER = struct.Struct(">8sQ")
_LENGTH = struct.Struct(">I")
MAX_ENTRY_BYTES = 1 << 30

#: One change: per table, the documents put (whole) and the keys deleted; dropped tables.
Operations = dict[str, Any]


@dataclass(frozen=True, slots=True)
class JournalContents:
    generation: int
    entries: list[Operations]
    #: Bytes of the file that hold complete, valid entries (a torn tail lies beyond).
    valid_length: int


def journal_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".journal")


def read_journal(path: Path, cipher: Cipher) -> JournalContents | None:
    """The valid entries of the journal; a torn last entry (a crash mid-append) is ignored."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StoreCorruptError(path, error.strerror or str(error)) from error
    if len(data) < _HEADER.size:
        # A crash while the empty journal was being created: nothing was ever acknowledged in it.
        return None
    magic, generation = _HEADER.unpack_from(data)
    if magic != MAGIC:
        raise StoreCorruptError(path, _("it is not a Common Ground journal"))
    entries: list[Operations] = []
    offset = _HEADER.size
    while offset < len(data):
        if offset + _LENGTH.size > len(data):
            break
        (length,) = _LENGTH.unpack_from(data, offset)
        end = offset + _LENGTH.size + length
        if end > len(data) or length > MAX_ENTRY_BYTES:
            break
        try:
            entry = orjson.loads(cipher.open(data[offset + _LENGTH.size : end]))
        except (ValueError, orjson.JSONDecodeError) as error:
            if end == len(data):
                break  # the last entry was being written when the process died
            raise StoreCorruptError(
                path,
                _("entry {number} is damaged ({reason})").format(
                    number=len(entries) + 1, reason=error
                ),
            ) from error
        if not isinstance(entry, dict) or entry.get("seq") != len(entries):
            raise StoreCorruptError(path, _("its entries are out of order"))
        entries.append(entry)
        offset = end
    return JournalContents(generation, entries, offset)


def apply_entry(tables: dict[str, dict[str, Any]], entry: Operations) -> None:
    for name in entry.get("drop", []):
        tables.pop(name, None)
    for name, changes in entry.get("tables", {}).items():
        table = tables.setdefault(name, {})
        for key in changes.get("del", []):
            table.pop(key, None)
        table.update(changes.get("put", {}))


class JournalWriter:
    """Appends entries durably to the journal of one generation."""

    def __init__(
        self, path: Path, cipher: Cipher, generation: int, *, next_seq: int, length: int
    ) -> None:
        self._path = path
        self._cipher = cipher
        self.generation = generation
        self._next_seq = next_seq
        self._length = length
        self._descriptor: int | None = None

    @classmethod
    def start(cls, path: Path, cipher: Cipher, generation: int) -> JournalWriter:
        """A new, empty journal for ``generation`` (replacing any older one atomically)."""
        atomic_write_bytes(path, _HEADER.pack(MAGIC, generation))
        return cls(path, cipher, generation, next_seq=0, length=_HEADER.size)

    @property
    def entry_count(self) -> int:
        return self._next_seq

    @property
    def size(self) -> int:
        return self._length

    def append(self, operations: Operations) -> None:
        """Write one entry and wait until it is on disk; on error, leave no partial entry."""
        payload = self._cipher.seal(orjson.dumps({**operations, "seq": self._next_seq}))
        record = _LENGTH.pack(len(payload)) + payload
        descriptor = self._open()
        try:
            view = memoryview(record)
            while view:
                view = view[os.write(descriptor, view) :]
            _sync(descriptor)
        except OSError:
            # Cut the half-written entry off so the next append starts on a clean boundary.
            with contextlib.suppress(OSError):
                os.ftruncate(descriptor, self._length)
            self.close()
            raise
        self._length += len(record)
        self._next_seq += 1

    def _open(self) -> int:
        if self._descriptor is None:
            self._descriptor = os.open(
                self._path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_BINARY", 0)
            )
            # Drop whatever a crash left after the last complete entry.
            os.ftruncate(self._descriptor, self._length)
        return self._descriptor

    def close(self) -> None:
        if self._descriptor is not None:
            with contextlib.suppress(OSError):
                os.close(self._descriptor)
            self._descriptor = None


def _sync(descriptor: int) -> None:
    sync = getattr(os, "fdatasync", os.fsync)
    sync(descriptor)
