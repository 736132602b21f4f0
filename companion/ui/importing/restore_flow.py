"""File > Restore from Backup…: choose a snapshot (or a backup file) and put it in place."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMainWindow, QMessageBox

from companion.i18n import _
from companion.services.data.folder_problems import unreadable_backups
from companion.services.data.session import Session
from companion.storage.backups import Snapshot
from companion.storage.errors import StoreError
from companion.ui.importing.restore_dialog import RestoreDialog
from companion.ui.importing.status_time import STATUS_TIMEOUT_MS
from companion.ui.shell.child_dialog import ChildDialog
from companion.ui.shell.data_changes import DataChanges


class RestoreFlow(QObject):
    """``open()`` shows the backups (``dialog`` while it is up); accepting restores one."""

    def __init__(self, window: QMainWindow, *, session: Session, changes: DataChanges) -> None:
        super().__init__(window)
        self._window = window
        self._session = session
        self._changes = changes
        self._dialog: ChildDialog[RestoreDialog] = ChildDialog()

    @property
    def dialog(self) -> RestoreDialog | None:
        return self._dialog.dialog

    def open(self) -> None:
        if self._dialog.dialog is None:
            problem = unreadable_backups(self._session.folder)
            if problem is not None:
                # "There are no backups yet" would be untrue: they are there, but out of reach.
                QMessageBox.warning(self._window, _("Restore from Backup"), problem)
                return
        self._dialog.open(self._make_dialog)

    def _make_dialog(self) -> RestoreDialog:
        backups = self._session.backups
        add_file = None
        if backups is not None:
            from companion.services.data.backup_file import add_backup_file

            folder = self._session.folder

            def add_file(path: Path) -> Snapshot:
                return add_backup_file(backups, folder, path)

        dialog = RestoreDialog(backups.list() if backups else [], self._window, add_file=add_file)
        dialog.accepted.connect(lambda: self._on_dialog_accepted(dialog.chosen_id()))
        return dialog

    def _on_dialog_accepted(self, snapshot_id: str | None) -> None:
        if snapshot_id is None:
            return
        try:
            changes = self._session.restore(snapshot_id)
        except StoreError as error:
            QMessageBox.warning(self._window, _("Restore failed"), str(error))
            return
        self._changes.announce(changes)
        self._window.statusBar().showMessage(
            _("Backup restored. Your previous data was backed up first."), STATUS_TIMEOUT_MS
        )
