"""Wires the Events page: the model under the list, the form, and undoable commands."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QUndoStack

from companion.domain.events import Event, EventStatus
from companion.i18n import N_
from companion.services.clock import Clock
from companion.services.profile.interests import all_interests
from companion.storage.store import Store
from companion.ui.events.event_commands import (
    AddEventCommand,
    DeleteEventCommand,
    EditEventCommand,
    SetStatusCommand,
)
from companion.ui.events.event_form import EventForm
from companion.ui.events.events_model import EventsModel, EventsProxy
from companion.ui.events.events_page import SORT_BY_FIT, EventsPage
from companion.ui.shell.data_changes import DataChanges
from companion.ui.shell.store_commands import StoreCommand
from companion.ui.widgets.list_controller import RecordListController

#: Changes to these tables can change what the list shows (interest labels, my fit).
WATCHED_TABLES = ("events", "interests", "profile")


class EventsController(RecordListController[EventsPage, Event, EventForm]):
    watched_tables = WATCHED_TABLES
    error_title = N_("Events")

    def __init__(
        self,
        page: EventsPage,
        *,
        store: Store,
        changes: DataChanges,
        undo_stack: QUndoStack,
        now: Clock,
        prepare_event: Callable[[str], object] | None = None,
        review_openers: Callable[[str], object] | None = None,
    ) -> None:
        """``prepare_event``/``review_openers`` open the Prepare and feedback dialogs by id."""
        super().__init__(page, page.list_view, store=store, changes=changes, undo_stack=undo_stack)
        self._prepare_event = prepare_event
        self._review_openers = review_openers
        self._now = now
        self.model = EventsModel(store, now=now, parent=self)
        self.proxy = EventsProxy(self)
        self.proxy.setSourceModel(self.model)
        page.list_view.setModel(self.proxy)
        self._connect_signals()
        self.reload()

    def _connect_signals(self) -> None:
        page = self.page
        for status, action in page.status_actions.items():
            action.triggered.connect(
                lambda _checked=False, status=status: self.set_selected_status(status)
            )
        page.sort_combo.currentIndexChanged.connect(self._on_sort_combo_changed)
        page.prepare_action.triggered.connect(self.prepare_selected)
        page.prepare_button.clicked.connect(self.prepare_selected)
        page.review_openers_action.triggered.connect(self.review_selected_openers)
        page.list_view.selectionModel().currentChanged.connect(self._update_prepare_actions)
        self._connect_list_signals()

    # --- the list ---------------------------------------------------------------------------

    def _load(self) -> None:
        """Fill the list from the store, keeping the selected event selected."""
        selected = self.selected_event()
        self.model.reload()
        self.proxy.sort(0)
        self._show_list()
        if selected is not None:
            self.select_event(selected.id)
        self._update_prepare_actions()

    def _show_list(self) -> None:
        self.page.list_view.expandAll()
        self.page.show_list(
            has_events=self.model.event_count() > 0, has_matches=self.proxy.rowCount() > 0
        )

    def selected_event(self) -> Event | None:
        return self._selected_record()

    def select_event(self, event_id: str) -> bool:
        self.ensure_loaded()
        index = self.proxy.mapFromSource(self.model.index_of(event_id))
        if not index.isValid():
            return False
        self._make_current(index)
        return True

    def _on_sort_combo_changed(self) -> None:
        by_fit = self.page.sort_combo.currentData() == SORT_BY_FIT
        self.model.set_by_fit(by_fit)
        self.proxy.set_by_fit(by_fit)
        self._show_list()

    def _on_search_edit_text_changed(self, text: str) -> None:
        self.proxy.set_search_text(text)
        self._show_list()

    def _prepare_context_menu(self, event: Event) -> None:
        for status, action in self.page.status_actions.items():
            action.setChecked(status is event.status)

    # --- commands ---------------------------------------------------------------------------

    def set_selected_status(self, status: EventStatus) -> None:
        event = self.selected_event()
        if event is not None and event.status is not status:
            self._push(SetStatusCommand(event, status, self._context))
            self.select_event(event.id)

    def prepare_selected(self) -> None:
        event = self.selected_event()
        if event is not None and self._prepare_event is not None:
            self._prepare_event(event.id)

    def review_selected_openers(self) -> None:
        event = self.selected_event()
        if event is not None and self._review_openers is not None:
            self._review_openers(event.id)

    def _update_prepare_actions(self) -> None:
        event = self.selected_event()
        page = self.page
        page.prepare_action.setEnabled(event is not None and self._prepare_event is not None)
        page.prepare_button.setEnabled(page.prepare_action.isEnabled())
        ended = event is not None and event.has_ended(self._now())
        page.review_openers_action.setVisible(ended and self._review_openers is not None)
        page.review_openers_action.setEnabled(ended and bool(event and event.prep.opener_ids))

    # --- hooks of RecordListController ------------------------------------------------------

    def _record_at(self, index: QModelIndex) -> Event | None:
        return self.model.event_at(self.proxy.mapToSource(index))

    def _select_record(self, record_id: str) -> None:
        self.select_event(record_id)

    def _new_form(self, event: Event | None) -> EventForm:
        interests = all_interests(self._store)
        return EventForm(interests=interests, now=self._now(), event=event, parent=self.page)

    def _entered_record(self, form: EventForm, before: Event | None) -> Event | None:
        return form.entered_event()

    def _add_command(self, event: Event) -> StoreCommand:
        return AddEventCommand(event, self._context)

    def _edit_command(self, before: Event, after: Event) -> StoreCommand:
        return EditEventCommand(before, after, self._context)

    def _delete_command(self, event: Event) -> StoreCommand:
        return DeleteEventCommand(event, self._context)
