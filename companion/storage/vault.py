"""Open the encrypted store: find or create the data key, then open the store with it.

This is the entry point the app and the CLI use; ``Store.open`` itself knows nothing of keys.
"""

from __future__ import annotations

from pathlib import Path

from companion import paths
from companion.i18n import _
from companion.storage import keys
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
    before_migration: BeforeMigration | None = None,
) -> tuple[Store, DataKey | None]:
    """Open the store in ``folder`` encrypted at rest; returns it with its data key.

    A store written before encryption existed is encrypted on the spot (by a writer). A reader
    of a folder with no data yet gets an empty store and creates no key.
    """
    store_path = paths.store_file(folder)
    if keys.has_keys(folder):
        key = keys.unlock(folder, ask)
        return Store.open(
            folder, cipher=key.cipher(), read_only=read_only, before_migration=before_migration
        ), key
    if store_path.exists() and not _store_is_plaintext(folder):
        raise KeyMissingError(_("the file {path} is gone").format(path=keys.key_file(folder)))
    if read_only:
        return Store.open(folder, cipher=PlainCipher(), read_only=True), None
    plaintext = store_path.exists()
    if plaintext:
        store = Store.open(folder, cipher=PlainCipher(), before_migration=before_migration)
    else:
        paths.ensure_private_dir(folder)
        store = None
    try:
        key = keys.create_key(folder, ask)
    except BaseException:
        if store is not None:
            store.close()
        raise
    if store is None:
        return Store.open(folder, cipher=key.cipher(), before_migration=before_migration), key
    store.reseal(key.cipher())
    return store, key
