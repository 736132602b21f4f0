"""Undoable changes to own openers and to the marks on any opener (see ``store_commands``)."""

from __future__ import annotations

from collections.abc import Callable

from companion.domain.openers import Opener
from companion.i18n import _
from companion.services.changes import ChangeSet
from companion.services.prepare.opener_library import (
    delete_own_opener,
    restore_own_opener,
    save_own_opener,
)
from companion.storage.store import Store
from companion.ui.shell.store_commands import (
    AddRecordCommand,
    CommandContext,
    DeleteRecordCommand,
    EditRecordCommand,
    RecordWrites,
    StoreCommand,
)


def _save(store: Store, opener: Opener) -> ChangeSet:
    changes, _saved = save_own_opener(
        store,
        text=opener.text,
        stage=opener.stage,
        interests=opener.interests,
        locale=opener.locale,
        opener_id=opener.id,
    )
    return changes


OPENER_WRITES: RecordWrites[Opener] = RecordWrites(
    save=_save, delete=delete_own_opener, put_back=restore_own_opener
)


class AddOpenerCommand(AddRecordCommand[Opener]):
    def __init__(self, opener: Opener, context: CommandContext) -> None:
        super().__init__(_("Write opener"), opener, OPENER_WRITES, context)


class EditOpenerCommand(EditRecordCommand[Opener]):
    def __init__(self, before: Opener, after: Opener, context: CommandContext) -> None:
        super().__init__(_("Edit opener"), before, after, OPENER_WRITES, context)


class DeleteOpenerCommand(DeleteRecordCommand[Opener]):
    def __init__(self, opener: Opener, context: CommandContext) -> None:
        super().__init__(_("Delete opener"), opener, OPENER_WRITES, context)


class MarkOpenerCommand(StoreCommand):
    """Favourite or hide an opener (``mark`` is ``set_favourite`` or ``set_hidden``)."""

    def __init__(
        self,
        text: str,
        opener: Opener,
        mark: Callable[[Store, Opener, bool], tuple[ChangeSet, Opener]],
        on: bool,
        context: CommandContext,
    ) -> None:
        super().__init__(text, context)
        self.opener = opener
        self._mark = mark
        self._on = on

    def redo(self) -> None:
        self._run(lambda: self._mark(self._store, self.opener, self._on)[0])

    def undo(self) -> None:
        self._run(lambda: self._mark(self._store, self.opener, not self._on)[0])
