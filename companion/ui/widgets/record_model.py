"""What the list models of the Events, People and Openers pages share: the index type Qt
passes in, and a filter proxy that keeps the rows holding every word typed in the filter box."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel

from companion.domain.folding import fold

ModelIndex = QModelIndex | QPersistentModelIndex
#: The parent of every top-level row.
NO_PARENT = QModelIndex()


class WordFilterProxy(QSortFilterProxyModel):
    """Holds the folded words typed in the filter box; subclasses test rows against them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._terms: tuple[str, ...] = ()

    def set_search_text(self, text: str) -> None:
        terms = tuple(fold(text).split())
        if terms != self._terms:
            self._refilter(lambda: setattr(self, "_terms", terms))

    def _refilter(self, change: Callable[[], None]) -> None:
        """Run ``change`` to a filter setting, then filter the rows again."""
        self.beginFilterChange()
        change()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def _has_every_word(self, folded_text: str) -> bool:
        return all(term in folded_text for term in self._terms)
