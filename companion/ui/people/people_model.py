"""The People table's model: one row per person, formatted lazily and cached per row.

``data()`` runs for every painted cell and for every comparison while sorting, so each row's
display texts, sort keys and folded filter text are computed once, on first use, and kept until
the next reload.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt

from companion.domain.folding import fold
from companion.i18n import N_, _
from companion.i18n.formats import format_date
from companion.services.people.people import PersonOverview
from companion.ui.widgets.record_model import NO_PARENT, ModelIndex, WordFilterProxy

#: Raw, comparable values for sorting (folded text, ordinals, counts).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: The person's id, on every cell.
PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 2
#: No follow-up planned sorts after every planned one.
NO_FOLLOW_UP = date.max.toordinal()


class Column(IntEnum):
    NAME = 0
    MET_AT = 1
    SHARED = 2
    LAST_CONTACT = 3
    FOLLOW_UP = 4
    PROMISES = 5


#: A column title longer than this goes on two lines (German titles are long: issue 17).
ONE_LINE_TITLE = 14


def two_lines(title: str) -> str:
    """``title`` broken at the space nearest its middle when it is long; Qt's header shows
    both lines (and grows to fit them), so six columns fit the window in every language."""
    if len(title) <= ONE_LINE_TITLE or " " not in title:
        return title
    middle = len(title) / 2
    spaces = [index for index, char in enumerate(title) if char == " "]
    split = min(spaces, key=lambda index: abs(index - middle))
    return f"{title[:split]}\n{title[split + 1 :]}"


HEADERS = {
    Column.NAME: N_("Name"),
    Column.MET_AT: N_("Met at"),
    Column.SHARED: N_("Shared interests"),
    Column.LAST_CONTACT: N_("Last contact"),
    Column.FOLLOW_UP: N_("Next follow-up"),
    Column.PROMISES: N_("Promises"),
}


class PeopleModel(QAbstractTableModel):
    """Rows from ``people_overview``; ``label_of`` turns an interest slug into its label."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PersonOverview] = []
        self._texts: list[tuple[str, ...] | None] = []
        self._search_texts: list[str | None] = []
        self._sort_column = Column.NAME
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._row_of: dict[str, int] = {}
        self._label_of: Callable[[str], str] = str

    def set_rows(self, rows: list[PersonOverview], label_of: Callable[[str], str]) -> None:
        self.beginResetModel()
        self._label_of = label_of
        self._rows = self._sorted(rows)
        self._forget_row_caches()
        self.endResetModel()

    def _forget_row_caches(self) -> None:
        self._texts = [None] * len(self._rows)
        self._search_texts = [None] * len(self._rows)
        self._row_of = {row.id: number for number, row in enumerate(self._rows)}

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by one key per row: comparing through ``data()`` is 280,000 calls at 10,000."""
        if not 0 <= column < len(Column):
            return
        self._sort_column, self._sort_order = Column(column), order
        self.layoutAboutToBeChanged.emit()
        old_ids = [row.id for row in self._rows]
        self._rows = self._sorted(self._rows)
        self._forget_row_caches()
        moved_from, moved_to = [], []
        for index in self.persistentIndexList():
            old_row = index.row()
            new_row = self._row_of.get(old_ids[old_row], -1) if 0 <= old_row < len(old_ids) else -1
            moved_from.append(index)
            moved_to.append(self.index(new_row, index.column()) if new_row >= 0 else QModelIndex())
        self.changePersistentIndexList(moved_from, moved_to)
        self.layoutChanged.emit()

    def _sorted(self, rows: list[PersonOverview]) -> list[PersonOverview]:
        # Ties keep a stable, predictable order: by name, then id. Each name is folded once
        # (the name column sorts by the same folded name): at 10,000 people folding is most
        # of a sort's time.
        names = {id(row): fold(row.name) for row in rows}
        rows = sorted(rows, key=lambda row: (names[id(row)], row.id))
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        if self._sort_column is Column.NAME and not descending:
            return rows  # sorted by name already (the page's first show: one sort, not two)
        key = (
            (lambda row: names[id(row)])
            if self._sort_column is Column.NAME
            else sort_key(self._sort_column, self._label_of)
        )
        return sorted(rows, key=key, reverse=descending)

    def rowCount(self, parent: ModelIndex = NO_PARENT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = NO_PARENT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(Column)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return two_lines(_(HEADERS[Column(section)]))
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return _(HEADERS[Column(section)])
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.texts(row)[column]
        if role == SORT_ROLE:
            return sort_key(Column(column), self._label_of)(self._rows[row])
        if role == PERSON_ID_ROLE:
            return self._rows[row].id
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.PROMISES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        due = column == Column.FOLLOW_UP and self._rows[row].follow_up_due
        if role == Qt.ItemDataRole.ToolTipRole and due:
            return _("Time to get back in touch")
        return None

    def texts(self, row: int) -> tuple[str, ...]:
        """The row's cell texts, formatted on first use."""
        texts = self._texts[row]
        if texts is None:
            texts = self._format(self._rows[row])
            self._texts[row] = texts
        return texts

    def search_text(self, row: int) -> str:
        """What the filter looks in, folded, built on first use (no dates: no Babel calls)."""
        text = self._search_texts[row]
        if text is None:
            overview = self._rows[row]
            searched = (
                overview.name,
                *overview.also_known_as,
                overview.organization,
                overview.met_at,
                self._shared_labels(overview),
                overview.working_on,
            )
            text = fold(" ".join(searched))
            self._search_texts[row] = text
        return text

    def _shared_labels(self, row: PersonOverview) -> str:
        return ", ".join(self._label_of(slug) for slug in row.shared_interests)

    def _format(self, row: PersonOverview) -> tuple[str, ...]:
        return (
            row.name,
            row.met_at,
            self._shared_labels(row),
            format_date(row.last_contact) if row.last_contact else "",
            format_date(row.next_follow_up) if row.next_follow_up else "",
            str(row.open_promises) if row.open_promises else "",
        )

    def person_id_at(self, index: ModelIndex) -> str | None:
        """The id of the person in ``index``'s row (the store gives the person: rows hold only
        what the table shows)."""
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        return self._rows[index.row()].id

    def index_of(self, person_id: str) -> QModelIndex:
        row = self._row_of.get(person_id)
        return QModelIndex() if row is None else self.index(row, 0)

    def person_count(self) -> int:
        return len(self._rows)


def sort_key(column: Column, label_of: Callable[[str], str]) -> Callable[[PersonOverview], Any]:
    """The raw value a column sorts by: folded text, a date's ordinal, a count."""
    if column is Column.NAME:
        return lambda row: fold(row.name)
    if column is Column.MET_AT:
        return lambda row: fold(row.met_at)
    if column is Column.SHARED:
        return lambda row: len(row.shared_interests)
    if column is Column.LAST_CONTACT:
        return lambda row: row.last_contact.toordinal() if row.last_contact else 0
    if column is Column.FOLLOW_UP:
        return lambda row: row.next_follow_up.toordinal() if row.next_follow_up else NO_FOLLOW_UP
    return lambda row: row.open_promises


class PeopleProxy(WordFilterProxy):
    """Filters: keeps rows whose folded text has every typed word.

    Sorting is handed to the source model (see ``PeopleModel.sort``); the proxy keeps its order.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        if model is not None:
            model.sort(column, order)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:  # noqa: N802
        if not self._terms:
            return True
        model = self.sourceModel()
        if not isinstance(model, PeopleModel):
            return True
        return self._has_every_word(model.search_text(source_row))
