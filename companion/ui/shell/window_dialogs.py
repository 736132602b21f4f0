"""The window's once-only dialogs, opened from its menus, Home, the tray and other launches:
quick capture, "Who I met", duplicates, merges, Ctrl+K's search, Preferences, Restore,
About; and, made when first used, the Prepare windows and import and export.

A part of ``MainWindowController`` (its base): the controller builds the pages and moves
between them, this opens the dialogs over them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from companion.i18n import _
from companion.services.clock import Clock
from companion.services.data.session import Session
from companion.ui.shell.child_dialog import ChildDialog
from companion.ui.shell.data_changes import DataChanges
from companion.ui.shell.main_window import MainWindow
from companion.ui.shell.pages import PageKey
from companion.ui.shell.store_commands import CommandContext

if TYPE_CHECKING:
    from companion.services.search.everything_search import EverythingSearch
    from companion.ui.capture.capture_dialog import CaptureDialog
    from companion.ui.capture.log_met_dialog import LogMetDialog
    from companion.ui.events.events_controller import EventsController
    from companion.ui.importing.import_export import ImportExportController
    from companion.ui.importing.restore_dialog import RestoreDialog
    from companion.ui.importing.restore_flow import RestoreFlow
    from companion.ui.people.duplicates_dialog import DuplicatesDialog
    from companion.ui.people.merges_dialog import MergesDialog
    from companion.ui.prepare.prepare_windows import PrepareWindows
    from companion.ui.search.search_dialog import SearchDialog
    from companion.ui.settings.preferences_dialog import PreferencesDialog
    from companion.ui.settings.preferences_flow import PreferencesFlow
    from companion.ui.settings.protection_controller import ProtectionController
    from companion.ui.shell.about_dialog import AboutDialog


class WindowDialogs:
    """The dialogs that exist once at a time; each is forgotten when it finishes."""

    # Set by MainWindowController.
    window: MainWindow
    _session: Session
    _changes: DataChanges
    _today: Callable[[], date]
    _now: Clock
    preferences: PreferencesFlow
    _on_search_dialog_chosen: Callable[[str, str], None]
    show_person: Callable[[str], None]

    if TYPE_CHECKING:  # made on first use (by MainWindowController and WindowPages)

        @property
        def search(self) -> EverythingSearch: ...

        @property
        def restore(self) -> RestoreFlow: ...

        @property
        def events(self) -> EventsController:
            """The Events page's controller, built on first use (``WindowPages``)."""

    def _init_dialogs(self) -> None:
        self.about_dialog: ChildDialog[AboutDialog] = ChildDialog()
        # Top-level and non-modal: it shows even while the window is hidden.
        self.capture_dialog: ChildDialog[CaptureDialog] = ChildDialog(modal=False)
        self.log_met_dialog: ChildDialog[LogMetDialog] = ChildDialog()
        # Kept when closed: opened again, it holds the last query, selected to be replaced.
        self.search_dialog: ChildDialog[SearchDialog] = ChildDialog(keep=True)
        self.duplicates_dialog: ChildDialog[DuplicatesDialog] = ChildDialog()
        self.merges_dialog: ChildDialog[MergesDialog] = ChildDialog()
        self._prepare_windows: PrepareWindows | None = None
        self._transfer: ImportExportController | None = None
        self.window.files_dropped.connect(self._on_first_files_dropped)

    @property
    def prepare_windows(self) -> PrepareWindows:
        """The Prepare windows of events, made when the first is opened."""
        if self._prepare_windows is None:
            from companion.ui.prepare import prepare_windows

            self._prepare_windows = prepare_windows.PrepareWindows(
                store=self._session.store,
                changes=self._changes,
                now=self._now,
                parent=self.window,
                open_person=self.show_person,
            )
        return self._prepare_windows

    @property
    def transfer(self) -> ImportExportController:
        """Import and export, made when first used: the readers and writers of every format are
        not needed to show the data."""
        if self._transfer is None:
            from companion.ui.importing import import_export

            # From now on the controller takes dropped files itself.
            self.window.files_dropped.disconnect(self._on_first_files_dropped)
            self._transfer = import_export.ImportExportController(
                session=self._session,
                changes=self._changes,
                parent=self.window,
                status_bar=self.window.statusBar(),
                today=self._today,
            )
        return self._transfer

    def _on_first_files_dropped(self, paths: list[Path]) -> None:
        self.transfer.import_paths(paths)

    def log_who_i_met(self, event_id: str) -> None:
        """Log several people met at an event in one go (from the Events page, a notification)."""
        event = self._session.store.events.get(event_id)
        if event is None:
            return
        # The dialogs are imported when first opened: none is needed to show the data.
        from companion.ui.capture.log_met_dialog import LogMetDialog

        if self.log_met_dialog.dialog is None:
            self.window.show_page(PageKey.EVENTS)
            self.events.select_event(event_id)
        self.log_met_dialog.open(
            lambda: LogMetDialog(
                store=self._session.store,
                changes=self._changes,
                event=event,
                today=self._today,
                parent=self.window,
            )
        )

    def _on_log_met_action_triggered(self) -> None:
        event = self.events.selected_event()
        if event is not None:
            self.log_who_i_met(event.id)

    def open_quick_capture(self) -> None:
        """A top-level dialog (no parent), so it shows even while the window is hidden."""

        from companion.ui.capture import capture_probe
        from companion.ui.capture.capture_dialog import CaptureDialog

        def make() -> CaptureDialog:
            dialog = CaptureDialog(
                store=self._session.store, changes=self._changes, today=self._today, now=self._now
            )
            capture_probe.watch(dialog)
            return dialog

        self.capture_dialog.open(make)

    def reopen_quick_capture(self, typed: dict[str, str]) -> None:
        """Quick capture again with what was typed in it before the app locked."""
        self.open_quick_capture()
        dialog = self.capture_dialog.dialog
        if dialog is not None:
            dialog.restore(typed)

    def open_duplicates(self) -> None:
        """People > Find duplicates: window-modal and non-blocking; merges go on the undo stack."""
        # Imported here: rapidfuzz and the merge service are not needed before this.
        from companion.ui.people.duplicates_dialog import DuplicatesDialog

        if self.duplicates_dialog.dialog is None:
            self.window.show_page(PageKey.PEOPLE)
        self.duplicates_dialog.open(
            lambda: DuplicatesDialog(
                context=CommandContext(self._session.store, self._changes, self._show_merge_error),
                changes=self._changes,
                undo_stack=self.window.undo_stack,
                parent=self.window,
            )
        )

    def open_merges(self) -> None:
        """People Merges…: the merges so far, each undoable (window-modal, non-blocking)."""
        # Imported here: the dialog is rarely opened.
        from companion.ui.people.merges_dialog import MergesDialog

        store = self._session.store
        self.merges_dialog.open(
            lambda: MergesDialog(store=store, changes=self._changes, parent=self.window)
        )

    def _show_merge_error(self, message: str) -> None:
        QMessageBox.warning(self.duplicates_dialog.dialog or self.window, _("Merge"), message)

    def open_search(self) -> None:
        from companion.ui.search.search_dialog import SearchDialog

        def make() -> SearchDialog:
            dialog = SearchDialog(self.search, self.window)
            dialog.chosen.connect(self._on_search_dialog_chosen)
            return dialog

        self.search_dialog.open(make)
        # After the box has painted: folding 10,000 people takes a moment, the first key waits.
        QTimer.singleShot(0, self.search.prepare)

    def open_about(self) -> None:
        from companion.ui.shell.about_dialog import AboutDialog

        self.about_dialog.open(lambda: AboutDialog(self.window))

    def open_preferences(self) -> None:
        self.preferences.open()

    def open_restore(self) -> None:
        self.restore.open()

    @property
    def preferences_dialog(self) -> PreferencesDialog | None:
        return self.preferences.dialog

    @property
    def protection(self) -> ProtectionController | None:
        return self.preferences.protection

    @property
    def restore_dialog(self) -> RestoreDialog | None:
        return self.restore.dialog
