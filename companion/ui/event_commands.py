"""Undoable changes to events: each command calls the events service and announces the result.

A write that fails (the disk refused it) is reported through ``on_error``; a command that
failed on its first ``redo`` marks itself obsolete, so ``QUndoStack.push`` drops it instead of
offering to undo something that never happened.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QUndoCommand

from companion.domain.events import EVENT_STATUS_LABELS, Event, EventStatus
from companion.i18n import _
from companion.services.changes import ChangeSet
from companion.services.events import delete_event, save_event, set_status
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


class EventCommand(QUndoCommand):
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


class AddEventCommand(EventCommand):
    def __init__(self, event: Event, context: CommandContext) -> None:
        text = _("Add event “{title}”").format(title=event.title)
        super().__init__(text, context)
        self.event = event

    def redo(self) -> None:
        self._run(lambda: save_event(self._store, self.event))

    def undo(self) -> None:
        self._run(lambda: delete_event(self._store, self.event.id)[0])


class EditEventCommand(EventCommand):
    def __init__(
        self,
        before: Event,
        after: Event,
        context: CommandContext,
    ) -> None:
        text = _("Edit event “{title}”").format(title=after.title)
        super().__init__(text, context)
        self.before = before
        self.after = after

    def redo(self) -> None:
        self._run(lambda: save_event(self._store, self.after))

    def undo(self) -> None:
        self._run(lambda: save_event(self._store, self.before))


class DeleteEventCommand(EventCommand):
    def __init__(self, event: Event, context: CommandContext) -> None:
        text = _("Delete event “{title}”").format(title=event.title)
        super().__init__(text, context)
        self.event = event

    def redo(self) -> None:
        def delete() -> ChangeSet:
            changes, gone = delete_event(self._store, self.event.id)
            if gone is not None:
                self.event = gone  # what undo puts back is what was really stored
            return changes

        self._run(delete)

    def undo(self) -> None:
        self._run(lambda: save_event(self._store, self.event))


class SetStatusCommand(EventCommand):
    def __init__(
        self,
        event: Event,
        status: EventStatus,
        context: CommandContext,
    ) -> None:
        text = _("Mark “{title}” as {status}").format(
            title=event.title, status=_(EVENT_STATUS_LABELS[status])
        )
        super().__init__(text, context)
        self.event_id = event.id
        self.before = event.status
        self.after = status

    def redo(self) -> None:
        self._run(lambda: set_status(self._store, self.event_id, self.after))

    def undo(self) -> None:
        self._run(lambda: set_status(self._store, self.event_id, self.before))
