"""Opening the store: lock, clean up, decode, migrate, and hand out the repositories."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from companion import paths
from companion.i18n import _, ngettext
from companion.storage import repositories
from companion.storage.atomic import keep_aside, remove_orphan_temp_files
from companion.storage.backups import remove_backup_orphans
from companion.storage.ciphers import Cipher, PlainCipher
from companion.storage.documents import collector_held
from companion.storage.errors import StoreCorruptError, StoreTooNewError
from companion.storage.file_storage import AtomicStorage
from companion.storage.journal import JournalDamage, journal_path
from companion.storage.lock import StoreLock
from companion.storage.migrations import (
    SCHEMA_VERSION,
    migrate,
    schema_version,
    set_schema_version,
)
from companion.storage.repositories import RecordTable
from companion.storage.scratch_storage import ScratchStorage
from companion.storage.store_file import StoredState, Tables, load_state

BeforeMigration = Callable[[Path, int], None]


@dataclass(frozen=True, slots=True)
class JournalRecovery:
    """The journal of recent changes was damaged: what was kept, lost and set aside."""

    damage: JournalDamage
    #: Where the damaged journal was kept (``None`` for a reader, which writes nothing).
    kept_as: Path | None

    @property
    def message(self) -> str:
        lost = ngettext(
            "{count} recent change could not be read and is missing",
            "{count} recent changes could not be read and are missing",
            self.damage.lost,
        ).format(count=self.damage.lost)
        if not self.damage.lost:
            # "0 recent changes … are missing" read as an alarm about nothing (a damaged header).
            lost = _("No recent change is known to be missing")
        text = _(
            "The journal of recent changes beside your data was damaged ({reasons}). {lost}; "
            "every change that could be read was kept."
        ).format(reasons="; ".join(self.damage.reasons), lost=lost)
        if self.kept_as is not None:
            text += " " + _("The damaged journal is kept as {path}.").format(path=self.kept_as)
        return text


class _RecordDB(TinyDB):
    table_class = RecordTable


class Store:
    """The user's data in one folder. Open with ``Store.open``; close when done."""

    def __init__(
        self,
        folder: Path,
        storage: AtomicStorage,
        lock: StoreLock | None,
        recovery: JournalRecovery | None = None,
    ) -> None:
        self.folder = folder
        #: Set when the journal was damaged: say ``recovery.message`` to the user.
        self.recovery = recovery
        self._storage = storage
        self._lock = lock
        self._db = _RecordDB(storage=lambda: storage)
        self.people = repositories.people(self._db, storage)
        self.events = repositories.events(self._db, storage)
        self.encounters = repositories.encounters(self._db, storage)
        self.promises = repositories.promises(self._db, storage)
        self.openers = repositories.openers(self._db, storage)
        self.interests = repositories.interests(self._db, storage)
        self.profile = repositories.ProfileRepository(self._db, storage)
        self.not_duplicates = repositories.not_duplicates(self._db, storage)
        self.feeds = repositories.feeds(self._db, storage)
        self.merges = repositories.merges(self._db, storage)
        self.sync_accounts = repositories.sync_accounts(self._db, storage)
        self.synced_cards = repositories.synced_cards(self._db, storage)
        self.synced_calendar_items = repositories.synced_calendar_items(self._db, storage)
        self.synced_calendars = repositories.synced_calendars(self._db, storage)

    @classmethod
    def open(
        cls,
        folder: Path,
        *,
        cipher: Cipher | None = None,
        read_only: bool = False,
        before_migration: BeforeMigration | None = None,
        lasting: bool = False,
    ) -> Store:
        """Open (or create) the store in ``folder``.

        A writer takes the folder's lock (``StoreLockedError`` if another process has it) and
        removes temp files a crash left behind. A reader takes no lock and writes nothing: an
        old store is migrated in memory only. ``lasting``: the store is open as long as the
        process (the window's), see ``documents.collector_held``.
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
                remove_backup_orphans(folder)
            with collector_held(lasting=lasting):
                state = load_state(store_path, cipher or PlainCipher())
                recovery: JournalRecovery | None = None
                if state.damage is not None:
                    stamp = datetime.now(UTC).strftime("damaged-%Y%m%d-%H%M%S")
                    kept = None if read_only else keep_aside(journal_path(store_path), stamp)
                    recovery = JournalRecovery(state.damage, kept)
                storage = cls._prepared_storage(
                    store_path,
                    state,
                    cipher=cipher,
                    read_only=read_only,
                    before_migration=before_migration,
                    lasting=lasting,
                )
            if recovery is not None and not read_only:
                # Make what was recovered the store's state, with a fresh journal.
                storage.compact()
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        return cls(folder, storage, lock, recovery)

    @classmethod
    def scratch(cls, tables: Tables) -> Store:
        """A store over ``tables`` (a copy from ``tables()``) that lives in memory only: its
        writes change those copies and nothing else. An import is planned on one, on a worker
        thread, while the real store goes on in the window."""
        return cls(Path("scratch"), ScratchStorage(tables), None)

    @staticmethod
    def _prepared_storage(
        path: Path,
        state: StoredState,
        *,
        cipher: Cipher | None,
        read_only: bool,
        before_migration: BeforeMigration | None,
        lasting: bool = False,
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
            return AtomicStorage(
                path, cipher=cipher, read_only=read_only, state=state, lasting=lasting
            )
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
    def revision(self) -> int:
        """A number that grows with every change of the data (also one rolled back): equal
        at two moments, nothing changed between them."""
        return self._storage.revision

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
            self._storage.put_many(table, documents)

    def tables(self) -> Tables:
        """A copy of all tables as they are now (for backups): later writes do not show in it
        (the store changes its tables in place). The documents are shared and read-only."""
        return {name: dict(table) for name, table in self._storage.snapshot().items()}

    def table(self, name: str) -> dict[str, Any]:
        """The live table ``name`` (cheap, no copy): read it at once, never change it."""
        return self._storage.table(name)

    def table_version(self, name: str) -> object:
        """An object replaced whenever the table ``name`` changes."""
        return self._storage.table_version(name)

    def record_tables(self) -> dict[str, dict[str, Any]]:
        """The data tables, without internal bookkeeping."""
        return {name: table for name, table in self.tables().items() if not name.startswith("_")}

    def replace_everything(self, tables: Tables) -> None:
        """Put ``tables`` (e.g. a restored snapshot, migrated if older) in place of all data."""
        version = schema_version(tables)
        if version < 1 or version > SCHEMA_VERSION:
            raise StoreTooNewError(self.path, version, SCHEMA_VERSION)
        self._storage.replace_all(migrate(tables) if version < SCHEMA_VERSION else dict(tables))

    @property
    def locked(self) -> bool:
        return self._storage.locked

    def lock(self) -> None:
        """Drop every table, decoded record and the cipher from memory (File > Lock); the
        folder stays this process's (the writer lock is kept). Reads see nothing and writes
        raise ``StoreLockedByUserError`` until ``unlock``."""
        self._storage.lock()
        for repository in self._repositories():
            repository.clear_cache()

    def unlock(self, cipher: Cipher) -> None:
        """Read the data again with ``cipher``."""
        self._storage.unlock(cipher)

    def _repositories(self) -> list[repositories.Repository[Any]]:
        return [
            self.people,
            self.events,
            self.encounters,
            self.promises,
            self.openers,
            self.interests,
            self.not_duplicates,
        ]

    def compact(self) -> None:
        """Fold the journal into the store file."""
        self._storage.compact()

    def compact_if_due(self) -> bool:
        """Fold a large journal into the store file, or write again documents read in their
        older, longer form (call when the user is not waiting)."""
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
