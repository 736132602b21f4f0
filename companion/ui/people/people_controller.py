"""Wires the People page: the overview under the table, the form, and undoable commands."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QUndoStack

from companion.domain.people import Person
from companion.i18n import N_
from companion.services.people.people import people_overview
from companion.services.profile.interests import all_interests, interest_label
from companion.storage.store import Store
from companion.ui.people.people_commands import (
    AddPersonCommand,
    DeletePersonCommand,
    EditPersonCommand,
)
from companion.ui.people.people_model import Column, PeopleModel, PeopleProxy
from companion.ui.people.people_page import PeoplePage
from companion.ui.people.person_controller import PersonController
from companion.ui.people.person_form import PersonForm
from companion.ui.shell.data_changes import DataChanges
from companion.ui.shell.store_commands import StoreCommand
from companion.ui.widgets.list_controller import RecordListController

#: Changes to these tables can change what the table shows (where we met, what we share...).
WATCHED_TABLES = ("people", "encounters", "offers", "events", "profile", "interests")
#: Starting column widths, in average characters.
COLUMN_WIDTHS: dict[int, int] = {
    Column.NAME: 24,
    Column.MET_AT: 22,
    Column.LAST_CONTACT: 16,
    Column.FOLLOW_UP: 18,
    Column.PROMISES: 12,
}


#: How long the filter waits for the next key on a long list.
FILTER_DELAY_MS = 150
FILTER_AT_ONCE_BELOW = 2_000


class PeopleController(RecordListController[PeoplePage, Person, PersonForm]):
    watched_tables = WATCHED_TABLES
    error_title = N_("People")
    selection_flags = (
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )

    def __init__(
        self,
        page: PeoplePage,
        *,
        store: Store,
        changes: DataChanges,
        undo_stack: QUndoStack,
        today: Callable[[], date],
    ) -> None:
        super().__init__(page, page.table_view, store=store, changes=changes, undo_stack=undo_stack)
        self._today = today
        self._delete_check: Callable[[Person], bool] | None = None
        self.model = PeopleModel(self)
        self.proxy = PeopleProxy(self)
        self.proxy.setSourceModel(self.model)
        page.table_view.setModel(self.proxy)
        page.table_view.size_columns(COLUMN_WIDTHS, stretched=Column.SHARED)
        page.table_view.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
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
        self.person.closed.connect(self._on_person_closed)
        self._filter_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self._apply_filter)
        self._connect_list_signals()
        self.reload()

    # --- the person page ------------------------------------------------------------------

    def open_person(self, person_id: str) -> bool:
        """Show the person's page (selected in the table behind it); False: unknown id."""
        self.ensure_loaded()
        if not self.person.show_person(person_id):
            return False
        self.select_person(person_id)
        self.page.show_person_page()
        return True

    def _on_person_closed(self) -> None:
        self.page.show_list()

    # --- the table --------------------------------------------------------------------------

    def _load(self) -> None:
        """Fill the list from the store, keeping the selected person selected."""
        selected = self.selected_person_id()
        labels = {
            interest.slug: interest_label(interest) for interest in all_interests(self._store)
        }
        rows = people_overview(self._store, self._today())
        self.model.set_rows(rows, lambda slug: labels.get(slug, slug))
        self._show_table()
        if selected is not None:
            self.select_person(selected)

    def _show_table(self) -> None:
        self.page.show_table(
            has_people=self.model.person_count() > 0, has_matches=self.proxy.rowCount() > 0
        )

    def selected_person(self) -> Person | None:
        return self._selected_record()

    def selected_person_id(self) -> str | None:
        """The selected person's id, without reading the person from the store."""
        current = self._view.currentIndex()
        return self.model.person_id_at(self.proxy.mapToSource(current))

    def select_person(self, person_id: str) -> bool:
        """Select the person; when the filter hides them, clear it first. False: unknown id."""
        self.ensure_loaded()
        source = self.model.index_of(person_id)
        if not source.isValid():
            return False
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            self.page.search_edit.clear()
            self._apply_filter()
            index = self.proxy.mapFromSource(source)
        self._make_current(index)
        return True

    def _on_search_edit_text_changed(self, text: str) -> None:
        # Filtering 10,000 rows takes ~25 ms: with that many, it waits for a pause in typing
        # so that keys never queue up behind it; a short list filters as each key lands.
        if self.model.person_count() < FILTER_AT_ONCE_BELOW:
            self._apply_filter()
        else:
            self._filter_timer.start()

    def _apply_filter(self) -> None:
        self._filter_timer.stop()
        self.proxy.set_search_text(self.page.search_edit.text())
        self._show_table()

    def _open_record(self, person: Person) -> None:
        self.open_person(person.id)

    # --- hooks of RecordListController ------------------------------------------------------

    def _record_at(self, index: QModelIndex) -> Person | None:
        # Rows hold only what the table shows: the person is read when one is acted on.
        person_id = self.model.person_id_at(self.proxy.mapToSource(index))
        return None if person_id is None else self._store.people.get(person_id)

    def _select_record(self, record_id: str) -> None:
        self.select_person(record_id)

    def _new_form(self, person: Person | None) -> PersonForm:
        return PersonForm(interests=all_interests(self._store), person=person, parent=self.page)

    def _entered_record(self, form: PersonForm, before: Person | None) -> Person | None:
        return form.entered_person()

    def _add_command(self, person: Person) -> StoreCommand:
        return AddPersonCommand(person, self._context)

    def _edit_command(self, before: Person, after: Person) -> StoreCommand:
        return EditPersonCommand(before, after, self._context)

    def _delete_command(self, person: Person) -> StoreCommand:
        return DeletePersonCommand(person, self._context)

    def _delete(self, person: Person) -> None:
        if self._may_delete(person):
            self._push(self._delete_command(person))

    def delete_selected(self) -> None:
        person = self._selected_record()
        if person is not None and self._may_delete(person):
            super().delete_selected()

    def set_delete_check(self, check: Callable[[Person], bool]) -> None:
        """Asked before a person is deleted (sync: their server card too?); False cancels."""
        self._delete_check = check

    def _may_delete(self, person: Person) -> bool:
        return self._delete_check is None or self._delete_check(person)
