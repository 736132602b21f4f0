"""A TinyDB ``Storage`` that keeps the data in memory and makes each change durable cheaply.

Stock ``JSONStorage`` rereads and rewrites the whole file in place on every call: slow at
10,000 people and not crash-safe. Here reads come from memory. Repositories put and delete
single documents straight into the in-memory tables (``put`` / ``delete``): the cost of a write
is the size of the change, never of the store. Each change is appended to the journal and
synced. When the app is idle and the journal has grown, and when the store closes, the whole
state is compacted into the store file, replaced atomically (see ``atomic.py`` and
``journal.py``). TinyDB's own writes still work (``write`` works out what changed).

Writes inside ``batch()`` become one journal entry: an import or a merge lands all at once or
not at all. Batches nest: an inner batch that raises is rolled back to where it began, even
when its parent catches the error and goes on; a parent that fails takes its inner batches
with it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from companion.storage.ciphers import Cipher, PlainCipher
from companion.storage.documents import freeze, freeze_tables, shorten_parsed
from companion.storage.errors import (
    StoreLockedByUserError,
    StoreReadOnlyError,
    StoreWriteError,
)
from companion.storage.journal import (
    JournalWriter,
    Operations,
    journal_path,
)
from companion.storage.journal_operations import diff
from companion.storage.live_tables import LiveTables
from companion.storage.store_file import StoredState, Tables, load_state, write_store_file

#: Compact when the journal grows past this many bytes, or past a quarter of the store file.
COMPACT_MIN_BYTES = 4 * 1024 * 1024
_MISSING: Any = object()


class AtomicStorage(LiveTables, Storage):
    def __init__(
        self,
        path: Path,
        *,
        cipher: Cipher | None = None,
        read_only: bool = False,
        state: StoredState | None = None,
        initial: Tables | None = None,
        lasting: bool = False,
    ) -> None:
        """Open ``path``. ``initial`` replaces what is on disk at the first write (new or
        migrated stores); otherwise ``state`` (or the file) says what is there. ``lasting``:
        open as long as the process (``documents.collector_held``)."""
        super().__init__(lasting=lasting)
        self._path = path
        self._cipher = cipher or PlainCipher()
        self._read_only = read_only
        self._batch_depth = 0
        #: Per table, the documents put (``None``: deleted) since the outermost batch began.
        self._pending: dict[str, dict[str, Any]] = {}
        #: (table, key, previous document or ``_MISSING``) for every change in the batch.
        self._undo: list[tuple[str, str, Any]] = []
        self._journal: JournalWriter | None = None
        self._generation = 0
        #: A new token on every change of a table (all new when everything is replaced).
        self._versions: dict[str, object] = {}
        #: Grows with every change of the data (rolled back ones too): a plan made on a copy
        #: can tell whether the store moved on meanwhile.
        self.revision = 0
        self._locked = False
        #: Documents were shortened when read: the store file is written again when idle.
        self._shortened = False
        if initial is not None:
            freeze_tables(initial)
            self._data = initial
            self._exists = True
            self._generation = state.generation if state else 0
        else:
            self._adopt(state or load_state(path, self._cipher))

    def _adopt(self, state: StoredState) -> None:
        self._versions = {}
        self.revision += 1
        if self._journal is not None:
            self._journal.close()
        self._thawed = set()
        if state.tables is not None:
            # Read from disk (and the journal replayed): frozen when first handed out, like
            # every written document, so no reader can change what the store holds behind the
            # journal's back. Documents written with every field are shortened (and frozen)
            # now: written so at the next compaction (when idle, or on close).
            shortened = shorten_parsed(state.tables)
            self._shortened = bool(shortened) and not self._read_only
            self._thawed = set(state.tables) - shortened
        self._data = state.tables if state.tables is not None else {}
        self._exists = state.tables is not None
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

    @property
    def generation(self) -> int:
        return self._generation

    # -- reading ------------------------------------------------------------------------

    def table_version(self, name: str) -> object:
        """An object replaced whenever the table ``name`` changes (tables change in place, so
        their identity says nothing)."""
        return self._versions.setdefault(name, object())

    # -- writing ------------------------------------------------------------------------

    def put(self, table: str, key: str, document: dict[str, Any]) -> bool:
        """Insert or replace one document (frozen on the way in); True when it was new."""
        with self.batch():
            return self._set(table, key, freeze(document)) is _MISSING

    def put_many(self, table: str, documents: dict[str, dict[str, Any]]) -> None:
        """Insert or replace many documents of one table as one change."""
        with self.batch():
            for key, document in documents.items():
                self._set(table, key, freeze(document))

    def delete(self, table: str, key: str) -> bool:
        """Delete one document; True when there was one."""
        if key not in self._data.get(table, {}):
            return False
        with self.batch():
            self._set(table, key, None)
        return True

    def write(self, data: Tables) -> None:
        """TinyDB's write path: apply what differs from the live tables."""
        operations = diff(self._data, data)
        with self.batch():
            for name in operations["drop"]:
                for key in list(self._data.get(name, {})):
                    self._set(name, key, None)
            for name, changes in operations["tables"].items():
                self._data.setdefault(name, {})
                for key in changes["del"]:
                    self._set(name, key, None)
                for key, document in changes["put"].items():
                    self._set(name, key, freeze(document))

    def _set(self, table: str, key: str, document: dict[str, Any] | None) -> Any:
        if self._locked:
            raise StoreLockedByUserError()
        if self._read_only:
            raise StoreReadOnlyError()
        live = self._data.setdefault(table, {})
        previous = live.get(key, _MISSING)
        self._undo.append((table, key, previous))
        self._versions[table] = object()
        self.revision += 1
        if document is None:
            live.pop(key, None)
        else:
            live[key] = document
        self._pending.setdefault(table, {})[key] = document
        return previous

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Collect writes; make them durable as one entry at the end, or none if the block
        raises (an inner batch that raises is undone even if its parent goes on)."""
        savepoint = len(self._undo)
        pending = {name: dict(keys) for name, keys in self._pending.items()}
        self._batch_depth += 1
        try:
            yield
        except BaseException:
            self._batch_depth -= 1
            self._rollback(savepoint)
            self._pending = pending
            raise
        self._batch_depth -= 1
        if self._batch_depth == 0:
            self._flush()

    def _rollback(self, savepoint: int) -> None:
        while len(self._undo) > savepoint:
            table, key, previous = self._undo.pop()
            self._versions[table] = object()
            self.revision += 1
            live = self._data.setdefault(table, {})
            if previous is _MISSING:
                live.pop(key, None)
            else:
                live[key] = previous

    def _flush(self) -> None:
        pending = self._pending
        operations: Operations = {
            "tables": {
                name: {
                    "put": {key: doc for key, doc in keys.items() if doc is not None},
                    "del": [key for key, doc in keys.items() if doc is None],
                }
                for name, keys in pending.items()
                if keys
            },
            "drop": [],
        }
        try:
            if operations["tables"]:
                self._commit(operations)
        except StoreWriteError:
            self._rollback(0)
            raise
        finally:
            self._pending = {}
            self._undo = []

    def _commit(self, operations: Operations) -> None:
        journal = self._journal
        try:
            if journal is None:
                self._compact()
            else:
                # Never compact here: a user's write must stay fast. ``compact_if_due`` does it
                # when the app is idle, and ``close`` always does.
                journal.append(operations)
        except OSError as error:
            raise StoreWriteError(self._path, error.strerror or str(error)) from error

    def replace_all(self, data: Tables) -> None:
        """Put ``data`` in place of everything (new stores, migrations, restores) with one full
        write: the new store file and its new journal generation together."""
        if self._read_only:
            raise StoreReadOnlyError()
        self._refuse_in_batch()
        data = dict(data)
        freeze_tables(data)
        self._data = data
        self._thawed = set()
        self._exists = True
        self._versions = {}
        self.revision += 1
        self._guarded(self._compact)

    def set_cipher(self, cipher: Cipher) -> None:
        """Seal everything with ``cipher`` from now on, starting with a full rewrite."""
        self._refuse_in_batch()
        previous = self._cipher
        self._cipher = cipher
        try:
            self._compact()
        except OSError as error:
            self._cipher = previous
            raise StoreWriteError(self._path, error.strerror or str(error)) from error

    @property
    def compaction_due(self) -> bool:
        """The journal has grown past max(4 MiB, a quarter of the store file), or the documents
        read were shortened (written with every field before)."""
        journal = self._journal
        if self._shortened:
            return True
        return journal is not None and journal.size > max(COMPACT_MIN_BYTES, self._base_size() // 4)

    def compact_if_due(self) -> bool:
        """Compact when the journal is large; returns whether it did."""
        if self._read_only or self._locked or self._batch_depth or not self.compaction_due:
            return False
        self.compact()
        return True

    def compact(self) -> None:
        """Fold the journal into the store file (also done automatically)."""
        self._refuse_in_batch()
        if not self._read_only and self._exists and not self._locked:
            self._guarded(self._compact)

    def close(self) -> None:
        """Fold the journal into the store file so the next start reads one file."""
        rewrite = self._shortened or (self._journal is not None and self._journal.entry_count)
        if rewrite and not self._read_only and self._exists and not self._locked:
            # Every change is already durable in the journal; a failed compaction loses nothing.
            with contextlib.suppress(OSError):
                self._compact()
        if self._journal is not None:
            self._journal.close()
            self._journal = None

    @property
    def locked(self) -> bool:
        return self._locked

    def lock(self) -> None:
        """Fold the journal in, then let go of every table and of the cipher (and its key):
        nothing decrypted stays reachable from here until ``unlock``."""
        self._refuse_in_batch()
        if self._locked:
            return
        self.close()
        self._data = {}
        self._thawed = set()
        self._versions = {}
        self.revision += 1
        self._cipher = PlainCipher()
        self._locked = True

    def unlock(self, cipher: Cipher) -> None:
        """Read everything again with ``cipher`` (the data key asked for anew)."""
        state = load_state(self._path, cipher)
        self._cipher = cipher
        self._locked = False
        self._adopt(state)

    def _refuse_in_batch(self) -> None:
        if self._batch_depth:
            # A full write now would make the batch's unfinished changes durable.
            raise RuntimeError("cannot rewrite the whole store inside a batch")

    def _guarded(self, action: Any) -> None:
        try:
            action()
        except OSError as error:
            # Memory may hold changes the disk does not (a migration, a restore): go back to
            # the last acknowledged state.
            self._reload()
            raise StoreWriteError(self._path, error.strerror or str(error)) from error

    def _compact(self) -> None:
        generation = self._generation + 1
        write_store_file(self._path, self._cipher, self._data, generation)
        self._generation = generation
        self._shortened = False
        if self._journal is not None:
            self._journal.close()
            self._journal = None
        # If this fails the store file already holds everything (the old journal is of an older
        # generation, so never replayed); the next commit compacts again.
        with contextlib.suppress(OSError):
            self._journal = JournalWriter.start(journal_path(self._path), self._cipher, generation)

    def _base_size(self) -> int:
        try:
            return self._path.stat().st_size
        except OSError:
            return 0

    def _reload(self) -> None:
        self._adopt(load_state(self._path, self._cipher))
