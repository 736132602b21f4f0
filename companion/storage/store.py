"""Opening the store: lock, clean up, decode, migrate, and hand out the repositories."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from companion import paths
from companion.i18n import _
from companion.storage import repositories
from companion.storage.atomic import remove_orphan_temp_files
from companion.storage.ciphers import Cipher, PlainCipher
from companion.storage.errors import StoreCorruptError, StoreTooNewError
from companion.storage.file_storage import AtomicStorage, StoredState, Tables, load_state
from companion.storage.lock import StoreLock
from companion.storage.migrations import (
    SCHEMA_VERSION,
    migrate,
    schema_version,
    set_schema_version,
)
from companion.storage.repositories import (
    RecordTable,
    replace_documents,
)

BeforeMigration = Callable[[Path, int], None]


class _RecordDB(TinyDB):
    table_class = RecordTable


class Store:
    """The user's data in one folder. Open with ``Store.open``; close when done."""

    def __init__(self, folder: Path, storage: AtomicStorage, lock: StoreLock | None) -> None:
        self.folder = folder
        self._storage = storage
        self._lock = lock
        self._db = _RecordDB(storage=lambda: storage)
        self.people = repositories.people(self._db, storage)
        self.events = repositories.events(self._db, storage)
        self.encounters = repositories.encounters(self._db, storage)
        self.offers = repositories.offers(self._db, storage)
        self.openers = repositories.openers(self._db, storage)
        self.interests = repositories.interests(self._db, storage)
        self.profile = repositories.ProfileRepository(self._db, storage)
        self.not_duplicates = repositories.not_duplicates(self._db, storage)
        self.merges = repositories.merges(self._db, storage)

    @classmethod
    def open(
        cls,
        folder: Path,
        *,
        cipher: Cipher | None = None,
        read_only: bool = False,
        before_migration: BeforeMigration | None = None,
    ) -> Store:
        """Open (or create) the store in ``folder``.

        A writer takes the folder's lock (``StoreLockedError`` if another process has it) and
        removes temp files a crash left behind. A reader takes no lock and writes nothing: an
        old store is migrated in memory only.
        """
        folder = paths.ensure_private_dir(folder) if not read_only else folder
        lock: StoreLock | None = None
        if not read_only:
            lock = StoreLock(folder)
            lock.acquire()
        try:
            store_path = paths.store_file(folder)
            if not read_only:
                remove_orphan_temp_files(folder)
            state = load_state(store_path, cipher or PlainCipher())
            storage = cls._prepared_storage(
                store_path,
                state,
                cipher=cipher,
                read_only=read_only,
                before_migration=before_migration,
            )
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        return cls(folder, storage, lock)

    @staticmethod
    def _prepared_storage(
        path: Path,
        state: StoredState,
        *,
        cipher: Cipher | None,
        read_only: bool,
        before_migration: BeforeMigration | None,
    ) -> AtomicStorage:
        tables = state.tables
        if tables is None:
            fresh: Tables = {}
            set_schema_version(fresh, SCHEMA_VERSION)
            storage = AtomicStorage(path, cipher=cipher, read_only=read_only, initial=fresh)
            if not read_only:
                storage.replace_all(fresh)
            return storage
        version = schema_version(tables)
        if version < 1:
            raise StoreCorruptError(path, _("its structure is not that of a Common Ground store"))
        if version > SCHEMA_VERSION:
            raise StoreTooNewError(path, version, SCHEMA_VERSION)
        if version == SCHEMA_VERSION:
            return AtomicStorage(path, cipher=cipher, read_only=read_only, state=state)
        migrated = migrate(tables)
        storage = AtomicStorage(
            path, cipher=cipher, read_only=read_only, state=state, initial=migrated
        )
        if not read_only:
            if before_migration is not None:
                before_migration(path, version)
            storage.replace_all(migrated)
        return storage

    @property
    def path(self) -> Path:
        return self._storage.path

    @property
    def read_only(self) -> bool:
        return self._lock is None

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group changes into one durable write; if the block raises, none of them happen."""
        with self._storage.batch():
            yield

    def reseal(self, cipher: Cipher) -> None:
        """Write everything again under ``cipher`` (encrypting a store that was plain)."""
        self._storage.set_cipher(cipher)

    def put_documents(self, table: str, documents: dict[str, dict[str, Any]]) -> None:
        """Store many validated documents of one table as one change."""
        if documents:
            with self._storage.batch():
                replace_documents(
                    self._db.table(table, cache_size=0),
                    self._storage.snapshot().get(table, {}),
                    documents,
                )

    def tables(self) -> Tables:
        """All tables as stored (for backups); do not modify."""
        return self._storage.snapshot()

    def record_tables(self) -> dict[str, dict[str, Any]]:
        """The data tables, without internal bookkeeping."""
        return {name: table for name, table in self.tables().items() if not name.startswith("_")}

    def replace_everything(self, tables: Tables) -> None:
        """Put ``tables`` (e.g. a restored snapshot, migrated if older) in place of all data."""
        version = schema_version(tables)
        if version < 1 or version > SCHEMA_VERSION:
            raise StoreTooNewError(self.path, version, SCHEMA_VERSION)
        self._storage.replace_all(migrate(tables) if version < SCHEMA_VERSION else dict(tables))

    def compact(self) -> None:
        """Fold the journal into the store file."""
        self._storage.compact()

    def compact_if_due(self) -> bool:
        """Fold a large journal into the store file (call when the user is not waiting)."""
        return self._storage.compact_if_due()

    def close(self) -> None:
        self._storage.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
