"""Undoable changes to people: each command calls the people service and announces the result.

Failures are handled by ``StoreCommand``: reported once through ``on_error``, and a
command that failed on its first ``redo`` is dropped from the undo stack.
"""

from __future__ import annotations

from companion.domain.people import Person
from companion.i18n import _
from companion.services.people.people import delete_person, save_person
from companion.ui.shell.store_commands import (
    AddRecordCommand,
    CommandContext,
    DeleteRecordCommand,
    EditRecordCommand,
    RecordWrites,
)

__all__ = ["AddPersonCommand", "CommandContext", "DeletePersonCommand", "EditPersonCommand"]

PERSON_WRITES: RecordWrites[Person] = RecordWrites(save=save_person, delete=delete_person)


class AddPersonCommand(AddRecordCommand[Person]):
    def __init__(self, person: Person, context: CommandContext) -> None:
        text = _("Add person “{name}”").format(name=person.name)
        super().__init__(text, person, PERSON_WRITES, context)


class EditPersonCommand(EditRecordCommand[Person]):
    def __init__(self, before: Person, after: Person, context: CommandContext) -> None:
        text = _("Edit person “{name}”").format(name=after.name)
        super().__init__(text, before, after, PERSON_WRITES, context)


class DeletePersonCommand(DeleteRecordCommand[Person]):
    """Removes the person only: their encounters and promises stay, so undo loses nothing."""

    def __init__(self, person: Person, context: CommandContext) -> None:
        text = _("Delete person “{name}”").format(name=person.name)
        super().__init__(text, person, PERSON_WRITES, context)
