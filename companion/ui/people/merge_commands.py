"""People merged, and pairs marked as "not duplicates", as steps on the window's undo stack: Ctrl+Z
(in the duplicates dialog or the main window) puts both people back exactly."""

from __future__ import annotations

from datetime import date

from companion.domain.duplicates import PairKey
from companion.domain.people import Person
from companion.i18n import _
from companion.services.changes import ChangeSet
from companion.services.people.merge import (
    MergeUndo,
    dismiss_pair,
    merge_people,
    restore_pair,
    undo_merge,
)
from companion.ui.shell.store_commands import CommandContext, StoreCommand


class MergePeopleCommand(StoreCommand):
    def __init__(
        self, keep: Person, remove: Person, context: CommandContext, *, reason: str = ""
    ) -> None:
        super().__init__(
            _("Merge “{removed}” into “{kept}”").format(removed=remove.name, kept=keep.name),
            context,
        )
        self.keep_id = keep.id
        self.remove_id = remove.id
        #: Why, for the list of merges (People Merges…).
        self.reason = reason
        self.undo_record: MergeUndo | None = None

    def redo(self) -> None:
        def merge() -> ChangeSet:
            result = merge_people(
                self._store, keep_id=self.keep_id, remove_id=self.remove_id, reason=self.reason
            )
            self.undo_record = result.undo
            return result.changes

        self._run(merge)

    def undo(self) -> None:
        record = self.undo_record
        if record is not None:
            self._run(lambda: undo_merge(self._store, record))


class NotDuplicatesCommand(StoreCommand):
    """Mark two people as different (or, with ``restore``, take the mark back); undoable."""

    def __init__(
        self, pair: PairKey, names: tuple[str, str], context: CommandContext, *, today: date,
        restore: bool = False,
    ) -> None:  # fmt: skip
        text = (
            _("Duplicates after all: “{first}” and “{second}”")
            if restore
            else _("Not duplicates: “{first}” and “{second}”")
        )
        super().__init__(text.format(first=names[0], second=names[1]), context)
        self.pair = pair
        self._today = today
        self._restore = restore

    def redo(self) -> None:
        self._run(self._forget if self._restore else self._remember)

    def undo(self) -> None:
        self._run(self._remember if self._restore else self._forget)

    def _remember(self) -> ChangeSet:
        return dismiss_pair(self._store, *self.pair, on=self._today)

    def _forget(self) -> ChangeSet:
        return restore_pair(self._store, *self.pair)
