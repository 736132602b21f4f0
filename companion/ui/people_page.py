"""The People page's layout: a toolbar, then the table of people (or an empty state).

Layout only: ``PeopleController`` connects the widgets and actions to the services.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QWidget,
)

from companion.i18n import _
from companion.ui.pages import people_page as people_empty_state
from companion.ui.record_list_page import RecordListPage


class PeopleView(QTableView):
    """One row per person, sorted by clicking a header."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("peopleTable")
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
            header.resizeSection(column, characters * em)
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

    def show_table(self, *, has_people: bool, has_matches: bool) -> None:
        self.show_records(has_records=has_people, has_matches=has_matches)
