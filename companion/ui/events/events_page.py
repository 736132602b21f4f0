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
    QMenu,
    QPushButton,
    QTreeView,
    QWidget,
)

from companion.domain.events import EVENT_STATUS_LABELS, EventStatus
from companion.i18n import _
from companion.ui.events.events_delegate import EventsDelegate
from companion.ui.shell.pages import events_page as events_empty_state
from companion.ui.widgets.record_list_page import RecordListPage

SORT_BY_DATE = "date"
SORT_BY_FIT = "fit"


class EventsView(QTreeView):
    """Two levels (day or week groups, then events) painted as a list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventsList")
        self.setAccessibleName(_("Events"))
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


class EventsPage(RecordListPage):
    """Public widgets and actions; see ``EventsController`` for what they do."""

    def __init__(self, *, import_events: Callable[[], None], parent: QWidget | None = None) -> None:
        self.import_button = QPushButton(_("&Import…"))
        self.import_button.setToolTip(
            _("Import events from a calendar file (.ics) from Meetup, Eventbrite or your calendar")
        )
        self.import_button.clicked.connect(import_events)
        self.prepare_button = QPushButton(_("&Prepare…"))
        self.prepare_button.setToolTip(_("Prepare the selected event (Ctrl+Shift+P)"))
        self.prepare_button.setEnabled(False)
        self.sort_combo = QComboBox()
        self.sort_combo.addItem(_("Soonest first"), SORT_BY_DATE)
        self.sort_combo.addItem(_("Best fit first"), SORT_BY_FIT)
        self.sort_combo.setAccessibleName(_("Sort events"))
        self.list_view = EventsView()
        super().__init__(
            title=_("Events"),
            new_button_text=_("&New event…"),
            new_action_text=_("New event…"),
            filter_text=_("Filter events"),
            no_match_text=_("No event matches the filter."),
            view=self.list_view,
            empty_state=events_empty_state(import_events=import_events),
            filter_extras=(self.sort_combo,),
            buttons=(self.prepare_button, self.import_button),
            parent=parent,
        )
        # The toolbar holds five controls: a smaller filter keeps the title and the buttons
        # whole in a narrow window (and in German).
        self.search_edit.setMinimumWidth(140)
        self.status_actions: dict[EventStatus, QAction] = {}
        for status, label in EVENT_STATUS_LABELS.items():
            action = QAction(_(label), self)
            action.setCheckable(True)
            self.status_actions[status] = action
        status_menu = QMenu(_("&Status"), self.context_menu)
        for action in self.status_actions.values():
            status_menu.addAction(action)
        self.context_menu.insertMenu(self.menu_separator, status_menu)
        # Prepare (openers, offers, intention) and, after the event, the openers' feedback.
        self.prepare_action = QAction(_("&Prepare…"), self)
        self.prepare_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.prepare_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.list_view.addAction(self.prepare_action)
        self.review_openers_action = QAction(_("How did the &openers go?…"), self)
        self.context_menu.insertAction(self.edit_action, self.prepare_action)
        self.context_menu.insertAction(self.edit_action, self.review_openers_action)
        # Afterwards: everyone met there, in one go (wired by the window controller).
        self.log_met_action = QAction(_("&Log who I met…"), self)
        self.context_menu.insertAction(self.edit_action, self.log_met_action)

    def show_list(self, *, has_events: bool, has_matches: bool) -> None:
        self.show_records(has_records=has_events, has_matches=has_matches)
