"""A TinyDB ``Storage`` that keeps the data in memory and makes each change durable cheaply.

Stock ``JSONStorage`` rereads and rewrites the whole file in place on every call: slow at
10,000 people and not crash-safe. Here reads come from memory. A change is worked out by
comparing what TinyDB hands to ``write()`` with the previous state (TinyDB builds a new dict
for the table it changes, and repositories always store new document objects), appended to the
journal and synced. When the app is idle and the journal has grown, and when the store closes,
the whole state is compacted into the store file, replaced atomically (see ``atomic.py`` and
``journal.py``). Writes inside ``batch()`` become one journal entry: an import or a merge lands
all at once or not at all.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from companion.i18n import _
from companion.storage.atomic import atomic_write_parts
from companion.storage.ciphers import Cipher, PlainCipher
from companion.storage.errors import StoreCorruptError, StoreReadOnlyError, StoreWriteError
from companion.storage.journal import (
    JournalContents,
    JournalWriter,
    Operations,
    apply_entry,
    journal_path,
    read_journal,
)
from companion.storage.table_layout import decode_tables, encode_table_parts

Tables = dict[str, dict[str, Any]]

#: Top-level key of the store file holding the journal generation (not a TinyDB table).
_GENERATION_KEY = "_journal"
#: Compact when the journal grows past this many bytes, or past a quarter of the store file.
COMPACT_MIN_BYTES = 4 * 1024 * 1024


def _read_base(path: Path, cipher: Cipher) -> tuple[Tables | None, int]:
    try:
        sealed = path.read_bytes()
    except FileNotFoundError:
        return None, 0
    except OSError as error:
        raise StoreCorruptError(path, error.strerror or str(error)) from error
    if not sealed.strip():
        raise StoreCorruptError(path, _("the file is empty"))
    try:
        plaintext = cipher.open(sealed)
    except ValueError as error:
        raise StoreCorruptError(path, str(error)) from error
    # At 10,000 people the file is ~20 MB: let it go before parsing to keep the peak down.
    del sealed
    try:
        tables = decode_tables(plaintext)
    except ValueError as error:
        raise StoreCorruptError(
            path, _("it is not valid data ({detail})").format(detail=str(error))
        ) from error
    if not isinstance(tables, dict) or not all(
        isinstance(table, dict) and all(isinstance(document, dict) for document in table.values())
        for table in tables.values()
    ):
        raise StoreCorruptError(path, _("its structure is not that of a Common Ground store"))
    marker = tables.pop(_GENERATION_KEY, {}).get("state", {})
    generation = marker.get("generation", 0) if isinstance(marker, dict) else 0
    return tables, generation if isinstance(generation, int) else 0


def read_tables(path: Path, cipher: Cipher) -> Tables | None:
    """The tables of a store or snapshot file alone (no journal); ``None`` if there is none."""
    return _read_base(path, cipher)[0]


@dataclass(frozen=True, slots=True)
class StoredState:
    """What is on disk: the tables with the journal replayed, and where the journal stands."""

    tables: Tables | None
    generation: int
    journal: JournalContents | None


def load_state(path: Path, cipher: Cipher) -> StoredState:
    tables, generation = _read_base(path, cipher)
    if tables is None:
        return StoredState(None, 0, None)
    journal = read_journal(journal_path(path), cipher)
    if journal is None or journal.generation != generation:
        return StoredState(tables, generation, None)
    for entry in journal.entries:
        apply_entry(tables, entry)
    return StoredState(tables, generation, journal)


def diff(before: Tables | None, after: Tables) -> Operations:
    """What changed from ``before`` to ``after``, by table and document identity."""
    old = before or {}
    changed: dict[str, Any] = {}
    for name, table in after.items():
        previous = old.get(name)
        if table is previous:
            continue
        if previous is None:
            puts, deletes = dict(table), []
        else:
            puts = {key: doc for key, doc in table.items() if previous.get(key) is not doc}
            deletes = [key for key in previous if key not in table]
        if puts or deletes or previous is None:
            changed[name] = {"put": puts, "del": deletes}
    return {"tables": changed, "drop": [name for name in old if name not in after]}


def merge(first: Operations, second: Operations) -> Operations:
    """One entry with the effect of ``first`` then ``second``."""
    tables: dict[str, Any] = {
        name: {"put": dict(ops["put"]), "del": list(ops["del"])}
        for name, ops in first.get("tables", {}).items()
    }
    drop = list(first.get("drop", []))
    for name in second.get("drop", []):
        tables.pop(name, None)
        if name not in drop:
            drop.append(name)
    for name, ops in second.get("tables", {}).items():
        target = tables.setdefault(name, {"put": {}, "del": []})
        for key in ops["del"]:
            target["put"].pop(key, None)
            if key not in target["del"]:
                target["del"].append(key)
        for key, document in ops["put"].items():
            target["put"][key] = document
    return {"tables": tables, "drop": drop}


def _is_empty(operations: Operations) -> bool:
    return not operations.get("tables") and not operations.get("drop")


class AtomicStorage(Storage):
    def __init__(
        self,
        path: Path,
        *,
        cipher: Cipher | None = None,
        read_only: bool = False,
        state: StoredState | None = None,
        initial: Tables | None = None,
    ) -> None:
        """Open ``path``. ``initial`` replaces what is on disk at the first write (new or
        migrated stores); otherwise ``state`` (or the file) says what is there."""
        super().__init__()
        self._path = path
        self._cipher = cipher or PlainCipher()
        self._read_only = read_only
        self._batch_depth = 0
        self._pending: Operations = {}
        self._journal: JournalWriter | None = None
        self._generation = 0
        self._data: Tables | None = None
        if initial is not None:
            self._data = initial
            self._generation = state.generation if state else 0
        else:
            self._adopt(state or load_state(path, self._cipher))

    def _adopt(self, state: StoredState) -> None:
        if self._journal is not None:
            self._journal.close()
        self._data = state.tables
        self._generation = state.generation
        self._journal = None
        if state.journal is not None and not self._read_only:
            self._journal = JournalWriter(
                journal_path(self._path),
                self._cipher,
                state.generation,
                next_seq=len(state.journal.entries),
                length=state.journal.valid_length,
            )

    @property
    def path(self) -> Path:
        return self._path

    def read(self) -> Tables | None:
        # A shallow copy: TinyDB replaces the entry of the table it changes, and diff() relies
        # on the previous table object staying as it was.
        return None if self._data is None else dict(self._data)

    def write(self, data: Tables) -> None:
        if self._read_only:
            raise StoreReadOnlyError()
        operations = diff(self._data, data)
        self._data = data
        if self._batch_depth:
            self._pending = merge(self._pending, operations)
            return
        self._commit(operations)

    def snapshot(self) -> Tables:
        """The current tables (shared, not copied: treat as read-only)."""
        return dict(self._data or {})

    def replace_all(self, data: Tables) -> None:
        """Put ``data`` in place of everything (new stores, migrations) with one full write."""
        if self._read_only:
            raise StoreReadOnlyError()
        self._data = data
        self._guarded(self._compact)

    def set_cipher(self, cipher: Cipher) -> None:
        """Seal everything with ``cipher`` from now on, starting with a full rewrite."""
        previous = self._cipher
        self._cipher = cipher
        try:
            self._compact()
        except OSError as error:
            self._cipher = previous
            raise StoreWriteError(self._path, error.strerror or str(error)) from error

    @property
    def compaction_due(self) -> bool:
        """The journal has grown past max(4 MiB, a quarter of the store file)."""
        journal = self._journal
        return journal is not None and journal.size > max(COMPACT_MIN_BYTES, self._base_size() // 4)

    def compact_if_due(self) -> bool:
        """Compact when the journal is large; returns whether it did."""
        if self._read_only or self._batch_depth or not self.compaction_due:
            return False
        self.compact()
        return True

    def compact(self) -> None:
        """Fold the journal into the store file (also done automatically)."""
        if not self._read_only and self._data is not None:
            self._guarded(self._compact)

    def close(self) -> None:
        """Fold the journal into the store file so the next start reads one file."""
        if self._journal is not None and self._journal.entry_count and not self._read_only:
            # Every change is already durable in the journal; a failed compaction loses nothing.
            with contextlib.suppress(OSError):
                self._compact()
        if self._journal is not None:
            self._journal.close()
            self._journal = None

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Collect writes; make them durable as one entry at the end, or none if the block
        raises."""
        self._batch_depth += 1
        try:
            yield
        except BaseException:
            self._batch_depth -= 1
            if self._batch_depth == 0 and not _is_empty(self._pending):
                self._pending = {}
                self._reload()
            raise
        self._batch_depth -= 1
        if self._batch_depth == 0:
            pending, self._pending = self._pending, {}
            if not _is_empty(pending):
                self._commit(pending)

    def _commit(self, operations: Operations) -> None:
        if _is_empty(operations):
            return
        journal = self._journal
        if journal is None:
            self._guarded(self._compact)
        else:
            # Never compact here: a user's write must stay fast. ``compact_if_due`` does it
            # when the app is idle, and ``close`` always does.
            self._guarded(lambda: journal.append(operations))

    def _guarded(self, action: Any) -> None:
        try:
            action()
        except OSError as error:
            # TinyDB may have edited documents in memory before calling write(); the disk
            # still holds the last acknowledged state, so memory goes back to it.
            self._reload()
            raise StoreWriteError(self._path, error.strerror or str(error)) from error

    def _compact(self) -> None:
        generation = self._generation + 1
        content = {**(self._data or {}), _GENERATION_KEY: {"state": {"generation": generation}}}
        atomic_write_parts(self._path, self._cipher.seal_parts(encode_table_parts(content)))
        self._generation = generation
        if self._journal is not None:
            self._journal.close()
            self._journal = None
        # If this fails the store file already holds everything; the next commit compacts again.
        self._journal = JournalWriter.start(journal_path(self._path), self._cipher, generation)

    def _base_size(self) -> int:
        try:
            return self._path.stat().st_size
        except OSError:
            return 0

    def _reload(self) -> None:
        self._adopt(load_state(self._path, self._cipher))
