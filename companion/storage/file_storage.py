"""A TinyDB ``Storage`` that keeps the data in memory and writes it atomically with orjson.

Stock ``JSONStorage`` rereads and rewrites the file in place on every call, so a crash mid-write
leaves a broken file. Here reads come from memory, and every write replaces the file atomically
(see ``atomic.py``). Writes can be deferred inside ``batch()`` so a multi-record change (an
import, a merge) reaches the disk once, all or nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from companion.i18n import _
from companion.storage.atomic import atomic_write_bytes
from companion.storage.ciphers import Cipher, PlainCipher
from companion.storage.errors import StoreCorruptError, StoreReadOnlyError, StoreWriteError

Tables = dict[str, dict[str, Any]]


def read_tables(path: Path, cipher: Cipher) -> Tables | None:
    """Decode the store file; ``None`` when there is none yet."""
    try:
        sealed = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StoreCorruptError(path, error.strerror or str(error)) from error
    if not sealed.strip():
        raise StoreCorruptError(path, _("the file is empty"))
    try:
        plaintext = cipher.open(sealed)
    except ValueError as error:
        raise StoreCorruptError(path, str(error)) from error
    try:
        tables = orjson.loads(plaintext)
    except orjson.JSONDecodeError as error:
        raise StoreCorruptError(
            path, _("it is not valid data ({detail})").format(detail=str(error))
        ) from error
    if not isinstance(tables, dict) or not all(
        isinstance(table, dict) for table in tables.values()
    ):
        raise StoreCorruptError(path, _("its structure is not that of a Common Ground store"))
    return tables


class AtomicStorage(Storage):
    def __init__(
        self,
        path: Path,
        *,
        cipher: Cipher | None = None,
        read_only: bool = False,
        initial: Tables | None = None,
    ) -> None:
        super().__init__()
        self._path = path
        self._cipher = cipher or PlainCipher()
        self._read_only = read_only
        self._data: Tables | None = (
            initial if initial is not None else read_tables(path, self._cipher)
        )
        self._batch_depth = 0
        self._dirty = False

    @property
    def path(self) -> Path:
        return self._path

    def read(self) -> Tables | None:
        # A shallow copy: TinyDB replaces the top-level entry of the table it changes, so the
        # cached mapping must not be the object it edits.
        return None if self._data is None else dict(self._data)

    def write(self, data: Tables) -> None:
        if self._read_only:
            raise StoreReadOnlyError()
        self._data = data
        if self._batch_depth:
            self._dirty = True
            return
        self._persist()

    def close(self) -> None:
        """Nothing to release: every acknowledged write is already on disk."""

    def set_cipher(self, cipher: Cipher) -> None:
        """Seal the file with ``cipher`` from now on, starting with a rewrite right away."""
        try:
            atomic_write_bytes(self._path, cipher.seal(orjson.dumps(self._data)))
        except OSError as error:
            raise StoreWriteError(self._path, error.strerror or str(error)) from error
        self._cipher = cipher

    def snapshot(self) -> Tables:
        """The current tables (shared, not copied: treat as read-only)."""
        return dict(self._data or {})

    def replace_all(self, data: Tables) -> None:
        """Put ``data`` in place of everything (migrations, restores)."""
        self.write(data)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Defer writes; persist once at the end, or drop every change if the block fails."""
        self._batch_depth += 1
        try:
            yield
        except BaseException:
            self._batch_depth -= 1
            if self._batch_depth == 0:
                self._dirty = False
                self._reload()
            raise
        self._batch_depth -= 1
        if self._batch_depth == 0 and self._dirty:
            self._dirty = False
            self._persist()

    def _persist(self) -> None:
        try:
            atomic_write_bytes(self._path, self._cipher.seal(orjson.dumps(self._data)))
        except OSError as error:
            # TinyDB edits documents in place before calling write(); the file still holds
            # the last good state, so the memory goes back to it.
            self._reload()
            raise StoreWriteError(self._path, error.strerror or str(error)) from error

    def _reload(self) -> None:
        self._data = read_tables(self._path, self._cipher)
