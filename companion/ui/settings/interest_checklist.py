"""A checkable list of interests with a filter field, as the event and person forms use it."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from companion.domain.folding import fold
from companion.domain.interests import Interest
from companion.i18n import _
from companion.services.profile.interests import interest_label

SLUG_ROLE = Qt.ItemDataRole.UserRole + 1


class InterestFilter(QSortFilterProxyModel):
    """Keeps the rows whose label holds every typed word (case and accents ignored)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._terms: tuple[str, ...] = ()

    def set_query(self, text: str) -> None:
        self.beginFilterChange()
        self._terms = tuple(fold(text).split())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: object) -> bool:  # noqa: N802
        model = self.sourceModel()
        text = fold(str(model.index(source_row, 0).data()))
        return all(term in text for term in self._terms)


class InterestChecklist(QWidget):
    """``interests`` to tick, plus any ``extra_slugs`` no longer in the catalogue (so that
    saving keeps a removed custom interest); ``changed`` fires when a tick changes."""

    changed = Signal()

    def __init__(
        self,
        interests: Iterable[Interest],
        *,
        extra_slugs: Iterable[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Filter interests"))
        self.filter.setClearButtonEnabled(True)
        self.items = QStandardItemModel(self)
        known: set[str] = set()
        for interest in interests:
            known.add(interest.slug)
            self.items.appendRow(_item(interest_label(interest), interest.slug))
        for slug in extra_slugs:
            if slug not in known:
                self.items.appendRow(_item(slug, slug))
        self.proxy = InterestFilter(self)
        self.proxy.setSourceModel(self.items)
        self.list = QListView()
        self.list.setAccessibleName(_("Interests"))
        self.list.setModel(self.proxy)
        self.list.setMinimumWidth(220)
        label = QLabel(_("&Interests:"))
        label.setBuddy(self.filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        self.filter.textChanged.connect(self.proxy.set_query)
        self.items.itemChanged.connect(self.changed)

    def set_checked(self, slugs: Iterable[str]) -> None:
        chosen = set(slugs)
        for row in range(self.items.rowCount()):
            item = self.items.item(row)
            checked = item.data(SLUG_ROLE) in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def checked(self) -> tuple[str, ...]:
        return tuple(
            str(item.data(SLUG_ROLE))
            for row in range(self.items.rowCount())
            if (item := self.items.item(row)).checkState() == Qt.CheckState.Checked
        )


def _item(label: str, slug: str) -> QStandardItem:
    item = QStandardItem(label)
    item.setData(slug, SLUG_ROLE)
    item.setCheckable(True)
    item.setEditable(False)
    return item
