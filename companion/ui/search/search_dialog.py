"""The Ctrl+K box: type to search people, events and openers; Enter opens the result.

Focus stays in the line edit the whole time, so typing never stops; the arrow keys move the
current result from there, as in a command palette.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QIcon, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from companion.domain.folding import fold
from companion.i18n import N_, _
from companion.services.search.everything_search import EverythingSearch, ResultKind, SearchResult
from companion.ui.shell.pages import PAGES
from companion.ui.widgets import icons

KIND_LABELS = {
    ResultKind.PERSON: N_("Person"),
    ResultKind.EVENT: N_("Event"),
    ResultKind.OPENER: N_("Opener"),
    ResultKind.PAGE: N_("Page"),
}
_KIND_ICONS: dict[ResultKind, Callable[[], QIcon]] = {
    ResultKind.PERSON: icons.people,
    ResultKind.EVENT: icons.events,
    ResultKind.OPENER: icons.openers,
}
_ROW_STEPS = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -5, Qt.Key.Key_PageDown: 5}

_Index = QModelIndex | QPersistentModelIndex
_NO_PARENT = QModelIndex()


class SearchResultsModel(QAbstractListModel):
    """Results as two-line rows: the title, then the kind and a snippet."""

    KIND_ROLE = Qt.ItemDataRole.UserRole + 1
    ID_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._results: list[SearchResult] = []
        # Icons are painted on demand; made once, not per row and repaint.
        self._icons = {kind: make() for kind, make in _KIND_ICONS.items()}
        self._page_icons = {page.key.value: page.icon() for page in PAGES}

    def set_results(self, results: list[SearchResult]) -> None:
        self.beginResetModel()
        self._results = list(results)
        self.endResetModel()

    def result_at(self, row: int) -> SearchResult | None:
        return self._results[row] if 0 <= row < len(self._results) else None

    def rowCount(self, parent: _Index = _NO_PARENT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._results)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        result = self.result_at(index.row()) if index.isValid() else None
        if result is None:
            return None
        kind = _(KIND_LABELS[result.kind])
        if role == Qt.ItemDataRole.DisplayRole:
            details = f"{kind} · {result.snippet}" if result.snippet else kind
            return f"{result.title}\n{details}"
        if role == Qt.ItemDataRole.DecorationRole:
            if result.kind is ResultKind.PAGE:
                return self._page_icons.get(result.id)
            return self._icons[result.kind]
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{kind}: {result.title}"
        if role == self.KIND_ROLE:
            return result.kind.value
        if role == self.ID_ROLE:
            return result.id
        return None


#: A page is offered once this many letters of its name are typed ("pro" → Promises).
PAGE_MIN_LETTERS = 3


def matching_pages(query: str) -> list[SearchResult]:
    """Pages whose (translated) name starts with the query: Ctrl+K, "prom", Enter."""
    folded = fold(query.strip())
    if len(folded) < PAGE_MIN_LETTERS:
        return []
    return [
        SearchResult(
            kind=ResultKind.PAGE,
            id=page.key.value,
            title=_(page.title),
            snippet=_("Open the page"),
            score=0.0,
        )
        for page in PAGES
        if fold(_(page.title)).startswith(folded)
    ]


class SearchDialog(QDialog):
    """Emits ``chosen(kind, id)`` and closes when a result is opened; Esc just closes."""

    chosen = Signal(str, str)

    def __init__(self, search: EverythingSearch, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._search = search
        self.setWindowTitle(_("Search"))
        self.setMinimumWidth(520)
        self.query_edit = QLineEdit()
        self.query_edit.setPlaceholderText(_("Search people, events, notes…"))
        self.query_edit.setClearButtonEnabled(True)
        self.query_edit.setAccessibleName(_("Search"))
        self.model = SearchResultsModel(self)
        self.result_view = QListView()
        self.result_view.setModel(self.model)
        self.result_view.setAccessibleName(_("Results"))
        self.result_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.result_view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.result_view.setUniformItemSizes(True)
        self.result_view.setWordWrap(False)
        self.result_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.empty_label = QLabel(_("Nothing found."))
        self.empty_label.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.query_edit)
        layout.addWidget(self.result_view)
        layout.addWidget(self.empty_label)
        self.query_edit.installEventFilter(self)
        self.query_edit.textChanged.connect(self._on_query_edit_text_changed)
        self.query_edit.returnPressed.connect(self.open_current)
        self.result_view.activated.connect(self._on_result_view_activated)
        self.result_view.clicked.connect(self._on_result_view_activated)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        # Opened again: the old query is selected, so typing replaces it.
        self.query_edit.selectAll()
        self.query_edit.setFocus()

    def current_result(self) -> SearchResult | None:
        return self.model.result_at(self.result_view.currentIndex().row())

    def open_current(self) -> None:
        result = self.current_result()
        if result is None:
            return
        self.accept()
        self.chosen.emit(result.kind.value, result.id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.query_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            step = _ROW_STEPS.get(Qt.Key(event.key()))
            if step is not None:
                self._move_current(step)
                return True
        return super().eventFilter(watched, event)

    def _move_current(self, step: int) -> None:
        count = self.model.rowCount()
        if count == 0:
            return
        row = max(0, min(count - 1, self.result_view.currentIndex().row() + step))
        self.result_view.setCurrentIndex(self.model.index(row))

    def _on_query_edit_text_changed(self, text: str) -> None:
        results = matching_pages(text) + self._search.search(text)
        self.model.set_results(results)
        if results:
            self.result_view.setCurrentIndex(self.model.index(0))
        self.empty_label.setVisible(not results and bool(text.strip()))

    def _on_result_view_activated(self, index: QModelIndex) -> None:
        self.result_view.setCurrentIndex(index)
        self.open_current()
