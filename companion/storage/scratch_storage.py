"""A store's tables in memory only, for planning work on a copy (``Store.scratch``)."""

from __future__ import annotations

from pathlib import Path

from companion.storage.file_storage import AtomicStorage
from companion.storage.journal import Operations
from companion.storage.store_file import Tables


class ScratchStorage(AtomicStorage):
    """Tables in memory only: writes change them and never reach a disk (see
    ``Store.scratch``)."""

    def __init__(self, tables: Tables) -> None:
        super().__init__(Path("scratch"), initial=tables)

    def _commit(self, operations: Operations) -> None:
        pass

    def _compact(self) -> None:
        pass

    def close(self) -> None:
        pass
