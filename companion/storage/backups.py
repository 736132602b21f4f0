"""Encrypted snapshots of the store: before imports, migrations and restores, and daily.

A snapshot is the sealed tables of the store (``<id>.cgstore``) plus a small sealed sidecar
(``<id>.meta``) with its time, reason and record counts, so listing never decrypts the data.
Retention: the newest 10 daily snapshots, one per week for the 4 weeks before those, and the
newest 10 of every other reason; snapshots that no longer open (damaged, or sealed with another
key) count as one more reason, by file time. What a killed process left behind (temp files, a
``.cgstore`` without its ``.meta`` or the reverse) is removed when the store opens and after
each snapshot: every file in ``backups/`` is either a listed snapshot or goes.

Both files are sealed with their role (backup, backup metadata) in the associated data, so a
snapshot copied over the store is refused as "a backup", never opened as the store.
"""

from __future__ import annotations

import builtins
import contextlib
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

import orjson

from companion import paths
from companion.i18n import N_, _
from companion.storage.atomic import (
    TEMP_MARKER,
    atomic_write_bytes,
    atomic_write_parts,
    link_or_copy,
)
from companion.storage.ciphers import Cipher
from companion.storage.encryption import Binding, Role
from companion.storage.errors import StoreCorruptError, StoreError, StoreTooNewError
from companion.storage.journal import JournalWriter, journal_path, peek_generation
from companion.storage.lock import StoreLock
from companion.storage.migrations import SCHEMA_VERSION, schema_version
from companion.storage.store_file import (
    Tables,
    load_state,
    read_generation,
    read_tables,
    write_store_file,
)
from companion.storage.table_layout import encode_table_parts

BACKUP_DIR = "backups"
_DATA_SUFFIX = ".cgstore"
_META_SUFFIX = ".meta"
KEEP_DAILY = 10
KEEP_WEEKLY = 4
KEEP_OTHER = 10
COUNTED_TABLES = ("people", "events", "encounters", "offers")


class SnapshotReason(StrEnum):
    DAILY = "daily"
    IMPORT = "import"
    MIGRATION = "migration"
    RESTORE = "restore"
    MANUAL = "manual"


SNAPSHOT_REASON_LABELS = {
    SnapshotReason.DAILY: N_("Daily"),
    SnapshotReason.IMPORT: N_("Before an import"),
    SnapshotReason.MIGRATION: N_("Before an update of the data format"),
    SnapshotReason.RESTORE: N_("Before a restore"),
    SnapshotReason.MANUAL: N_("Made by you"),
}


class BackupNotFound(StoreError):
    def __init__(self, snapshot_id: str) -> None:
        super().__init__(
            _("There is no backup “{id}”. `companion backup list` shows the backups.").format(
                id=snapshot_id
            )
        )


@dataclass(frozen=True, slots=True)
class Snapshot:
    id: str
    created: datetime
    reason: SnapshotReason
    counts: dict[str, int]
    path: Path


def backup_dir(folder: Path) -> Path:
    return folder / BACKUP_DIR


def remove_backup_orphans(folder: Path) -> list[Path]:
    """Delete temp files and half snapshots (data without metadata or the reverse) a killed
    process left in ``backups/``; only the owner of the store lock may call this."""
    directory = backup_dir(folder)
    removed: list[Path] = []
    try:
        entries = [entry for entry in directory.iterdir() if entry.is_file()]
    except OSError:
        return removed
    names = {entry.name for entry in entries}
    for entry in entries:
        orphan = TEMP_MARKER in entry.name
        if entry.suffix == _DATA_SUFFIX:
            orphan = orphan or f"{entry.stem}{_META_SUFFIX}" not in names
        elif entry.suffix == _META_SUFFIX:
            orphan = orphan or f"{entry.stem}{_DATA_SUFFIX}" not in names
        if orphan:
            with contextlib.suppress(OSError):
                entry.unlink()
                removed.append(entry)
    return removed


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


class Backups:
    """The snapshots of one data folder, sealed with the store's cipher."""

    def __init__(self, folder: Path, cipher: Cipher) -> None:
        self._folder = folder
        self._dir = backup_dir(folder)
        self._cipher = cipher

    def snapshot(
        self, reason: SnapshotReason, *, tables: Tables | None = None, now: datetime | None = None
    ) -> Snapshot | None:
        """Seal ``tables`` (default: what is on disk now) as a snapshot; ``None`` when there is
        no data yet."""
        if tables is None:
            tables = load_state(paths.store_file(self._folder), self._cipher).tables
            if tables is None:
                return None
        # The store changes tables in place: write a copy taken now.
        tables = {name: dict(table) for name, table in tables.items()}
        sealed = self._cipher.seal_parts(encode_table_parts(tables), Binding(Role.BACKUP))
        created = (now or datetime.now(UTC)).astimezone(UTC)
        snapshot_id = self._unique_id(created, reason)
        counts = {name: len(tables.get(name, {})) for name in COUNTED_TABLES}
        paths.ensure_private_dir(self._dir)
        data_path = self._dir / f"{snapshot_id}{_DATA_SUFFIX}"
        meta = {"created": created.isoformat(), "reason": reason.value, "counts": counts}
        try:
            atomic_write_parts(data_path, sealed)
            atomic_write_bytes(
                self._dir / f"{snapshot_id}{_META_SUFFIX}",
                self._cipher.seal(orjson.dumps(meta), Binding(Role.BACKUP_META)),
            )
        except OSError as error:
            with contextlib.suppress(OSError):
                data_path.unlink()
            raise StoreError(
                _("Could not make a backup: {reason}. Nothing was changed.").format(
                    reason=error.strerror or error
                )
            ) from error
        self.prune()
        remove_backup_orphans(self._folder)
        return Snapshot(snapshot_id, created, reason, counts, data_path)

    def snapshot_if_due(
        self, *, tables: Tables | None = None, now: datetime | None = None
    ) -> Snapshot | None:
        """A daily snapshot, unless one was made today (local date)."""
        moment = now or datetime.now(UTC)
        today = moment.astimezone().date()
        for existing in self.list():
            made_on = existing.created.astimezone().date()
            if existing.reason is SnapshotReason.DAILY and made_on == today:
                return None
        return self.snapshot(SnapshotReason.DAILY, tables=tables, now=moment)

    def list(self) -> list[Snapshot]:
        """Every readable snapshot, newest first."""
        return self._scan()[0]

    def _scan(self) -> tuple[builtins.list[Snapshot], builtins.list[Path]]:
        """The readable snapshots, newest first, and the metadata files that do not open."""
        found: builtins.list[Snapshot] = []
        unreadable: builtins.list[Path] = []
        if not self._dir.is_dir():
            return [], []
        for meta_path in self._dir.glob(f"*{_META_SUFFIX}"):
            data_path = meta_path.with_suffix(_DATA_SUFFIX)
            if not data_path.is_file() or TEMP_MARKER in meta_path.name:
                continue
            try:
                sealed = meta_path.read_bytes()
                meta = orjson.loads(self._cipher.open(sealed, Binding(Role.BACKUP_META)))
                found.append(
                    Snapshot(
                        meta_path.stem,
                        datetime.fromisoformat(meta["created"]),
                        SnapshotReason(meta["reason"]),
                        {name: int(meta["counts"].get(name, 0)) for name in COUNTED_TABLES},
                        data_path,
                    )
                )
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                unreadable.append(meta_path)
                continue
        return sorted(found, key=lambda snapshot: snapshot.created, reverse=True), unreadable

    def get(self, snapshot_id: str) -> Snapshot:
        for snapshot in self.list():
            if snapshot.id == snapshot_id:
                return snapshot
        raise BackupNotFound(snapshot_id)

    def read(self, snapshot_id: str) -> Tables:
        """The tables saved in a snapshot (raises ``StoreCorruptError`` if it is damaged)."""
        return self._readable(self.get(snapshot_id))

    def _readable(self, snapshot: Snapshot) -> Tables:
        """The snapshot's tables; refused (``StoreTooNewError``) when a newer version of the
        app made it: put in place, it would lock this version out of the data."""
        tables = read_tables(snapshot.path, self._cipher, Role.BACKUP)
        if tables is None:
            raise BackupNotFound(snapshot.id)
        version = schema_version(tables)
        if version > SCHEMA_VERSION:
            raise StoreTooNewError(snapshot.path, version, SCHEMA_VERSION)
        return tables

    def newest_good(self) -> Snapshot | None:
        """The newest snapshot whose data really opens."""
        for snapshot in self.list():
            try:
                self._readable(snapshot)
            except (StoreCorruptError, StoreTooNewError, BackupNotFound):
                continue
            return snapshot
        return None

    def restore(self, snapshot_id: str, *, now: datetime | None = None) -> Path | None:
        """Put a snapshot in place of the store. The caller must have closed the store.

        One atomic switch: the snapshot becomes the store file with a generation newer than
        anything on disk, and the journal starts afresh for it, so no stale journal can ever be
        replayed over the restored data (even after crashes between the steps). The current
        store is snapshotted first when it opens; a damaged one is kept aside together with its
        journal (``store.damaged-<time>.json`` and ``….journal``). Returns the damaged file's
        new name, if any.
        """
        tables = self._readable(self.get(snapshot_id))
        moment = (now or datetime.now(UTC)).astimezone(UTC)
        store_path = paths.store_file(self._folder)
        journal = journal_path(store_path)
        set_aside: Path | None = None
        with StoreLock(self._folder):
            known = [peek_generation(journal) or 0]
            if store_path.exists():
                try:
                    state = load_state(store_path, self._cipher)
                except StoreCorruptError:
                    set_aside = self._keep_damaged(store_path, journal, moment)
                    known.append(read_generation(store_path, self._cipher) or 0)
                else:
                    known.append(state.generation)
                    if state.tables is not None:
                        self.snapshot(SnapshotReason.RESTORE, tables=state.tables, now=moment)
            if journal.exists() and peek_generation(journal) is None:
                # Its generation cannot be read, so it could not be told apart from the new one.
                journal.unlink()
            generation = max(known) + 1
            write_store_file(store_path, self._cipher, tables, generation)
            # Replaces the old journal atomically; until then it is older than the store.
            JournalWriter.start(journal, self._cipher, generation)
        return set_aside

    @staticmethod
    def _keep_damaged(store_path: Path, journal: Path, moment: datetime) -> Path:
        label = moment.strftime("%Y%m%d-%H%M%S")
        set_aside = store_path.with_name(f"store.damaged-{label}.json")
        number = 1
        while set_aside.exists():
            number += 1
            set_aside = store_path.with_name(f"store.damaged-{label}-{number}.json")
        # Linked, not moved: the store stays in place until the restored one replaces it, so a
        # crash in between never leaves a folder without a store.
        link_or_copy(store_path, set_aside)
        if journal.exists():
            link_or_copy(journal, set_aside.with_name(set_aside.name + ".journal"))
        return set_aside

    def prune(self) -> None:
        keep: set[str] = set()
        snapshots, unreadable = self._scan()
        daily = [s for s in snapshots if s.reason is SnapshotReason.DAILY]
        keep.update(s.id for s in daily[:KEEP_DAILY])
        covered = {s.created.isocalendar()[:2] for s in daily[:KEEP_DAILY]}
        weeks: set[tuple[int, int]] = set()
        for s in daily[KEEP_DAILY:]:
            week = s.created.isocalendar()[:2]
            if week in covered or week in weeks or len(weeks) >= KEEP_WEEKLY:
                continue
            weeks.add(week)
            keep.add(s.id)
        for reason in SnapshotReason:
            if reason is not SnapshotReason.DAILY:
                same = [s for s in snapshots if s.reason is reason]
                keep.update(s.id for s in same[:KEEP_OTHER])
        doomed = [s.id for s in snapshots if s.id not in keep]
        # Snapshots that no longer open are kept like another reason, newest first by file time.
        unreadable.sort(key=_mtime, reverse=True)
        doomed.extend(path.stem for path in unreadable[KEEP_OTHER:])
        for snapshot_id in doomed:
            for suffix in (_DATA_SUFFIX, _META_SUFFIX):
                with contextlib.suppress(OSError):
                    (self._dir / f"{snapshot_id}{suffix}").unlink()

    def _unique_id(self, created: datetime, reason: SnapshotReason) -> str:
        base = f"{created.strftime('%Y%m%d-%H%M%S')}-{reason.value}"
        candidate, number = base, 1
        while (self._dir / f"{candidate}{_DATA_SUFFIX}").exists():
            number += 1
            candidate = f"{base}-{number}"
        return candidate
