"""Undoable changes to events: each command calls the events service (see ``store_commands``)."""

from __future__ import annotations

from companion.domain.events import EVENT_STATUS_LABELS, Event, EventStatus
from companion.i18n import _
from companion.services.events.events import delete_event, save_event, set_status
from companion.ui.shell.store_commands import (
    AddRecordCommand,
    CommandContext,
    DeleteRecordCommand,
    EditRecordCommand,
    RecordWrites,
    StoreCommand,
)

__all__ = [
    "AddEventCommand",
    "CommandContext",
    "DeleteEventCommand",
    "EditEventCommand",
    "SetStatusCommand",
]

EVENT_WRITES: RecordWrites[Event] = RecordWrites(save=save_event, delete=delete_event)


class AddEventCommand(AddRecordCommand[Event]):
    def __init__(self, event: Event, context: CommandContext) -> None:
        text = _("Add event “{title}”").format(title=event.title)
        super().__init__(text, event, EVENT_WRITES, context)


class EditEventCommand(EditRecordCommand[Event]):
    def __init__(self, before: Event, after: Event, context: CommandContext) -> None:
        text = _("Edit event “{title}”").format(title=after.title)
        super().__init__(text, before, after, EVENT_WRITES, context)


class DeleteEventCommand(DeleteRecordCommand[Event]):
    def __init__(self, event: Event, context: CommandContext) -> None:
        text = _("Delete event “{title}”").format(title=event.title)
        super().__init__(text, event, EVENT_WRITES, context)


class SetStatusCommand(StoreCommand):
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
