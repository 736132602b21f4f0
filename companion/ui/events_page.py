"""The Events page's layout: a toolbar, then the list of events (or an empty state).

Layout only: ``EventsController`` connects the widgets and actions to the services.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from companion.domain.events import EVENT_STATUS_LABELS, EventStatus
from companion.i18n import _
from companion.ui.events_delegate import EventsDelegate
from companion.ui.pages import events_page as events_empty_state

SORT_BY_DATE = "date"
SORT_BY_FIT = "fit"


class EventsView(QTreeView):
    """Two levels (day or week groups, then events) painted as a list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventsList")
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setIndentation(0)
        self.setUniformRowHeights(False)
        self.setMouseTracking(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setItemDelegate(EventsDelegate(self))
        self.setFrameShape(QTreeView.Shape.NoFrame)


class EventsPage(QWidget):
    """Public widgets and actions; see ``EventsController`` for what they do."""

    def __init__(self, *, import_events: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(_("Events"))
        self.title.setProperty("role", "headline")
        self.new_button = QPushButton(_("&New event…"))
        self.new_button.setProperty("primary", True)
        self.import_button = QPushButton(_("&Import events…"))
        self.import_button.clicked.connect(import_events)
        self.sort_combo = QComboBox()
        self.sort_combo.addItem(_("Soonest first"), SORT_BY_DATE)
        self.sort_combo.addItem(_("Best fit first"), SORT_BY_FIT)
        self.sort_combo.setAccessibleName(_("Sort events"))
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(_("Filter events"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(260)
        self.list_view = EventsView()
        self.no_match = QLabel(_("No event matches the filter."))
        self.no_match.setProperty("role", "subtle")
        self.no_match.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_state = events_empty_state(import_events=import_events)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(self.list_view)
        self.stack.addWidget(self.no_match)
        self._build_actions()
        self._lay_out()

    def _build_actions(self) -> None:
        self.new_action = QAction(_("New event…"), self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        # Window-wide, but only while this page is the one shown (hidden pages are ignored).
        self.new_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(self.new_action)
        self.edit_action = QAction(_("&Edit…"), self)
        self.delete_action = QAction(_("&Delete"), self)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.list_view.addAction(self.delete_action)
        self.status_actions: dict[EventStatus, QAction] = {}
        for status, label in EVENT_STATUS_LABELS.items():
            action = QAction(_(label), self)
            action.setCheckable(True)
            self.status_actions[status] = action
        self.context_menu = QMenu(self)
        self.context_menu.addAction(self.edit_action)
        status_menu = self.context_menu.addMenu(_("&Status"))
        for action in self.status_actions.values():
            status_menu.addAction(action)
        self.context_menu.addSeparator()
        self.context_menu.addAction(self.delete_action)

    def _lay_out(self) -> None:
        toolbar = QHBoxLayout()
        toolbar.setSpacing(8)
        toolbar.addWidget(self.title)
        toolbar.addStretch(1)
        toolbar.addWidget(self.search_edit)
        toolbar.addWidget(self.sort_combo)
        toolbar.addWidget(self.import_button)
        toolbar.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 12)
        layout.setSpacing(12)
        layout.addLayout(toolbar)
        layout.addWidget(self.stack, 1)

    def show_list(self, *, has_events: bool, has_matches: bool) -> None:
        """The empty state without events, a note when the filter hides all, else the list."""
        if not has_events:
            self.stack.setCurrentWidget(self.empty_state)
        elif not has_matches:
            self.stack.setCurrentWidget(self.no_match)
        else:
            self.stack.setCurrentWidget(self.list_view)
        for widget in (self.search_edit, self.sort_combo):
            widget.setEnabled(has_events)
