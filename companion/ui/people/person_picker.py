"""Choose any person by typing part of their name: "Merge with…" in the import preview.

Matching ignores case and accents ("muller" finds "Müller") through ``PeopleSearch``; with
nothing typed the list shows everyone by name. Up/Down move in the list while the cursor stays
in the search field, Enter takes the highlighted person.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from companion.domain.folding import fold
from companion.domain.people import Person
from companion.i18n import _
from companion.services.search.search import PeopleSearch

#: Enough to scroll through; typing narrows it down faster than scrolling further.
SHOWN_PEOPLE = 200
_PERSON_ROLE = Qt.ItemDataRole.UserRole
_LIST_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


def _describe(person: Person) -> str:
    details = [*person.emails[:1], person.organization] if person.emails else [person.organization]
    shown = ", ".join(detail for detail in details if detail)
    return f"{person.name} — {shown}" if shown else person.name


class PersonPickerDialog(QDialog):
    """``chosen()`` is the highlighted person once the dialog is accepted."""

    def __init__(
        self, people: Sequence[Person], *, title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("personPicker")
        self.setWindowTitle(title)
        self.resize(440, 460)
        self._people = list(people)
        self._by_name = sorted(self._people, key=lambda person: fold(person.name))
        self._search = PeopleSearch(self._people)

        self.query = QLineEdit()
        self.query.setPlaceholderText(_("Type a name…"))
        self.query.setAccessibleName(_("Search people"))
        self.query.setClearButtonEnabled(True)
        label = QLabel(_("&Person to merge with:"))
        label.setBuddy(self.query)
        self.results = QListWidget()
        self.results.setAccessibleName(_("People"))
        self.empty = QLabel(_("Nobody matches."))
        self.empty.setProperty("role", "subtle")
        self.empty.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("&Merge with this person"))

        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.buttons)
        self._connect_signals()
        self._fill()

    def _connect_signals(self) -> None:
        self.query.textChanged.connect(self._on_query_text_changed)
        self.query.installEventFilter(self)
        self.results.itemActivated.connect(self._on_results_item_activated)
        self.results.currentRowChanged.connect(self._on_results_current_row_changed)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def chosen(self) -> Person | None:
        item = self.results.currentItem()
        if item is None:
            return None
        person = item.data(_PERSON_ROLE)
        return person if isinstance(person, Person) else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # Up/Down in the search field move through the results, so typing and choosing
        # need no Tab in between.
        if (
            watched is self.query
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in _LIST_KEYS
        ):
            self.results.keyPressEvent(event)
            return True
        return super().eventFilter(watched, event)

    def _fill(self) -> None:
        query = self.query.text()
        found = (
            self._search.search(query, limit=SHOWN_PEOPLE)
            if query.strip()
            else self._by_name[:SHOWN_PEOPLE]
        )
        self.results.clear()
        for person in found:
            item = QListWidgetItem(_describe(person))
            item.setData(_PERSON_ROLE, person)
            self.results.addItem(item)
        if found:
            self.results.setCurrentRow(0)
        self.empty.setVisible(not found)
        self._on_results_current_row_changed(self.results.currentRow())

    def _on_query_text_changed(self, _text: str) -> None:
        self._fill()

    def _on_results_item_activated(self, _item: QListWidgetItem) -> None:
        self.accept()

    def _on_results_current_row_changed(self, row: int) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(row >= 0)

    def accept(self) -> None:
        if self.chosen() is not None:
            super().accept()
