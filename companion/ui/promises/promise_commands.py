"""Undoable changes to promises and reconnects made outside the person page (Home, Promises).

They go on the window's one undo stack, so Ctrl+Z after Done or Snooze on Home undoes exactly
that, not an older change (issue 17).
"""

from __future__ import annotations

from datetime import date

from companion.domain.people import Encounter, EncounterKind, Person, Promise
from companion.i18n import _
from companion.services.changes import ChangeSet, removed, updated
from companion.services.promises.promise_actions import log_contact, snooze_promise
from companion.ui.shell.store_commands import CommandContext, StoreCommand


class SnoozePromiseCommand(StoreCommand):
    def __init__(self, promise: Promise, today: date, context: CommandContext) -> None:
        super().__init__(_("Snooze “{text}”").format(text=promise.text), context)
        self.before = promise
        self.today = today

    def redo(self) -> None:
        self._run(lambda: snooze_promise(self._store, self.before.id, today=self.today))

    def undo(self) -> None:
        def put_back() -> ChangeSet:
            self._store.promises.put(self.before)
            return updated("offers", self.before.id)

        self._run(put_back)


class LogContactCommand(StoreCommand):
    """A contact logged today; undone, the encounter goes and the follow-up comes back."""

    def __init__(
        self, person: Person, kind: EncounterKind, today: date, context: CommandContext
    ) -> None:
        super().__init__(_("Log contact with {name}").format(name=person.name), context)
        self.before = person
        self.kind = kind
        self.today = today
        #: What the first redo wrote, replayed as it was by a later redo (same ids).
        self.encounter: Encounter | None = None
        self.after: Person | None = None

    def redo(self) -> None:
        def log() -> ChangeSet:
            if self.encounter is not None and self.after is not None:
                with self._store.batch():
                    self._store.encounters.put(self.encounter)
                    self._store.people.put(self.after)
                return updated("people", self.before.id).merged(
                    updated("encounters", self.encounter.id)
                )
            changes = log_contact(self._store, self.before.id, today=self.today, kind=self.kind)
            (encounter_id,) = changes.added["encounters"]
            self.encounter = self._store.encounters.get(encounter_id)
            self.after = self._store.people.get(self.before.id)
            return changes

        self._run(log)

    def undo(self) -> None:
        def take_back() -> ChangeSet:
            encounter = self.encounter
            with self._store.batch():
                if encounter is not None:
                    self._store.encounters.remove(encounter.id)
                self._store.people.put(self.before)
            changes = updated("people", self.before.id)
            return changes.merged(removed("encounters", encounter.id)) if encounter else changes

        self._run(take_back)
