"""Undoable changes to people: each command calls the people service and announces the result.

Failures are handled by ``StoreCommand``: reported once through ``on_error``, and a
command that failed on its first ``redo`` is dropped from the undo stack.
"""

from __future__ import annotations

from companion.domain.people import Person
from companion.i18n import _
from companion.services.changes import ChangeSet
from companion.services.people import delete_person, save_person
from companion.ui.store_commands import CommandContext, StoreCommand

__all__ = ["AddPersonCommand", "CommandContext", "DeletePersonCommand", "EditPersonCommand"]


class AddPersonCommand(StoreCommand):
    def __init__(self, person: Person, context: CommandContext) -> None:
        super().__init__(_("Add person “{name}”").format(name=person.name), context)
        self.person = person

    def redo(self) -> None:
        self._run(lambda: save_person(self._store, self.person))

    def undo(self) -> None:
        self._run(lambda: delete_person(self._store, self.person.id)[0])


class EditPersonCommand(StoreCommand):
    def __init__(self, before: Person, after: Person, context: CommandContext) -> None:
        super().__init__(_("Edit person “{name}”").format(name=after.name), context)
        self.before = before
        self.after = after

    def redo(self) -> None:
        self._run(lambda: save_person(self._store, self.after))

    def undo(self) -> None:
        self._run(lambda: save_person(self._store, self.before))


class DeletePersonCommand(StoreCommand):
    """Removes the person only: their encounters and promises stay, so undo loses nothing."""

    def __init__(self, person: Person, context: CommandContext) -> None:
        super().__init__(_("Delete person “{name}”").format(name=person.name), context)
        self.person = person

    def redo(self) -> None:
        def delete() -> ChangeSet:
            changes, gone = delete_person(self._store, self.person.id)
            if gone is not None:
                self.person = gone  # what undo puts back is what was really stored
            return changes

        self._run(delete)

    def undo(self) -> None:
        self._run(lambda: save_person(self._store, self.person))
