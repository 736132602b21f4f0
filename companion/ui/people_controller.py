"""Wires the People page: the overview under the table, the form, and undoable commands."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, QPoint, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox

from companion.domain.people import Person
from companion.i18n import _
from companion.services.changes import ChangeSet
from companion.services.interests import all_interests, interest_label
from companion.services.people import people_overview
from companion.storage.store import Store
from companion.ui.data_changes import DataChanges
from companion.ui.people_commands import (
    AddPersonCommand,
    CommandContext,
    DeletePersonCommand,
    EditPersonCommand,
)
from companion.ui.people_model import Column, PeopleModel, PeopleProxy
from companion.ui.people_page import PeoplePage
from companion.ui.person_controller import PersonController
from companion.ui.person_form import PersonForm
from companion.ui.store_commands import StoreCommand

#: Changes to these tables can change what the table shows (where we met, what we share...).
WATCHED_TABLES = ("people", "encounters", "offers", "events", "profile", "interests")
#: Starting column widths, in average characters.
COLUMN_WIDTHS: dict[int, int] = {
    Column.NAME: 28,
    Column.MET_AT: 26,
    Column.LAST_CONTACT: 16,
    Column.FOLLOW_UP: 18,
    Column.PROMISES: 12,
}


class PeopleController(QObject):
    def __init__(
        self,
        page: PeoplePage,
        *,
        store: Store,
        changes: DataChanges,
        undo_stack: QUndoStack,
        today: Callable[[], date],
    ) -> None:
        super().__init__(page)
        self.page = page
        self._store = store
        self._changes = changes
        self._undo_stack = undo_stack
        self._today = today
        self.model = PeopleModel(self)
        self.proxy = PeopleProxy(self)
        self.proxy.setSourceModel(self.model)
        page.table_view.setModel(self.proxy)
        page.table_view.size_columns(COLUMN_WIDTHS, stretched=Column.SHARED)
        page.table_view.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
        self.form: PersonForm | None = None
        self._context = CommandContext(store, changes, self._show_error)
        self.person = PersonController(
            page.person_page,
            store=store,
            changes=changes,
            undo_stack=undo_stack,
            context=self._context,
            today=today,
            edit_person=self.open_edit_form,
            delete_person=self._delete,
        )
        self._connect_signals()
        self.reload()

    def _connect_signals(self) -> None:
        page = self.page
        page.new_button.clicked.connect(self.open_new_form)
        page.new_action.triggered.connect(self.open_new_form)
        page.edit_action.triggered.connect(self._on_edit_action_triggered)
        page.delete_action.triggered.connect(self.delete_selected)
        page.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        # ``activated`` is Enter, and a double click (or a single one where the style says so).
        page.table_view.activated.connect(self._on_table_view_activated)
        page.table_view.customContextMenuRequested.connect(self._on_table_view_context_menu)
        self._changes.changed.connect(self._on_data_changed)
        self.person.closed.connect(self._on_person_closed)

    # --- the person page ------------------------------------------------------------------

    def open_person(self, person_id: str) -> bool:
        """Show the person's page (selected in the table behind it); False: unknown id."""
        if not self.person.show_person(person_id):
            return False
        self.select_person(person_id)
        self.page.show_person_page()
        return True

    def _on_person_closed(self) -> None:
        self.page.show_list()

    # --- the table --------------------------------------------------------------------------

    def reload(self) -> None:
        """Reload from the store, keeping the selected person selected."""
        selected = self.selected_person()
        labels = {
            interest.slug: interest_label(interest) for interest in all_interests(self._store)
        }
        rows = people_overview(self._store, self._today())
        self.model.set_rows(rows, lambda slug: labels.get(slug, slug))
        self._show_table()
        if selected is not None:
            self.select_person(selected.id)

    def _show_table(self) -> None:
        self.page.show_table(
            has_people=self.model.person_count() > 0, has_matches=self.proxy.rowCount() > 0
        )

    def selected_person(self) -> Person | None:
        current = self.page.table_view.currentIndex()
        return self.model.person_at(self.proxy.mapToSource(current)) if current.isValid() else None

    def select_person(self, person_id: str) -> bool:
        """Select the person; when the filter hides them, clear it first. False: unknown id."""
        source = self.model.index_of(person_id)
        if not source.isValid():
            return False
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            self.page.search_edit.clear()
            index = self.proxy.mapFromSource(source)
        view = self.page.table_view
        view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        view.scrollTo(index)
        return True

    def _on_data_changed(self, changes: ChangeSet) -> None:
        if any(changes.touches(table) for table in WATCHED_TABLES):
            self.reload()

    def _on_search_edit_text_changed(self, text: str) -> None:
        self.proxy.set_search_text(text)
        self._show_table()

    def _on_table_view_activated(self, index: QModelIndex) -> None:
        person = self.model.person_at(self.proxy.mapToSource(index))
        if person is not None:
            self.open_person(person.id)

    def _on_table_view_context_menu(self, position: QPoint) -> None:
        view = self.page.table_view
        index = view.indexAt(position)
        if self.model.person_at(self.proxy.mapToSource(index)) is None:
            return
        view.setCurrentIndex(index)
        self.page.context_menu.popup(view.viewport().mapToGlobal(position))

    # --- the form ---------------------------------------------------------------------------

    def open_new_form(self) -> None:
        self._open_form(None)

    def open_edit_form(self, person: Person) -> None:
        self._open_form(person)

    def _on_edit_action_triggered(self) -> None:
        person = self.selected_person()
        if person is not None:
            self.open_edit_form(person)

    def _open_form(self, person: Person | None) -> None:
        """Window-modal and non-blocking (``open``), so the event loop and tests keep running."""
        if self.form is not None:
            self.form.raise_()
            return
        form = PersonForm(interests=all_interests(self._store), person=person, parent=self.page)
        form.accepted.connect(lambda: self._on_form_accepted(form, person))
        form.finished.connect(self._on_form_finished)
        self.form = form
        form.open()

    def _on_form_accepted(self, form: PersonForm, before: Person | None) -> None:
        after = form.entered_person()
        if after is None:
            return
        if before is None:
            self._push(AddPersonCommand(after, self._context))
        elif after != before:
            self._push(EditPersonCommand(before, after, self._context))
        self.select_person(after.id)

    def _on_form_finished(self) -> None:
        if self.form is not None:
            self.form.deleteLater()
            self.form = None

    # --- commands ---------------------------------------------------------------------------

    def delete_selected(self) -> None:
        person = self.selected_person()
        if person is not None:
            self._delete(person)

    def _delete(self, person: Person) -> None:
        self._push(DeletePersonCommand(person, self._context))

    def _push(self, command: StoreCommand) -> None:
        self._undo_stack.push(command)

    def _show_error(self, message: str) -> None:
        QMessageBox.warning(self.page, _("People"), message)
