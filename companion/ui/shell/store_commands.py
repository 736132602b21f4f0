"""The base of every undoable change: run a service write, announce it, report a failure;
and the add, edit and delete commands every kind of record shares.

A write that fails (the disk refused it) is reported through ``on_error``; a command that
failed on its first ``redo`` marks itself obsolete, so ``QUndoStack.push`` drops it instead of
offering to undo something that never happened.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from PySide6.QtGui import QUndoCommand

from companion.i18n import _
from companion.services.changes import ChangeSet
from companion.storage.errors import StoreError
from companion.storage.store import Store
from companion.ui.shell.data_changes import DataChanges

ErrorReport = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class CommandContext:
    """What every command needs: where to write, whom to tell, how to report a failure."""

    store: Store
    changes: DataChanges
    on_error: ErrorReport


class StoreCommand(QUndoCommand):
    """Runs a write, announces its change set, and reports a failed write once."""

    def __init__(self, text: str, context: CommandContext) -> None:
        # Before the newline: the text; after it: the text of Edit > Undo, where a lone "&"
        # ("Board games & more") would be eaten as a mnemonic marker (issue 17).
        super().__init__(f"{text}\n{text.replace('&', '&&')}")
        self._store = context.store
        self._changes = context.changes
        self._on_error = context.on_error
        self._done_once = False

    def _run(self, write: Callable[[], ChangeSet]) -> bool:
        try:
            changes = write()
        except StoreError as error:
            self._on_error(_("Not saved: {reason}").format(reason=error))
            if not self._done_once:
                self.setObsolete(True)
            return False
        self._done_once = True
        self._changes.announce(changes)
        return True


class Record(Protocol):
    """Any stored record: the commands below only need its id."""

    @property
    def id(self) -> str: ...


RecordT = TypeVar("RecordT", bound=Record)


@dataclass(frozen=True, slots=True)
class RecordWrites(Generic[RecordT]):
    """The service calls that store and remove one kind of record."""

    save: Callable[[Store, RecordT], ChangeSet]
    #: Returns the change and the record as it was stored (None: there was none).
    delete: Callable[[Store, str], tuple[ChangeSet, RecordT | None]]
    #: Undo of a delete; ``save`` when None.
    put_back: Callable[[Store, RecordT], ChangeSet] | None = None


class RecordCommand(StoreCommand, Generic[RecordT]):
    """Adds or deletes one record, written through ``writes``."""

    def __init__(
        self, text: str, record: RecordT, writes: RecordWrites[RecordT], context: CommandContext
    ) -> None:
        super().__init__(text, context)
        self.record = record
        self._writes = writes


class AddRecordCommand(RecordCommand[RecordT]):
    def redo(self) -> None:
        self._run(lambda: self._writes.save(self._store, self.record))

    def undo(self) -> None:
        self._run(lambda: self._writes.delete(self._store, self.record.id)[0])


class EditRecordCommand(StoreCommand, Generic[RecordT]):
    def __init__(
        self,
        text: str,
        before: RecordT,
        after: RecordT,
        writes: RecordWrites[RecordT],
        context: CommandContext,
    ) -> None:
        super().__init__(text, context)
        self.before = before
        self.after = after
        self._writes = writes

    def redo(self) -> None:
        self._run(lambda: self._writes.save(self._store, self.after))

    def undo(self) -> None:
        self._run(lambda: self._writes.save(self._store, self.before))


class DeleteRecordCommand(RecordCommand[RecordT]):
    def redo(self) -> None:
        def delete() -> ChangeSet:
            changes, gone = self._writes.delete(self._store, self.record.id)
            if gone is not None:
                self.record = gone  # what undo puts back is what was really stored
            return changes

        self._run(delete)

    def undo(self) -> None:
        put_back = self._writes.put_back or self._writes.save
        self._run(lambda: put_back(self._store, self.record))
