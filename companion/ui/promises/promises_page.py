"""The Promises page's layout: filters by person and event, the table, Done / Snooze / Drop.

Layout only: ``PromisesController`` connects the widgets to the services.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from companion.i18n import _
from companion.ui.home.home_cards import text_label
from companion.ui.people.people_page import title_width


class PromisesPage(QWidget):
    """Public widgets; see ``PromisesController`` for what they do."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(_("Promises"))
        title.setProperty("role", "headline")
        self.intro = text_label(
            _("Everything you promised and have not kept yet, the soonest due first."), subtle=True
        )
        self.person_combo = filter_combo(_("Person"))
        self.event_combo = filter_combo(_("Event"))
        person_label = QLabel(_("&Person:"))
        person_label.setBuddy(self.person_combo)
        event_label = QLabel(_("E&vent:"))
        event_label.setBuddy(self.event_combo)
        filters = QHBoxLayout()
        filters.addWidget(person_label)
        filters.addWidget(self.person_combo, 1)
        filters.addSpacing(12)
        filters.addWidget(event_label)
        filters.addWidget(self.event_combo, 1)

        self.table_view = QTableView()
        self.table_view.setObjectName("promisesTable")
        self.table_view.setAccessibleName(_("Open promises"))
        self.table_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table_view.setAlternatingRowColors(True)
        self.table_view.setShowGrid(False)
        self.table_view.setWordWrap(False)
        self.table_view.verticalHeader().hide()
        self.table_view.horizontalHeader().setHighlightSections(False)
        self.table_view.setTabKeyNavigation(False)

        self.done_button = QPushButton(_("&Done"))
        self.done_button.setToolTip(_("Mark the selected promise as kept"))
        self.snooze_button = QPushButton(_("&Snooze a week"))
        self.drop_button = QPushButton(_("Dr&op"))
        self.drop_button.setToolTip(_("You will not do it after all: take it off the list"))
        self.person_button = QPushButton(_("Open p&erson"))
        buttons = QHBoxLayout()
        for button in (self.done_button, self.snooze_button, self.drop_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.person_button)
        self.empty_label = text_label("", subtle=True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(title)
        layout.addWidget(self.intro)
        layout.addLayout(filters)
        layout.addWidget(self.table_view, 1)
        layout.addWidget(self.empty_label, 1)
        layout.addLayout(buttons)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Arriving on the page (Ctrl+5), the keys go to the list, its first promise chosen."""
        super().showEvent(event)
        if self.table_view.isVisible() and self.table_view.model() is not None:
            if not self.table_view.currentIndex().isValid():
                self.table_view.selectRow(0)
            self.table_view.setFocus()

    def size_columns(self) -> None:
        """Once the model is set: the promise text takes the room left."""
        header = self.table_view.horizontalHeader()
        em = self.fontMetrics().averageCharWidth()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(2, max(24 * em, title_width(header, 2)))

    def show_rows(self, *, has_rows: bool, empty_text: str) -> None:
        self.table_view.setVisible(has_rows)
        self.empty_label.setText(empty_text)
        self.empty_label.setVisible(not has_rows)


#: Characters a filter shows before it elides; its list still shows whole names and titles.
FILTER_CHARACTERS = 20


def filter_combo(name: str) -> QComboBox:
    """Sized to a name, not to its longest entry: one long event title used to push the event
    filter past the window's right edge."""
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(FILTER_CHARACTERS)
    return combo
