"""The append-only journal beside the store file: one sealed entry per acknowledged change.

Rewriting a 10,000-person store on every keystroke-sized change costs tens of milliseconds; an
append of the change plus ``fdatasync`` costs one or two. The journal belongs to one generation
of the store file; compaction writes a new store file with the next generation and starts an
empty journal, so a journal left over from an older generation is never replayed on top of a
newer store, and a journal newer than the store says the store was replaced by an older copy.

Layout: ``MAGIC (8) | generation (8) | sealed header length (4) | sealed header``, then entries
``ENTRY_MARK (4) | length (4) | CRC-32 of the length (4) | sealed entry``. The sealed header
and every entry are bound to the generation (and each entry to its sequence number) through the
cipher's associated data, so a changed generation, a reordered or spliced journal or an entry
from another journal is detected. Only an entry that runs past the end of the file counts as
a torn append (the process died while writing it); its length is trusted only when its CRC
matches, so a flipped bit in a length cannot pass for a torn write. When an entry is damaged,
reading goes on at the next entry that verifies: later acknowledged changes are never dropped
for an earlier damaged one, and what could not be read is counted.

Journals written before this layout (``LEGACY_MAGIC``) are still read; the store is rewritten
in the new layout at its next compaction.
"""

from __future__ import annotations

import contextlib
import os
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from companion.i18n import _
from companion.storage.atomic import atomic_write_bytes
from companion.storage.ciphers import Cipher
from companion.storage.encryption import Binding, Role
from companion.storage.errors import StoreCorruptError

LEGACY_MAGIC = b"CGJRNL1\x00"
MAGIC = b"CGJRNL2\x00"
ENTRY_MARK = b"CGJE"
_LEGACY_HEADER = struct.Struct(">8sQ")
_HEADER = struct.Struct(">8sQI")
_FRAME = struct.Struct(">4sII")
_LENGTH = struct.Struct(">I")
_MAX_SEALED_HEADER = 1024
MAX_ENTRY_BYTES = 1 << 30
MAX_GENERATION = 1 << 62

#: One change: per table, the documents put (whole) and the keys deleted; dropped tables.
Operations = dict[str, Any]


@dataclass(frozen=True, slots=True)
class JournalDamage:
    """What reading a damaged journal could not use."""

    reasons: list[str]
    #: Entries known to be lost (at least one when the damage reaches the end of the file).
    lost: int


@dataclass(frozen=True, slots=True)
class JournalContents:
    generation: int
    entries: list[Operations]
    #: Bytes of the file that hold complete, valid entries (a torn tail lies beyond).
    valid_length: int
    #: Written before bindings: read, never appended to.
    legacy: bool = False
    damage: JournalDamage | None = None
    #: Whether the header verified (when not, ``generation`` is the one the store expected).
    header_ok: bool = field(default=True)


def journal_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".journal")


def _frame_check(length: int) -> int:
    return zlib.crc32(_LENGTH.pack(length))


def peek_generation(path: Path) -> int | None:
    """The generation a journal's header claims, unverified (``None``: none readable)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEADER.size)
    except OSError:
        return None
    if head.startswith((MAGIC, LEGACY_MAGIC)) and len(head) >= _LEGACY_HEADER.size:
        generation = int(_LEGACY_HEADER.unpack_from(head)[1])
        # Unverified: a damaged one could be near the top of the range, with no room above.
        return generation if generation < MAX_GENERATION else None
    return None


def _header_bytes(cipher: Cipher, generation: int) -> bytes:
    sealed = cipher.seal(b"", Binding(Role.JOURNAL, generation))
    return _HEADER.pack(MAGIC, generation, len(sealed)) + sealed


def read_journal(path: Path, cipher: Cipher, expected: int) -> JournalContents | None:
    """The journal beside a store of generation ``expected``; ``None`` when there is none.

    A journal of another generation comes back without its entries (the caller decides); a
    damaged one comes back with every entry that verifies and a ``damage`` report.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StoreCorruptError(path, error.strerror or str(error)) from error
    if data.startswith(LEGACY_MAGIC):
        return _read_legacy(path, data, cipher)
    generation, start = _read_header(data, cipher)
    if generation is not None and generation != expected:
        return JournalContents(generation, [], len(data))
    reader = _EntryReader(data, cipher, expected)
    if generation is None:
        reader.reasons.append(_("its header is damaged"))
        start = data.find(ENTRY_MARK)
        start = len(data) if start < 0 else start
    reader.read_from(start)
    damage = JournalDamage(reader.reasons, reader.lost) if reader.reasons else None
    return JournalContents(
        expected,
        reader.entries,
        reader.valid_length,
        damage=damage,
        header_ok=generation is not None,
    )


def _read_header(data: bytes, cipher: Cipher) -> tuple[int | None, int]:
    """The verified generation and where the entries start (``None`` if the header is bad)."""
    if len(data) < _HEADER.size or not data.startswith(MAGIC):
        return None, 0
    _magic, generation, sealed_length = _HEADER.unpack_from(data)
    end = _HEADER.size + sealed_length
    if sealed_length > _MAX_SEALED_HEADER or end > len(data):
        return None, 0
    if cipher.authenticates:
        try:
            cipher.open(data[_HEADER.size : end], Binding(Role.JOURNAL, generation))
        except ValueError:
            return None, 0
    return generation, end


class _EntryReader:
    def __init__(self, data: bytes, cipher: Cipher, generation: int) -> None:
        self._data = data
        self._cipher = cipher
        self._generation = generation
        self.entries: list[Operations] = []
        self.reasons: list[str] = []
        self.lost = 0
        self.valid_length = 0

    def read_from(self, offset: int) -> None:
        data = self._data
        self.valid_length = offset
        while offset < len(data):
            if len(data) - offset < _FRAME.size:
                break  # a frame cut short: the process died while appending it
            mark, length, check = _FRAME.unpack_from(data, offset)
            end = offset + _FRAME.size + length
            reason: str | None = None
            if mark != ENTRY_MARK or check != _frame_check(length):
                reason = _("its frame is damaged")
            elif end > len(data):
                break  # a complete frame whose entry runs past the end: a torn append
            else:
                entry = self._open(data[offset + _FRAME.size : end], len(self.entries) + self.lost)
                if isinstance(entry, str):
                    reason = entry
                else:
                    self.entries.append(entry)
                    offset = end
                    if not self.reasons:
                        self.valid_length = end
                    continue
            expected_seq = len(self.entries) + self.lost
            self.reasons.append(
                _("entry {number} is damaged ({reason})").format(
                    number=expected_seq + 1, reason=reason
                )
            )
            offset = self._resync(offset + 1, expected_seq)

    def _open(self, sealed: bytes, seq: int) -> Operations | str:
        try:
            plaintext = self._cipher.open(sealed, Binding(Role.ENTRY, self._generation, seq))
            entry = orjson.loads(plaintext)
        except (ValueError, orjson.JSONDecodeError) as error:
            return str(error)
        if not isinstance(entry, dict) or entry.get("seq") != seq:
            return _("it is out of order")
        return entry

    def _resync(self, offset: int, expected_seq: int) -> int:
        """The offset of the next entry that verifies (counting what was lost), or the end."""
        data = self._data
        while (candidate := data.find(ENTRY_MARK, offset)) >= 0:
            offset = candidate + 1
            if len(data) - candidate < _FRAME.size:
                break
            _mark, length, check = _FRAME.unpack_from(data, candidate)
            end = candidate + _FRAME.size + length
            if check != _frame_check(length) or end > len(data):
                continue
            seq = self._claimed_seq(data[candidate + _FRAME.size : end])
            if seq is None or seq < expected_seq:
                continue
            if not isinstance(self._open(data[candidate + _FRAME.size : end], seq), str):
                self.lost += seq - expected_seq
                return candidate
        self.lost += 1
        return len(data)

    def _claimed_seq(self, sealed: bytes) -> int | None:
        try:
            binding, plaintext = self._cipher.open_bound(sealed)
            if binding is not None:
                if binding.role is not Role.ENTRY or binding.generation != self._generation:
                    return None
                return binding.seq
            seq = orjson.loads(plaintext).get("seq")
        except (ValueError, AttributeError, orjson.JSONDecodeError):
            return None
        return seq if isinstance(seq, int) else None


def _read_legacy(path: Path, data: bytes, cipher: Cipher) -> JournalContents:
    """A journal written before bindings (header unauthenticated, entries ``length | sealed``)."""
    if len(data) < _LEGACY_HEADER.size:
        return JournalContents(0, [], len(data), legacy=True)
    _magic, generation = _LEGACY_HEADER.unpack_from(data)
    entries: list[Operations] = []
    offset = _LEGACY_HEADER.size
    while offset + _LENGTH.size <= len(data):
        (length,) = _LENGTH.unpack_from(data, offset)
        end = offset + _LENGTH.size + length
        if end > len(data) or length > MAX_ENTRY_BYTES:
            break
        try:
            binding, plaintext = cipher.open_bound(data[offset + _LENGTH.size : end])
            entry = orjson.loads(plaintext)
        except (ValueError, orjson.JSONDecodeError) as error:
            if end == len(data):
                break  # the last entry was being written when the process died
            raise StoreCorruptError(
                path,
                _("entry {number} is damaged ({reason})").format(
                    number=len(entries) + 1, reason=error
                ),
            ) from error
        if binding is not None or not isinstance(entry, dict) or entry.get("seq") != len(entries):
            raise StoreCorruptError(path, _("its entries are out of order"))
        entries.append(entry)
        offset = end
    return JournalContents(generation, entries, offset, legacy=True)


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
        header = _header_bytes(cipher, generation)
        atomic_write_bytes(path, header)
        return cls(path, cipher, generation, next_seq=0, length=len(header))

    @property
    def entry_count(self) -> int:
        return self._next_seq

    @property
    def size(self) -> int:
        return self._length

    def append(self, operations: Operations) -> None:
        """Write one entry and wait until it is on disk; on error, leave no partial entry."""
        seq = self._next_seq
        plaintext = orjson.dumps({**operations, "seq": seq, "gen": self.generation})
        payload = self._cipher.seal(plaintext, Binding(Role.ENTRY, self.generation, seq))
        record = _FRAME.pack(ENTRY_MARK, len(payload), _frame_check(len(payload))) + payload
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
