"""Start the import of a contacts file: recognise it, ask for CSV columns, then preview.

vCards, LinkedIn exports and our own CSV go straight to the preview; any other CSV shows the
column-mapping step (with the columns guessed from its header). Reading and planning then run
on the worker thread of the calendar import, and the same preview dialog shows the people.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QStatusBar, QWidget

from companion.i18n import _
from companion.interop.csv_columns import ContactField
from companion.interop.detect import FileKind
from companion.interop.errors import FormatError
from companion.interop.people_csv import CsvTable, read_csv_table
from companion.services.data.formats import detect_format, format_by_suffix
from companion.services.data.formats_entry import PlanRequest, Preview
from companion.services.data.importing import read_import_file
from companion.services.data.session import Session
from companion.services.errors import ImportFailed
from companion.services.people.contacts_reading import categorizer
from companion.ui.importing.calendar_import import CalendarImport
from companion.ui.importing.csv_mapping_dialog import CsvMappingDialog
from companion.ui.importing.status_time import STATUS_TIMEOUT_MS
from companion.ui.shell.data_changes import DataChanges

AskMapping = Callable[[CsvTable, str, QWidget], tuple[ContactField, ...] | None]


def ask_mapping_in_dialog(
    table: CsvTable, file_name: str, parent: QWidget
) -> tuple[ContactField, ...] | None:
    dialog = CsvMappingDialog(table, file_name, parent)
    try:
        return dialog.mapping() if dialog.exec() == CsvMappingDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def start_people_import(
    path: Path,
    *,
    session: Session,
    changes: DataChanges,
    parent: QWidget,
    status_bar: QStatusBar,
    now: datetime,
    ask_mapping: AskMapping | None = None,
) -> CalendarImport | None:
    """The running import flow, or ``None`` when it ended already (failed or cancelled).

    ``ask_mapping`` (default: the column dialog) asks for a generic CSV's columns.
    """
    mapping: tuple[ContactField, ...] | None = None
    try:
        data = read_import_file(path)
        # Not recognised but named like one: the reader says what is wrong (empty, binary).
        file_format = detect_format(data, file_name=path.name) or format_by_suffix(path)
        if file_format is None or file_format.preview is not Preview.PEOPLE:
            raise ImportFailed(path, _("this is not a contacts file (vCard or CSV)"))
        plan = file_format.plan
        assert plan is not None, "a previewed format declares its plan"
        if file_format.name == FileKind.CSV:
            table = read_csv_table(data)
            if not table.known_layout:
                ask = ask_mapping if ask_mapping is not None else ask_mapping_in_dialog
                mapping = ask(table, path.name, parent)
                if mapping is None:
                    status_bar.showMessage(
                        _("{file}: import cancelled, nothing was imported.").format(file=path.name),
                        STATUS_TIMEOUT_MS,
                    )
                    return None
    except FormatError as error:
        QMessageBox.warning(parent, _("Import failed"), str(ImportFailed(path, str(error))))
        return None
    except ImportFailed as error:
        QMessageBox.warning(parent, _("Import failed"), str(error))
        return None
    store = session.store
    # Built here, on the GUI thread: it reads the user's own interests from the store.
    categorize = categorizer(store)

    def planner(
        content: bytes, progress: Callable[[int, int], None], should_cancel: Callable[[], bool]
    ) -> object:
        request = PlanRequest(
            file_name=path.name,
            now=now,
            progress=progress,
            should_cancel=should_cancel,
            categorize=categorize,
            mapping=mapping,
        )
        return plan(store, content, request)

    flow = CalendarImport(
        path,
        session=session,
        changes=changes,
        parent=parent,
        status_bar=status_bar,
        now=now,
        planner=planner,
    )
    return flow
