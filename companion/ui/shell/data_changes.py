"""The one signal that carries every change to the data to the views that show it."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from companion.services.changes import ChangeSet


class DataChanges(QObject):
    """Widgets call a service, then ``announce`` its change set; views listen to ``changed``."""

    #: Emitted with a ``companion.services.changes.ChangeSet`` (never an empty one).
    changed = Signal(object)

    def announce(self, changes: ChangeSet) -> None:
        if not changes.empty:
            self.changed.emit(changes)
