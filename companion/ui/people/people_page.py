"""The People page's layout: a toolbar, then the table of people (or an empty state).

Layout only: ``PeopleController`` connects the widgets and actions to the services.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from companion.i18n import _
from companion.ui.people.person_page import PersonPage
from companion.ui.shell.pages import people_page as people_empty_state
from companion.ui.widgets.record_list_page import RecordListPage

#: Room beside a column title for the sort arrow and the section's margins.
TITLE_PADDING = 28


def title_width(header: QHeaderView, column: int) -> int:
    """The width that shows a column's whole title (German ones are long: issue 17)."""
    model = header.model()
    title = str(model.headerData(column, Qt.Orientation.Horizontal)) if model else ""
    metrics = header.fontMetrics()
    return max(metrics.horizontalAdvance(line) for line in title.splitlines() or [""]) + (
        TITLE_PADDING
    )


class PeopleView(QTableView):
    """One row per person, sorted by clicking a header."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("peopleTable")
        self.setAccessibleName(_("People"))
        self.setSortingEnabled(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        # Fixed row heights: the view never measures 10,000 rows to lay them out.
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        self.setFrameShape(QTableView.Shape.NoFrame)

    def size_columns(self, widths: dict[int, int], *, stretched: int) -> None:
        """Starting widths in average characters (the user can drag them); one column stretches.

        Called once the model is set: a header without sections ignores sizes and modes.
        """
        header = self.horizontalHeader()
        em = self.fontMetrics().averageCharWidth()
        for column, characters in widths.items():
            header.resizeSection(column, max(characters * em, title_width(header, column)))
        header.setSectionResizeMode(stretched, QHeaderView.ResizeMode.Stretch)


class PeoplePage(RecordListPage):
    """Public widgets and actions; see ``PeopleController`` for what they do."""

    def __init__(self, *, import_people: Callable[[], None], parent: QWidget | None = None) -> None:
        self.table_view = PeopleView()
        super().__init__(
            title=_("People"),
            new_button_text=_("&Add person…"),
            new_action_text=_("Add person…"),
            filter_text=_("Filter people"),
            no_match_text=_("No person matches the filter."),
            view=self.table_view,
            empty_state=people_empty_state(import_people=import_people),
            parent=parent,
        )

    def _lay_out(self) -> None:
        """The list frame and one person's page, stacked: Enter on a person shows their page.

        The toolbar is that of ``RecordListPage``, built here on a panel of its own so the
        person page can take the whole page.
        """
        toolbar = QHBoxLayout()
        toolbar.setSpacing(8)
        toolbar.addWidget(self.title)
        toolbar.addStretch(1)
        toolbar.addWidget(self.search_edit)
        toolbar.addWidget(self.new_button)
        self.list_panel = QWidget()
        list_layout = QVBoxLayout(self.list_panel)
        list_layout.setContentsMargins(24, 20, 24, 12)
        list_layout.setSpacing(12)
        list_layout.addLayout(toolbar)
        list_layout.addWidget(self.stack, 1)
        self.person_page = PersonPage()
        self.panels = QStackedWidget()
        self.panels.addWidget(self.list_panel)
        self.panels.addWidget(self.person_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panels)

    def show_table(self, *, has_people: bool, has_matches: bool) -> None:
        self.show_records(has_records=has_people, has_matches=has_matches)

    def show_list(self) -> None:
        self.panels.setCurrentWidget(self.list_panel)
        self.table_view.setFocus()

    def show_person_page(self) -> None:
        self.panels.setCurrentWidget(self.person_page)
        self.person_page.setFocus()

    def showing_person(self) -> bool:
        return self.panels.currentWidget() is self.person_page
