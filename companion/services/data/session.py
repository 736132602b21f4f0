"""An open data folder: the store, its data key and its backups, as the app and CLI use them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from companion.i18n import _
from companion.services.changes import ChangeSet
from companion.storage import keys
from companion.storage.backups import Backups, Snapshot, SnapshotReason
from companion.storage.ciphers import Cipher, PlainCipher
from companion.storage.keys import AskPassphrase, DataKey, KeyMode
from companion.storage.store import Store
from companion.storage.vault import open_store


@dataclass
class Session:
    folder: Path
    store: Store
    key: DataKey | None
    backups: Backups | None = field(init=False)
    _key_id: bytes = field(init=False, default=b"")

    def __post_init__(self) -> None:
        self.backups = Backups(self.folder, self.key.cipher()) if self.key else None

    @property
    def cipher(self) -> Cipher:
        return self.key.cipher() if self.key else PlainCipher()

    @property
    def key_mode(self) -> KeyMode | None:
        return self.key.mode if self.key else None

    def reopen_read_only(self) -> Store:
        """A second, read-only view of what is on disk (checks that a write really landed)."""
        return Store.open(self.folder, cipher=self.cipher, read_only=True)

    def daily_backup(self, *, now: datetime | None = None) -> Snapshot | None:
        if self.backups is None:
            return None
        # The live tables, not ``Store.tables()``: the snapshot takes its own copy at once, and
        # a second copy of every table would be held through the backup's peak (issue 18).
        store = self.store
        live = {name: store.table(name) for name in store.tables()}
        return self.backups.snapshot_if_due(tables=live, now=now)

    def restore(self, snapshot_id: str) -> ChangeSet:
        """Put a snapshot in place of the open store; the current data is snapshotted first."""
        if self.backups is None:
            return ChangeSet()
        tables = self.backups.read(snapshot_id)
        self.backups.snapshot(SnapshotReason.RESTORE, tables=self.store.tables())
        self.store.replace_everything(tables)
        return ChangeSet(reset=True)

    def change_passphrase(self, passphrase: str) -> None:
        """Protect the data with ``passphrase`` (from the keychain, or a new passphrase)."""
        if self.key is not None:
            self.key = keys.use_passphrase(self.folder, self.key, passphrase)

    def move_key_to_keychain(self) -> None:
        if self.key is not None:
            self.key = keys.use_keychain(self.folder, self.key)

    @property
    def locked(self) -> bool:
        return self.store.locked

    def lock(self) -> None:
        """Forget the data key and every decrypted record until ``unlock`` (File > Lock)."""
        if self.key is None:
            return  # a plain store (tests): nothing to protect
        self._key_id = self.key.key_id
        self.store.lock()
        self.key = None
        self.backups = None

    def unlock(self, ask: AskPassphrase) -> None:
        """Ask for the key again (the passphrase, or the system keychain) and read the data.

        Raises ``WrongPassphraseError``, ``PassphraseNeeded`` (the user cancelled) or
        ``KeyMissingError``; the session stays locked then.
        """
        if not self.store.locked:
            return
        key = keys.unlock(self.folder, ask, upgrade=True)
        if key.key_id != self._key_id:
            raise keys.KeysDamagedError(
                keys.key_file(self.folder), _("it holds another key than when the app was locked")
            )
        self.store.unlock(key.cipher())
        self.key = key
        self.backups = Backups(self.folder, key.cipher())

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def open_session(
    folder: Path, ask: AskPassphrase, *, read_only: bool = False, lasting: bool = False
) -> Session:
    """Unlock and open the store in ``folder`` (a migration is preceded by a snapshot).
    ``lasting``: the session is the window's, open as long as the process (``Store.open``)."""
    store, key = open_store(folder, ask, read_only=read_only, lasting=lasting)
    return Session(folder, store, key)
