"""Wires the person page: gathers a person's details, and turns clicks into undoable commands."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from companion.domain.errors import ValidationError
from companion.domain.people import Encounter, EncounterKind, FollowUp, Person, PromiseStatus
from companion.services.changes import ChangeSet
from companion.services.prepare.follow_up_message import FollowUpError, follow_up_message
from companion.services.profile.interests import label_for_slug
from companion.services.promises.due_dates import parse_due
from companion.services.promises.promises import cadence_follow_up, promises_of
from companion.services.promises.timeline import TimelineKind, timeline
from companion.storage.store import Store
from companion.ui.people.follow_up_dialog import FollowUpDialog
from companion.ui.people.person_commands import (
    AddEncounterCommand,
    AddPromiseCommand,
    SetFollowUpCommand,
    SetPromiseStatusCommand,
)
from companion.ui.people.person_page import PersonDetails, PersonPage
from companion.ui.shell.child_dialog import ChildDialog
from companion.ui.shell.data_changes import DataChanges
from companion.ui.shell.store_commands import CommandContext

#: A change to any of these may change what the page shows.
WATCHED_TABLES = ("people", "encounters", "offers", "events", "interests")
STATUS_BY_BUTTON = {
    "done": PromiseStatus.DONE,
    "drop": PromiseStatus.DROPPED,
    "reopen": PromiseStatus.OPEN,
}


def person_details(store: Store, person: Person, today: date) -> PersonDetails:
    entries = timeline(store, person.id)
    encounters = [entry.on for entry in entries if entry.kind is TimelineKind.ENCOUNTER]
    last_contact = max(encounters) if encounters else None
    return PersonDetails(
        person=person,
        interest_labels=tuple(label_for_slug(store, slug) for slug in person.interests),
        follow_up_due=person.follow_up.due_date(last_contact) if person.follow_up else None,
        promises=tuple(promises_of(store, person.id)),
        timeline=tuple(entries),
        today=today,
    )


class PersonController(QObject):
    """``closed`` asks the People page to show its table again (Back, or the person is gone)."""

    closed = Signal()

    def __init__(
        self,
        page: PersonPage,
        *,
        store: Store,
        changes: DataChanges,
        undo_stack: QUndoStack,
        context: CommandContext,
        today: Callable[[], date],
        edit_person: Callable[[Person], None],
        delete_person: Callable[[Person], None],
    ) -> None:
        super().__init__(page)
        self.page = page
        self._store = store
        self._changes = changes
        self._undo_stack = undo_stack
        self._context = context
        self._today = today
        self._edit_person = edit_person
        self._delete_person = delete_person
        self.person: Person | None = None
        self.follow_up_dialog: ChildDialog[FollowUpDialog] = ChildDialog()
        self._connect_signals()

    def _connect_signals(self) -> None:
        page = self.page
        page.back_button.clicked.connect(self.closed)
        page.back_action.triggered.connect(self.closed)
        page.edit_button.clicked.connect(self._on_edit_button_clicked)
        page.write_follow_up_button.clicked.connect(lambda: self.write_follow_up())
        page.delete_button.clicked.connect(self._on_delete_button_clicked)
        for days, button in page.cadence_buttons.items():
            button.clicked.connect(lambda _checked=False, days=days: self.set_cadence(days))
        page.follow_up_date_button.picked.connect(self._on_follow_up_date_picked)
        page.no_follow_up_button.clicked.connect(lambda: self._set_follow_up(None))
        page.add_promise_button.clicked.connect(self.add_promise)
        page.new_promise_edit.returnPressed.connect(self.add_promise)
        page.new_promise_due_edit.returnPressed.connect(self.add_promise)
        page.add_encounter_button.clicked.connect(self.add_encounter)
        page.encounter_note_edit.returnPressed.connect(self.add_encounter)
        self._changes.changed.connect(self._on_data_changed)

    def show_person(self, person_id: str) -> bool:
        """Fill the page with the person; False when they are not stored."""
        person = self._store.people.get(person_id)
        if person is None:
            return False
        self.person = person
        self.page.show_error("")
        self._refresh()
        return True

    def _refresh(self) -> None:
        if self.person is None:
            return
        person = self._store.people.get(self.person.id)
        if person is None:
            self.person = None
            self.closed.emit()
            return
        self.person = person
        self.page.show_details(person_details(self._store, person, self._today()))
        for (promise_id, key), button in self.page.promise_buttons.items():
            button.clicked.connect(
                lambda _checked=False, promise_id=promise_id, key=key: self.set_promise_status(
                    promise_id, STATUS_BY_BUTTON[key]
                )
            )
        for promise_id, button in self.page.promise_follow_up_buttons.items():
            button.clicked.connect(
                lambda _checked=False, promise_id=promise_id: self.write_follow_up(promise_id)
            )

    def write_follow_up(self, promise_id: str | None = None) -> None:
        """The follow-up message to this person (about one promise), to edit, mail or copy."""
        if self.person is None:
            return
        try:
            message = follow_up_message(self._store, self.person.id, promise_id=promise_id)
        except FollowUpError as error:
            self.page.show_error(str(error))
            return
        name = self.person.name
        self.follow_up_dialog.open(
            lambda: FollowUpDialog(message, person_name=name, parent=self.page)
        )

    def _on_data_changed(self, changes: ChangeSet) -> None:
        if self.person is not None and any(changes.touches(t) for t in WATCHED_TABLES):
            self._refresh()

    # --- actions ---------------------------------------------------------------------------

    def _on_edit_button_clicked(self) -> None:
        if self.person is not None:
            self._edit_person(self.person)

    def _on_delete_button_clicked(self) -> None:
        if self.person is not None:
            self._delete_person(self.person)

    def set_cadence(self, days: int) -> None:
        if self.person is None:
            return
        current = self.person.follow_up
        if current is not None and current.cadence_days == days:
            self._refresh()  # a click on the checked cadence unchecked it: check it again
            return
        self._set_follow_up(cadence_follow_up(self._store, self.person.id, days, self._today()))

    def _on_follow_up_date_picked(self, picked: date) -> None:
        self._set_follow_up(FollowUp(next_date=picked))

    def _set_follow_up(self, follow_up: FollowUp | None) -> None:
        if self.person is None:
            return
        if self.person.follow_up == follow_up:
            self._refresh()  # a click on the checked cadence unchecked it: check it again
            return
        self._undo_stack.push(SetFollowUpCommand(self.person, follow_up, self._context))

    def set_promise_status(self, promise_id: str, status: PromiseStatus) -> None:
        promise = self._store.promises.get(promise_id)
        if promise is not None and promise.status is not status:
            self._undo_stack.push(
                SetPromiseStatusCommand(promise, status, self._today(), self._context)
            )

    def add_promise(self) -> None:
        page = self.page
        text = page.new_promise_edit.text().strip()
        if self.person is None or not text:
            page.new_promise_edit.setFocus()
            return
        today = self._today()
        try:
            due = parse_due(page.new_promise_due_edit.text(), today)
        except ValidationError as error:
            page.show_error(error.message)
            page.new_promise_due_edit.setFocus()
            return
        page.show_error("")
        self._undo_stack.push(AddPromiseCommand(self.person.id, text, due, today, self._context))
        page.new_promise_edit.clear()
        page.new_promise_due_edit.clear()

    def add_encounter(self) -> None:
        if self.person is None:
            return
        page = self.page
        chosen = page.encounter_date_edit.date()
        try:
            encounter = Encounter(
                person_id=self.person.id,
                on=date(chosen.year(), chosen.month(), chosen.day()),
                kind=EncounterKind(page.encounter_kind_combo.currentData()),
                note=page.encounter_note_edit.text().strip(),
            )
        except ValidationError as error:
            page.show_error(error.message)
            return
        page.show_error("")
        self._undo_stack.push(AddEncounterCommand(encounter, self._context))
        page.encounter_note_edit.clear()
