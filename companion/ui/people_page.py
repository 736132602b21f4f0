"""The People page's layout: a toolbar, then the table of people (or an empty state).

Layout only: ``PeopleController`` connects the widgets and actions to the services.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from companion.i18n import _
from companion.ui.pages import people_page as people_empty_state


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


class PeoplePage(QWidget):
    """Public widgets and actions; see ``PeopleController`` for what they do."""

    def __init__(self, *, import_people: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(_("People"))
        self.title.setProperty("role", "headline")
        self.new_button = QPushButton(_("&Add person…"))
        self.new_button.setProperty("primary", True)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(_("Filter people"))
        self.search_edit.setAccessibleName(_("Filter people"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(260)
        self.table_view = PeopleView()
        self.no_match = QLabel(_("No person matches the filter."))
        self.no_match.setProperty("role", "subtle")
        self.no_match.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_state = people_empty_state(import_people=import_people)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(self.table_view)
        self.stack.addWidget(self.no_match)
        self._build_actions()
        self._lay_out()

    def _build_actions(self) -> None:
        self.new_action = QAction(_("Add person…"), self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        # Window-wide, but only while this page is the one shown (hidden pages are ignored).
        self.new_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(self.new_action)
        self.edit_action = QAction(_("&Edit…"), self)
        self.delete_action = QAction(_("&Delete"), self)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table_view.addAction(self.delete_action)
        self.context_menu = QMenu(self)
        self.context_menu.addAction(self.edit_action)
        self.context_menu.addSeparator()
        self.context_menu.addAction(self.delete_action)

    def _lay_out(self) -> None:
        toolbar = QHBoxLayout()
        toolbar.setSpacing(8)
        toolbar.addWidget(self.title)
        toolbar.addStretch(1)
        toolbar.addWidget(self.search_edit)
        toolbar.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 12)
        layout.setSpacing(12)
        layout.addLayout(toolbar)
        layout.addWidget(self.stack, 1)

    def show_table(self, *, has_people: bool, has_matches: bool) -> None:
        """The empty state without people, a note when the filter hides all, else the table."""
        if not has_people:
            self.stack.setCurrentWidget(self.empty_state)
        elif not has_matches:
            self.stack.setCurrentWidget(self.no_match)
        else:
            self.stack.setCurrentWidget(self.table_view)
        self.search_edit.setEnabled(has_people)
