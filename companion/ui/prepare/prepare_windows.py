"""Opens the Prepare dialog of an event (one window per event, raised when already open) and
the "How did the openers go?" dialog, for the window controller, Home and the Events page."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from companion.i18n import _, current_locale
from companion.services.clock import Clock
from companion.services.prepare.prepare import PrepareError, prep_card
from companion.storage.store import Store
from companion.ui.prepare.opener_feedback_dialog import OpenerFeedbackDialog, planned_openers
from companion.ui.prepare.prepare_dialog import PrepareDialog
from companion.ui.prepare.prepare_export import SaveFileChooser, ask_save_file
from companion.ui.shell.child_dialog import ChildDialog
from companion.ui.shell.data_changes import DataChanges


class PrepareWindows(QObject):
    def __init__(
        self,
        *,
        store: Store,
        changes: DataChanges,
        now: Clock,
        parent: QWidget,
        open_person: Callable[[str], None] | None = None,
        choose_file: SaveFileChooser = ask_save_file,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._changes = changes
        self._now = now
        self._parent = parent
        self._open_person = open_person
        self._choose_file = choose_file
        # One non-modal window per event, kept beside the main window while preparing.
        self._windows: dict[str, ChildDialog[PrepareDialog]] = {}
        self._feedback: ChildDialog[OpenerFeedbackDialog] = ChildDialog()

    @property
    def dialogs(self) -> dict[str, PrepareDialog]:
        """The open Prepare windows, by event id."""
        return {key: w.dialog for key, w in self._windows.items() if w.dialog is not None}

    def prepare(self, event_id: str) -> PrepareDialog | None:
        """Show the event's Prepare window; None (after saying why) when the event is gone."""
        window = self._windows.setdefault(event_id, ChildDialog(modal=False))
        try:
            return window.open(lambda: self._new_dialog(event_id))
        except PrepareError as error:
            QMessageBox.warning(self._parent, _("Prepare"), str(error))
            return None

    def _new_dialog(self, event_id: str) -> PrepareDialog:
        card = prep_card(self._store, event_id, locale=current_locale(), now=self._now())
        return PrepareDialog(
            store=self._store,
            changes=self._changes,
            card=card,
            now=self._now,
            open_person=self._open_person,
            choose_file=self._choose_file,
            parent=self._parent,
        )

    @property
    def feedback_dialog(self) -> OpenerFeedbackDialog | None:
        """The "How did the openers go?" dialog, while it is open."""
        return self._feedback.dialog

    def review_openers(self, event_id: str) -> OpenerFeedbackDialog | None:
        """After the event: which prepared openers were used and landed well."""
        event = self._store.events.get(event_id)
        if event is None:
            return None
        locale = current_locale()
        return self._feedback.open(
            lambda: OpenerFeedbackDialog(
                store=self._store,
                changes=self._changes,
                event=event,
                openers=planned_openers(self._store, event, locale),
                locale=locale,
                parent=self._parent,
            )
        )
