"""Encrypted snapshots of the store: before imports, migrations and restores, and daily.

A snapshot is the sealed tables of the store (``<id>.cgstore``) plus a small sealed sidecar
(``<id>.meta``) with its time, reason and record counts, so listing never decrypts the data.
Retention: the newest 10 daily snapshots, one per week for the 4 weeks before those, and the
newest 10 of every other reason.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

import orjson

from companion import paths
from companion.i18n import N_, _
from companion.storage.atomic import atomic_write_bytes, atomic_write_parts
from companion.storage.ciphers import Cipher
from companion.storage.errors import StoreCorruptError, StoreError
from companion.storage.file_storage import Tables, load_state, read_tables
from companion.storage.journal import journal_path
from companion.storage.lock import StoreLock
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
        sealed = self._cipher.seal_parts(encode_table_parts(tables))
        created = (now or datetime.now(UTC)).astimezone(UTC)
        snapshot_id = self._unique_id(created, reason)
        counts = {name: len(tables.get(name, {})) for name in COUNTED_TABLES}
        paths.ensure_private_dir(self._dir)
        data_path = self._dir / f"{snapshot_id}{_DATA_SUFFIX}"
        meta = {"created": created.isoformat(), "reason": reason.value, "counts": counts}
        try:
            atomic_write_parts(data_path, sealed)
            atomic_write_bytes(
                self._dir / f"{snapshot_id}{_META_SUFFIX}", self._cipher.seal(orjson.dumps(meta))
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
        found = []
        if not self._dir.is_dir():
            return []
        for meta_path in self._dir.glob(f"*{_META_SUFFIX}"):
            data_path = meta_path.with_suffix(_DATA_SUFFIX)
            if not data_path.is_file():
                continue
            try:
                meta = orjson.loads(self._cipher.open(meta_path.read_bytes()))
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
                continue
        return sorted(found, key=lambda snapshot: snapshot.created, reverse=True)

    def get(self, snapshot_id: str) -> Snapshot:
        for snapshot in self.list():
            if snapshot.id == snapshot_id:
                return snapshot
        raise BackupNotFound(snapshot_id)

    def read(self, snapshot_id: str) -> Tables:
        """The tables saved in a snapshot (raises ``StoreCorruptError`` if it is damaged)."""
        snapshot = self.get(snapshot_id)
        tables = read_tables(snapshot.path, self._cipher)
        if tables is None:
            raise BackupNotFound(snapshot_id)
        return tables

    def newest_good(self) -> Snapshot | None:
        """The newest snapshot whose data really opens."""
        for snapshot in self.list():
            try:
                read_tables(snapshot.path, self._cipher)
            except StoreCorruptError:
                continue
            return snapshot
        return None

    def restore(self, snapshot_id: str, *, now: datetime | None = None) -> Path | None:
        """Put a snapshot in place of the store. The caller must have closed the store.

        The current store is snapshotted first when it opens, or else moved aside with a
        timestamp; returns where a damaged store was moved to.
        """
        snapshot = self.get(snapshot_id)
        read_tables(snapshot.path, self._cipher)
        # Read first: the snapshot taken below may prune old ones, this one included.
        restored = snapshot.path.read_bytes()
        moment = (now or datetime.now(UTC)).astimezone(UTC)
        store_path = paths.store_file(self._folder)
        set_aside: Path | None = None
        with StoreLock(self._folder):
            if store_path.exists():
                try:
                    load_state(store_path, self._cipher)
                except StoreCorruptError:
                    set_aside = store_path.with_name(
                        f"store.damaged-{moment.strftime('%Y%m%d-%H%M%S')}.json"
                    )
                    store_path.replace(set_aside)
                else:
                    self.snapshot(SnapshotReason.RESTORE, now=moment)
            atomic_write_bytes(store_path, restored)
            # The journal belonged to the store that was just replaced.
            with contextlib.suppress(FileNotFoundError):
                journal_path(store_path).unlink()
        return set_aside

    def prune(self) -> None:
        keep: set[str] = set()
        snapshots = self.list()
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
        for s in snapshots:
            if s.id not in keep:
                for suffix in (_DATA_SUFFIX, _META_SUFFIX):
                    with contextlib.suppress(OSError):
                        (self._dir / f"{s.id}{suffix}").unlink()

    def _unique_id(self, created: datetime, reason: SnapshotReason) -> str:
        base = f"{created.strftime('%Y%m%d-%H%M%S')}-{reason.value}"
        candidate, number = base, 1
        while (self._dir / f"{candidate}{_DATA_SUFFIX}").exists():
            number += 1
            candidate = f"{base}-{number}"
        return candidate
