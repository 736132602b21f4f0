"""An encrypted backup file: one of the store's snapshots, packed into a single file to keep.

File > Export's default "backup" writes a fresh snapshot (sealed with the data's key, like the
automatic backups) into one ``.cgbackup`` file; File > Restore from Backup… > Open a backup
file… puts it back among the backups, where it can be restored like any other. Only data with
the same key (this data folder, or a copy of it) can open it: that is the point.

The file is a zip archive of the snapshot's two sealed parts, stored as they are, plus a marker
naming the format; nothing in it is readable without the key.
"""

from __future__ import annotations

import contextlib
import zipfile
from pathlib import Path

from companion import paths
from companion.i18n import _
from companion.storage.atomic import atomic_write_bytes
from companion.storage.backups import Backups, Snapshot, SnapshotReason, backup_dir
from companion.storage.errors import StoreCorruptError, StoreError
from companion.storage.store import Store

SUFFIX = ".cgbackup"
MARKER_NAME = "common-ground-backup"
MARKER = b"1"
#: What a snapshot's two files end with (``storage.backups`` names them so).
DATA_SUFFIX = ".cgstore"
META_SUFFIX = ".meta"
#: A backup file larger than this is not read (an encrypted store of 100,000 people is ~60 MB).
MAX_FILE_BYTES = 1 << 30


class BackupFileError(StoreError):
    """The file is not an encrypted Common Ground backup this data can open."""


def write_backup_file(backups: Backups, store: Store, path: Path) -> Snapshot:
    """Snapshot the store now and write that snapshot to ``path`` (atomically)."""
    snapshot = backups.snapshot(SnapshotReason.MANUAL, tables=store.tables())
    if snapshot is None:
        raise BackupFileError(_("There is no data to back up yet."))
    parts = {
        MARKER_NAME: MARKER,
        snapshot.id + DATA_SUFFIX: snapshot.path.read_bytes(),
        snapshot.id + META_SUFFIX: snapshot.path.with_suffix(META_SUFFIX).read_bytes(),
    }
    packed = _zip(parts)
    atomic_write_bytes(path, packed)
    return snapshot


def _zip(parts: dict[str, bytes]) -> bytes:
    import io

    buffer = io.BytesIO()
    # Stored, not deflated: sealed bytes do not compress.
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, payload in parts.items():
            archive.writestr(name, payload)
    return buffer.getvalue()


def add_backup_file(backups: Backups, folder: Path, path: Path) -> Snapshot:
    """Put the snapshot in ``path`` among the backups of ``folder``; returns it, to restore.

    Raises:
        BackupFileError: not such a file, damaged, or sealed with another key.
    """
    not_ours = BackupFileError(
        _("{file} is not an encrypted Common Ground backup of this data.").format(file=path.name)
    )
    try:
        if not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
            raise not_ours
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if MARKER_NAME not in names:
                raise not_ours
            data_names = [name for name in names if name.endswith(DATA_SUFFIX)]
            if len(data_names) != 1:
                raise not_ours
            snapshot_id = data_names[0].removesuffix(DATA_SUFFIX)
            if not _safe_id(snapshot_id) or snapshot_id + META_SUFFIX not in names:
                raise not_ours
            data = archive.read(snapshot_id + DATA_SUFFIX)
            meta = archive.read(snapshot_id + META_SUFFIX)
    except (OSError, zipfile.BadZipFile, KeyError) as error:
        raise not_ours from error
    folder_of_backups = backup_dir(folder)
    paths.ensure_private_dir(folder_of_backups)
    data_path = folder_of_backups / (snapshot_id + DATA_SUFFIX)
    meta_path = folder_of_backups / (snapshot_id + META_SUFFIX)
    already_there = data_path.exists()
    if not already_there:
        atomic_write_bytes(data_path, data)
        atomic_write_bytes(meta_path, meta)
    try:
        backups.read(snapshot_id)  # opens only with this data's key
        return backups.get(snapshot_id)
    except (StoreCorruptError, StoreError) as error:
        if not already_there:
            for written in (data_path, meta_path):
                with contextlib.suppress(OSError):
                    written.unlink()
        raise not_ours from error


def _safe_id(snapshot_id: str) -> bool:
    """A snapshot id is a plain file name: no folders, nothing hidden."""
    return (
        bool(snapshot_id)
        and len(snapshot_id) <= 100
        and not snapshot_id.startswith(".")
        and all(char.isalnum() or char in "-_" for char in snapshot_id)
    )
