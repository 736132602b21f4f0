"""The Promises view's table: every open promise, by due date, filtered by person and event."""

from __future__ import annotations

from datetime import date
from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QObject, QSortFilterProxyModel, Qt

from companion.i18n import N_, _, ngettext
from companion.i18n.formats import format_date
from companion.services.promises.promise_list import OpenPromise
from companion.ui.widgets.record_model import NO_PARENT, ModelIndex


class Column(IntEnum):
    DUE = 0
    PROMISE = 1
    PERSON = 2


HEADERS = {Column.DUE: N_("Due"), Column.PROMISE: N_("Promise"), Column.PERSON: N_("Person")}


class PromisesModel(QAbstractTableModel):
    """Rows in the order ``open_promises`` gives: soonest due first, undated last."""

    #: The row's order in that list, for sorting by due date.
    ORDER_ROLE = Qt.ItemDataRole.UserRole + 1
    OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[OpenPromise] = []
        self._today = date.min

    def set_rows(self, rows: list[OpenPromise], today: date) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._today = today
        self.endResetModel()

    def promise_at(self, row: int) -> OpenPromise | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, promise_id: str) -> int:
        return next(
            (row for row, item in enumerate(self._rows) if item.promise_id == promise_id), -1
        )

    def _due_text(self, item: OpenPromise) -> str:
        """ "2 days overdue", "Today", or the date."""
        days = item.days_overdue(self._today)
        if item.due is None or days is None:
            return _("No due date")
        if days > 0:
            return ngettext("{count} day overdue", "{count} days overdue", days).format(count=days)
        if days == 0:
            return _("Today")
        return format_date(item.due)

    def rowCount(self, parent: ModelIndex = NO_PARENT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = NO_PARENT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(Column)

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(HEADERS[Column(section)])
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        item = self.promise_at(index.row()) if index.isValid() else None
        if item is None:
            return None
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            if column is Column.DUE:
                return self._due_text(item)
            if column is Column.PROMISE:
                return item.text
            return item.person_name
        if role == Qt.ItemDataRole.ToolTipRole and column is Column.DUE and item.due:
            return format_date(item.due, width="full")
        if role == self.ORDER_ROLE:
            return index.row()
        if role == self.OVERDUE_ROLE:
            overdue = item.days_overdue(self._today)
            return overdue is not None and overdue > 0
        return None


class PromisesProxy(QSortFilterProxyModel):
    """Keeps the promises to one person and/or from one event (None: all)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._person_id: str | None = None
        self._event_id: str | None = None
        self.setSortRole(PromisesModel.ORDER_ROLE)

    def set_filters(self, *, person_id: str | None, event_id: str | None) -> None:
        self.beginFilterChange()
        self._person_id, self._event_id = person_id, event_id
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        assert isinstance(model, PromisesModel)
        item = model.promise_at(source_row)
        if item is None:
            return False
        if self._person_id is not None and item.person_id != self._person_id:
            return False
        return self._event_id is None or self._event_id in item.event_ids
