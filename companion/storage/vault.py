"""Open the encrypted store: find or create the data key, then open the store with it.

This is the entry point the app and the CLI use; ``Store.open`` itself knows nothing of keys.
"""

from __future__ import annotations

from pathlib import Path

from companion import paths
from companion.i18n import _
from companion.storage import keys
from companion.storage.backups import Backups, SnapshotReason
from companion.storage.ciphers import PlainCipher
from companion.storage.encryption import is_sealed
from companion.storage.keys import AskPassphrase, DataKey, KeyMissingError
from companion.storage.store import BeforeMigration, Store


def _store_is_plaintext(folder: Path) -> bool:
    path = paths.store_file(folder)
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except FileNotFoundError:
        return False
    return bool(head) and not is_sealed(head)


def open_store(
    folder: Path,
    ask: AskPassphrase,
    *,
    read_only: bool = False,
    lasting: bool = False,
) -> tuple[Store, DataKey | None]:
    """Open the store in ``folder`` encrypted at rest; returns it with its data key.

    A store written before encryption existed is encrypted on the spot (by a writer). A reader
    of a folder with no data yet gets an empty store and creates no key. Before a writer
    migrates the data to a newer format, the old data is kept as a snapshot. ``lasting``: see
    ``Store.open``.
    """
    store_path = paths.store_file(folder)
    if keys.has_keys(folder):
        key = keys.unlock(folder, ask, upgrade=not read_only)
        store = Store.open(
            folder,
            cipher=key.cipher(),
            read_only=read_only,
            before_migration=_snapshot_with(key),
            lasting=lasting,
        )
        return store, key
    if store_path.exists() and not _store_is_plaintext(folder):
        raise KeyMissingError(_("the file {path} is gone").format(path=keys.key_file(folder)))
    if read_only:
        return Store.open(folder, cipher=PlainCipher(), read_only=True), None
    legacy: Store | None = None
    if store_path.exists():
        legacy = Store.open(folder, cipher=PlainCipher())
    else:
        paths.ensure_private_dir(folder)
    try:
        key = keys.create_key(folder, ask)
    except BaseException:
        if legacy is not None:
            legacy.close()
        raise
    if legacy is None:
        return Store.open(folder, cipher=key.cipher()), key
    legacy.reseal(key.cipher())
    return legacy, key


def _snapshot_with(key: DataKey) -> BeforeMigration:
    def snapshot(path: Path, version: int) -> None:
        Backups(path.parent, key.cipher()).snapshot(SnapshotReason.MIGRATION)

    return snapshot
