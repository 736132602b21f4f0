"""What the calendar and the people import previews share: a table with a decision per row.

Each row is one planned item (an event, a person); the first column holds its decision (add,
update or merge, skip), which the user may change where the plan leaves a choice. The models
for events and people only say which choices a row has and what its cells read; keeping the
user's decisions, handing them back as overrides of the plan and greying out skipped rows
happens here once.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import ClassVar, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QWidget

from companion.i18n import _

Index = QModelIndex | QPersistentModelIndex

#: The sort key of a cell (the start time for "When"), and the (decision, label) choices of a row.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
CHOICES_ROLE = Qt.ItemDataRole.UserRole + 2
#: A choice that is no decision but opens a dialog (a people row's "Merge with…").
PICK_ROLE_VALUE = "pick"

Decision = TypeVar("Decision", bound=StrEnum)


class DecisionPlanModel(QAbstractTableModel, Generic[Decision]):
    """Rows of planned items; column ``DECISION`` is editable where a row has a choice.

    Subclasses name their ``HEADERS`` and answer ``choices``, ``decision_label``, ``_text``
    (the shown text of a cell) and ``_cell_data`` (any other role of a cell).
    """

    DECISION = 0
    HEADERS: ClassVar[tuple[str, ...]] = ()
    #: The widest a column is made when the table first shows (the tooltip has the rest).
    WIDEST_COLUMNS: ClassVar[dict[int, int]] = {}

    def __init__(
        self, planned: Sequence[Decision], *, skip: Decision, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._planned = tuple(planned)
        self._decisions = list(planned)
        self._skip = skip

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's API
        return 0 if parent.isValid() else len(self._decisions)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's API
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None

    def choices(self, row: int) -> tuple[Decision, ...]:
        """What the user may choose for a row."""
        raise NotImplementedError

    def decision_label(self, row: int, decision: Decision) -> str:
        raise NotImplementedError

    def decision(self, row: int) -> Decision:
        return self._decisions[row]

    def count(self, decision: Decision) -> int:
        return sum(1 for chosen in self._decisions if chosen is decision)

    def overrides(self) -> dict[int, Decision]:
        """The rows where the user changed the plan, for applying it."""
        return {
            row: chosen
            for row, (chosen, planned) in enumerate(
                zip(self._decisions, self._planned, strict=True)
            )
            if chosen is not planned
        }

    def is_editable(self, row: int) -> bool:
        """Whether the row's decision cell opens a choice."""
        return len(self.choices(row)) > 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.column() == self.DECISION and self.is_editable(index.row()):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def choice_items(self, row: int) -> list[tuple[str, str]]:
        """The (value, label) pairs the decision editor offers."""
        return [(choice.value, self.decision_label(row, choice)) for choice in self.choices(row)]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.EditRole and column == self.DECISION:
            return self._decisions[row].value
        if role == CHOICES_ROLE and column == self.DECISION:
            return self.choice_items(row)
        if role == Qt.ItemDataRole.ForegroundRole and self._decisions[row] is self._skip:
            # What will not be imported recedes; what will be imported stands out.
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        return self._cell_data(row, column, role)

    def _text(self, row: int, column: int) -> str | None:
        raise NotImplementedError

    def _cell_data(self, row: int, column: int, role: int) -> object:
        """Any role ``data`` does not answer itself (sort key, tooltip, icon)."""
        raise NotImplementedError

    def setData(  # noqa: N802 - Qt's name
        self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != self.DECISION:
            return False
        try:
            decision = type(self._skip)(str(value))
        except ValueError:
            return False
        row = index.row()
        if decision not in self.choices(row) or decision is self._decisions[row]:
            return False
        self._set_decision(row, decision)
        return True

    def _set_decision(self, row: int, decision: Decision) -> None:
        self._decisions[row] = decision
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def summary(self) -> str:
        """One sentence above the table: how many rows are added, updated or merged, skipped."""
        raise NotImplementedError

    def can_import(self) -> bool:
        """Whether the decisions import anything at all."""
        raise NotImplementedError

    def details(self) -> list[str]:
        """Lines under the summary (warnings, rows that cannot be imported); often none."""
        raise NotImplementedError
