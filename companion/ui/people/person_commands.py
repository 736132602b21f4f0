"""Undoable changes made on the person page: promises, follow-ups and encounters.

Each undo puts back the record exactly as it was stored before (not a recomputed guess).
"""

from __future__ import annotations

from datetime import date

from companion.domain.people import Encounter, FollowUp, Person, Promise, PromiseStatus
from companion.i18n import _
from companion.services.changes import ChangeSet, removed, updated
from companion.services.people.log_met import log_encounter, remove_encounter
from companion.services.promises.promises import add_promise, set_follow_up, set_promise_status
from companion.ui.shell.store_commands import CommandContext, StoreCommand


class SetPromiseStatusCommand(StoreCommand):
    def __init__(
        self, promise: Promise, status: PromiseStatus, today: date, context: CommandContext
    ) -> None:
        texts = {
            PromiseStatus.DONE: _("Mark “{text}” done"),
            PromiseStatus.DROPPED: _("Drop “{text}”"),
            PromiseStatus.OPEN: _("Reopen “{text}”"),
        }
        super().__init__(texts[status].format(text=promise.text), context)
        self.before = promise
        self.status = status
        self.today = today

    def redo(self) -> None:
        self._run(lambda: set_promise_status(self._store, self.before.id, self.status, self.today))

    def undo(self) -> None:
        def put_back() -> ChangeSet:
            self._store.promises.put(self.before)
            return updated("offers", self.before.id)

        self._run(put_back)


class AddPromiseCommand(StoreCommand):
    def __init__(
        self, person_id: str, text: str, due: date | None, today: date, context: CommandContext
    ) -> None:
        super().__init__(_("Add promise “{text}”").format(text=text.strip()), context)
        self.person_id = person_id
        self.promise_text = text
        self.due = due
        self.today = today
        self.promise: Promise | None = None

    def redo(self) -> None:
        def add() -> ChangeSet:
            if self.promise is not None:  # redo after undo: the same promise, same id
                self._store.promises.put(self.promise)
                return updated("offers", self.promise.id)
            changes, self.promise = add_promise(
                self._store, self.person_id, self.promise_text, due=self.due, today=self.today
            )
            return changes

        self._run(add)

    def undo(self) -> None:
        self._run(self._remove)

    def _remove(self) -> ChangeSet:
        if self.promise is None or self._store.promises.remove(self.promise.id) is None:
            return ChangeSet()
        return removed("offers", self.promise.id)


class SetFollowUpCommand(StoreCommand):
    def __init__(self, person: Person, follow_up: FollowUp | None, context: CommandContext) -> None:
        super().__init__(
            _("Change when to reconnect with {name}").format(name=person.name), context
        )
        self.person = person
        self.follow_up = follow_up

    def redo(self) -> None:
        wanted = self.follow_up
        self._run(
            lambda: set_follow_up(
                self._store,
                self.person.id,
                cadence_days=wanted.cadence_days if wanted else None,
                next_date=wanted.next_date if wanted else None,
            )
        )

    def undo(self) -> None:
        before = self.person.follow_up
        self._run(
            lambda: set_follow_up(
                self._store,
                self.person.id,
                cadence_days=before.cadence_days if before else None,
                next_date=before.next_date if before else None,
            )
        )


class AddEncounterCommand(StoreCommand):
    def __init__(self, encounter: Encounter, context: CommandContext) -> None:
        super().__init__(_("Add encounter"), context)
        self.encounter = encounter

    def redo(self) -> None:
        encounter = self.encounter
        self._run(
            lambda: log_encounter(
                self._store,
                encounter.person_id,
                on=encounter.on,
                kind=encounter.kind,
                note=encounter.note,
                event_id=encounter.event_id,
                encounter_id=encounter.id,
            )[0]
        )

    def undo(self) -> None:
        self._run(lambda: remove_encounter(self._store, self.encounter.id)[0])
