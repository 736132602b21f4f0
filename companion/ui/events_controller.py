"""Wires the Events page: the model under the list, the form, and undoable commands."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, QPoint
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox

from companion.domain.events import Event, EventStatus
from companion.i18n import _
from companion.services.changes import ChangeSet
from companion.services.clock import Clock
from companion.services.interests import all_interests
from companion.storage.store import Store
from companion.ui.data_changes import DataChanges
from companion.ui.event_commands import (
    AddEventCommand,
    CommandContext,
    DeleteEventCommand,
    EditEventCommand,
    SetStatusCommand,
)
from companion.ui.event_form import EventForm
from companion.ui.events_model import EventsModel, EventsProxy
from companion.ui.events_page import SORT_BY_FIT, EventsPage
from companion.ui.store_commands import StoreCommand

#: Changes to these tables can change what the list shows (interest labels, my fit).
WATCHED_TABLES = ("events", "interests", "profile")


class EventsController(QObject):
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
        super().__init__(page)
        self._prepare_event = prepare_event
        self._review_openers = review_openers
        self.page = page
        self._store = store
        self._changes = changes
        self._undo_stack = undo_stack
        self._now = now
        self.model = EventsModel(store, now=now, parent=self)
        self.proxy = EventsProxy(self)
        self.proxy.setSourceModel(self.model)
        page.list_view.setModel(self.proxy)
        self.form: EventForm | None = None
        self._context = CommandContext(store, changes, self._show_error)
        self._connect_signals()
        self.reload()

    def _connect_signals(self) -> None:
        page = self.page
        page.new_button.clicked.connect(self.open_new_form)
        page.new_action.triggered.connect(self.open_new_form)
        page.edit_action.triggered.connect(self._on_edit_action_triggered)
        page.delete_action.triggered.connect(self.delete_selected)
        for status, action in page.status_actions.items():
            action.triggered.connect(
                lambda _checked=False, status=status: self.set_selected_status(status)
            )
        page.sort_combo.currentIndexChanged.connect(self._on_sort_combo_changed)
        page.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        page.list_view.activated.connect(self._on_list_view_activated)
        page.list_view.customContextMenuRequested.connect(self._on_list_view_context_menu)
        page.prepare_action.triggered.connect(self.prepare_selected)
        page.prepare_button.clicked.connect(self.prepare_selected)
        page.review_openers_action.triggered.connect(self.review_selected_openers)
        page.list_view.selectionModel().currentChanged.connect(self._update_prepare_actions)
        self._changes.changed.connect(self._on_data_changed)

    # --- the list ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Reload from the store, keeping the selected event selected."""
        selected = self.selected_event()
        self.model.reload()
        self.proxy.sort(0)
        self.page.list_view.expandAll()
        self._show_list()
        if selected is not None:
            self.select_event(selected.id)
        self._update_prepare_actions()

    def _show_list(self) -> None:
        self.page.show_list(
            has_events=self.model.event_count() > 0, has_matches=self.proxy.rowCount() > 0
        )

    def selected_event(self) -> Event | None:
        current = self.page.list_view.currentIndex()
        return self.model.event_at(self.proxy.mapToSource(current)) if current.isValid() else None

    def select_event(self, event_id: str) -> bool:
        index = self.proxy.mapFromSource(self.model.index_of(event_id))
        if not index.isValid():
            return False
        view = self.page.list_view
        view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        view.scrollTo(index)
        return True

    def _on_data_changed(self, changes: ChangeSet) -> None:
        if any(changes.touches(table) for table in WATCHED_TABLES):
            self.reload()

    def _on_sort_combo_changed(self) -> None:
        by_fit = self.page.sort_combo.currentData() == SORT_BY_FIT
        self.model.set_by_fit(by_fit)
        self.proxy.set_by_fit(by_fit)
        self.page.list_view.expandAll()
        self._show_list()

    def _on_search_edit_text_changed(self, text: str) -> None:
        self.proxy.set_search_text(text)
        self.page.list_view.expandAll()
        self._show_list()

    def _on_list_view_activated(self, index: QModelIndex) -> None:
        event = self.model.event_at(self.proxy.mapToSource(index))
        if event is not None:
            self.open_edit_form(event)

    def _on_list_view_context_menu(self, position: QPoint) -> None:
        view = self.page.list_view
        index = view.indexAt(position)
        event = self.model.event_at(self.proxy.mapToSource(index))
        if event is None:
            return
        view.setCurrentIndex(index)
        for status, action in self.page.status_actions.items():
            action.setChecked(status is event.status)
        self.page.context_menu.popup(view.viewport().mapToGlobal(position))

    # --- the form ---------------------------------------------------------------------------

    def open_new_form(self) -> None:
        self._open_form(None)

    def open_edit_form(self, event: Event) -> None:
        self._open_form(event)

    def _on_edit_action_triggered(self) -> None:
        event = self.selected_event()
        if event is not None:
            self.open_edit_form(event)

    def _open_form(self, event: Event | None) -> None:
        """Window-modal and non-blocking (``open``), so the event loop and tests keep running."""
        if self.form is not None:
            self.form.raise_()
            return
        form = EventForm(
            interests=all_interests(self._store), now=self._now(), event=event, parent=self.page
        )
        form.accepted.connect(lambda: self._on_form_accepted(form, event))
        form.finished.connect(self._on_form_finished)
        self.form = form
        form.open()

    def _on_form_accepted(self, form: EventForm, before: Event | None) -> None:
        after = form.entered_event()
        if after is None:
            return
        if before is None:
            self._push(AddEventCommand(after, self._context))
        elif after != before:
            self._push(EditEventCommand(before, after, self._context))
        self.select_event(after.id)

    def _on_form_finished(self) -> None:
        if self.form is not None:
            self.form.deleteLater()
            self.form = None

    # --- commands ---------------------------------------------------------------------------

    def delete_selected(self) -> None:
        event = self.selected_event()
        if event is not None:
            self._push(DeleteEventCommand(event, self._context))

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

    def _push(self, command: StoreCommand) -> None:
        self._undo_stack.push(command)

    def _show_error(self, message: str) -> None:
        QMessageBox.warning(self.page, _("Events"), message)
