"""The tables a store holds in memory, and how they are handed out: frozen.

Documents read from disk are frozen when first handed out (``documents``): a whole table by
``table``, ``read`` and ``snapshot``, one document by ``document``. The storage layer's readers
of fields take ``raw_table`` and hand out read-only values only.
"""

from __future__ import annotations

from typing import Any

from companion.storage.documents import freeze_table, frozen_in_place
from companion.storage.store_file import Tables


class LiveTables:
    """The in-memory tables of ``AtomicStorage``; ``lasting``: open as long as the process
    (``documents.collector_held``)."""

    def __init__(self, *, lasting: bool = False) -> None:
        self._lasting = lasting
        self._data: Tables = {}
        self._exists = False
        #: Tables holding documents read from disk and not frozen yet (see ``table``).
        self._thawed: set[str] = set()

    def read(self) -> Tables | None:
        # A shallow copy: TinyDB replaces the entry of the table it changes, and write()
        # compares with the live tables.
        self._freeze_all()
        return dict(self._data) if self._exists else None

    def snapshot(self) -> Tables:
        """The current tables (live, not copied: treat as read-only, on the writer's thread)."""
        self._freeze_all()
        return dict(self._data)

    def table(self, name: str) -> dict[str, Any]:
        """One live table (empty if it does not exist), its documents frozen; never change it."""
        if name in self._thawed:
            freeze_table(self._data.get(name, {}), lasting=self._lasting)
            self._thawed.discard(name)  # after: a reader on another thread never sees it early
        return self._data.get(name, {})

    def document(self, name: str, key: str) -> dict[str, Any] | None:
        """One document, frozen (the rest of a table read from disk may not be yet)."""
        table = self._data.get(name, {})
        return frozen_in_place(table, key) if name in self._thawed else table.get(key)

    def raw_table(self, name: str) -> dict[str, Any]:
        """One live table whose documents may not be frozen yet (``thawed``): for the storage
        layer's readers of fields, which hand out ``documents.read_only`` values only."""
        return self._data.get(name, {})

    def thawed(self, name: str) -> bool:
        """Whether ``raw_table(name)`` may hold documents not frozen yet."""
        return name in self._thawed

    def _freeze_all(self) -> None:
        for name in list(self._thawed):
            self.table(name)
