"""File > Import… and File > Export…: the dialogs around the import and backup services.

Calendars (``.ics``) go through the import preview (``CalendarImport``); backups are
imported directly, as they hold the user's own data.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox, QStatusBar, QWidget

from companion.i18n import _, ngettext
from companion.services.clock import Clock, system_clock
from companion.services.data.formats import (
    detect_format,
    export_filter,
    format_by_suffix,
    format_named,
    import_filters,
    write_export,
)
from companion.services.data.formats_entry import Preview
from companion.services.data.import_report import summary_line
from companion.services.data.importing import import_files, read_import_head
from companion.services.data.session import Session
from companion.services.errors import ImportFailed
from companion.storage.atomic import atomic_write_bytes
from companion.storage.errors import StoreError
from companion.ui.importing.status_time import STATUS_TIMEOUT_MS
from companion.ui.shell.child_dialog import ChildDialog
from companion.ui.shell.data_changes import DataChanges
from companion.ui.shell.main_window import MainWindow

if TYPE_CHECKING:
    from companion.services.data.exporting import ExportOptions
    from companion.ui.importing.calendar_import import CalendarImport
    from companion.ui.importing.export_dialog import ExportDialog

_SNIFF_BYTES = 8192


def preview_of(path: Path) -> Preview | None:
    """The preview ``path`` opens, by its content or else its name; ``None``: imported at once.

    By content first: Outlook and some web sites save calendars without ``.ics``.
    """
    # Never a blocking open: a FIFO or a device must reach the import, which refuses it.
    head = read_import_head(path, _SNIFF_BYTES)
    file_format = detect_format(head, file_name=path.name) or format_by_suffix(path)
    return file_format.preview if file_format is not None else None


def encrypted_backup_file_name(today: date) -> str:
    return f"common-ground-{today.isoformat()}.cgbackup"


def backup_file_name(today: date) -> str:
    return f"common-ground-backup-{today.isoformat()}.json"


class ImportExportController:
    """Asks for a file, runs the service, reports the outcome; never leaves a half import."""

    def __init__(
        self,
        *,
        session: Session,
        changes: DataChanges,
        parent: QWidget,
        status_bar: QStatusBar,
        today: Callable[[], date],
        now: Clock = system_clock,
    ) -> None:
        self._session = session
        self._changes = changes
        self._parent = parent
        self._status_bar = status_bar
        self._today = today
        self._now = now
        self._folder = ""
        self._waiting: list[Path] = []
        self.calendar_import: CalendarImport | None = None
        self.export_dialog: ChildDialog[ExportDialog] = ChildDialog()
        self._export_options: ExportOptions | None = None  # the last choice, this session
        if isinstance(parent, MainWindow):
            parent.files_dropped.connect(self.import_paths)

    def ask_and_import(self, purpose: str = "all") -> None:
        filters = import_filters()
        chosen, _selected = QFileDialog.getOpenFileName(
            self._parent,
            _("Import into Common Ground"),
            self._folder,
            ";;".join(filters.values()),
            filters.get(purpose, filters["all"]),
        )
        if chosen:
            self.import_paths([Path(chosen)])

    def import_paths(self, paths: list[Path]) -> None:
        """Import chosen or dropped files one after the other; calendars open the preview."""
        self._waiting.extend(paths)
        self._import_next()

    def _import_next(self) -> None:
        previews = {Preview.EVENTS: self.preview_calendar, Preview.PEOPLE: self.preview_people}
        while self._waiting and self.calendar_import is None:
            path = self._waiting.pop(0)
            preview = preview_of(path)
            if preview is None:
                self.import_path(path)
            else:
                previews[preview](path)

    def preview_people(self, path: Path) -> None:
        """Ask for CSV columns if needed, read ``path`` off the GUI thread, preview the people."""
        # Imported here: the contacts readers are not needed to start the app.
        from companion.ui.importing.people_import_start import start_people_import

        self._preview(path, start_people_import)

    def preview_calendar(self, path: Path) -> None:
        """Read ``path`` off the GUI thread and show what it would import; write on confirm."""
        # Imported here: the calendar reader costs ~40 ms at start-up otherwise.
        from companion.ui.importing.calendar_import import CalendarImport

        self._preview(path, CalendarImport)

    def _preview(self, path: Path, start: Callable[..., CalendarImport | None]) -> None:
        """Start the import flow for ``path`` (None: it ended already); the next file waits."""
        self._folder = str(path.parent)
        flow = start(
            path,
            session=self._session,
            changes=self._changes,
            parent=self._parent,
            status_bar=self._status_bar,
            now=self._now(),
        )
        if flow is None:
            return
        flow.done.connect(self._on_calendar_import_done)
        self.calendar_import = flow
        flow.start()

    def _on_calendar_import_done(self) -> None:
        self.calendar_import = None
        self._import_next()

    def import_path(self, path: Path) -> bool:
        """Import ``path`` directly (no preview); on failure warn and change nothing.

        Returns whether it worked.
        """
        self._folder = str(path.parent)
        try:
            [(_path, summary)] = import_files(
                self._session.store, [path], backups=self._session.backups
            )
        except (ImportFailed, StoreError) as error:
            QMessageBox.warning(self._parent, _("Import failed"), str(error))
            return False
        self._changes.announce(summary.changes)
        self._status_bar.showMessage(
            summary_line(path.name, summary),
            STATUS_TIMEOUT_MS,
        )
        return True

    def ask_and_export(self) -> None:
        """The export dialog (format and options), window-modal and non-blocking; then a file."""
        # Imported here: the calendar writer pulls in icalendar, which start-up never needs.
        from companion.ui.importing.export_dialog import ExportDialog

        def make() -> ExportDialog:
            dialog = ExportDialog(
                self._parent,
                initial=self._export_options,
                encrypted_available=self._session.backups is not None,
            )
            dialog.accepted.connect(lambda: self._on_export_dialog_accepted(dialog))
            return dialog

        self.export_dialog.open(make)

    def _on_export_dialog_accepted(self, dialog: ExportDialog) -> None:
        from companion.services.data.exporting import suggested_file_name

        if dialog.encrypted_chosen():
            self._export_options = None  # the encrypted backup stays the default
            chosen, _selected = QFileDialog.getSaveFileName(
                self._parent,
                _("Export an encrypted backup"),
                str(Path(self._folder or "") / encrypted_backup_file_name(self._today())),
                _("Encrypted Common Ground backups (*.cgbackup)"),
            )
            if chosen:
                self.export_encrypted_to(Path(chosen))
            return
        options = dialog.chosen_options()
        self._export_options = options
        suggested = suggested_file_name(options.format, self._today())
        chosen, _selected = QFileDialog.getSaveFileName(
            self._parent,
            _("Export a backup") if options.format == "json" else _("Export"),
            str(Path(self._folder or "") / suggested),
            export_filter(options.format),
        )
        if chosen:
            self.export_to(Path(chosen), options)

    def export_to(self, path: Path, options: ExportOptions | None = None) -> bool:
        """Write the export (by default the complete backup) to ``path`` atomically.

        Warns when it cannot be written; returns whether it was.
        """
        if options is not None and options.format != "json":
            return self._export_other(path, options)
        if not path.suffix:
            path = path.with_suffix(".json")
        self._folder = str(path.parent)
        try:
            atomic_write_bytes(path, write_export(self._session.store, "json").payload)
        except OSError as error:
            self._warn_not_written(path, error)
            return False
        self._status_bar.showMessage(
            _(
                "Backup saved to {file}. It is not encrypted: keep it somewhere only you can read."
            ).format(file=path),
            STATUS_TIMEOUT_MS,
        )
        return True

    def export_encrypted_to(self, path: Path) -> bool:
        """Write an encrypted backup file (a fresh snapshot) to ``path``; False: not written."""
        from companion.services.data.backup_file import SUFFIX, write_backup_file

        backups = self._session.backups
        if backups is None:
            return False
        if not path.suffix:
            path = path.with_suffix(SUFFIX)
        self._folder = str(path.parent)
        try:
            write_backup_file(backups, self._session.store, path)
        except OSError as error:
            self._warn_not_written(path, error)
            return False
        except StoreError as error:
            QMessageBox.warning(self._parent, _("Export failed"), str(error))
            return False
        self._status_bar.showMessage(
            _("Encrypted backup saved to {file}.").format(file=path), STATUS_TIMEOUT_MS
        )
        return True

    def _warn_not_written(self, path: Path, error: OSError) -> None:
        QMessageBox.warning(
            self._parent,
            _("Export failed"),
            _("cannot write {file}: {reason}").format(file=path, reason=error.strerror or error),
        )

    def _export_other(self, path: Path, options: ExportOptions) -> bool:
        from companion.services.data.exporting import export_data

        if not path.suffix:
            path = path.with_suffix(format_named(options.format).suffix)
        self._folder = str(path.parent)
        try:
            exported = export_data(self._session.store, options, clock=self._now)
            atomic_write_bytes(path, exported.payload)
        except OSError as error:
            self._warn_not_written(path, error)
            return False
        self._status_bar.showMessage(
            ngettext(
                "{count} entry exported to {file}. It is not encrypted.",
                "{count} entries exported to {file}. It is not encrypted.",
                exported.records,
            ).format(count=exported.records, file=path),
            STATUS_TIMEOUT_MS,
        )
        return True
