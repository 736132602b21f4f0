"""The base of every undoable change: run a service write, announce it, report a failure.

A write that fails (the disk refused it) is reported through ``on_error``; a command that
failed on its first ``redo`` marks itself obsolete, so ``QUndoStack.push`` drops it instead of
offering to undo something that never happened.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QUndoCommand

from companion.i18n import _
from companion.services.changes import ChangeSet
from companion.storage.errors import StoreError
from companion.storage.store import Store
from companion.ui.data_changes import DataChanges

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
        super().__init__(text)
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
