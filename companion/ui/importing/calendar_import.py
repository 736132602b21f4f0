"""One calendar or contacts file through the import: read on a worker thread, preview, and (once
the user confirms) one all-or-nothing write on the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QStatusBar, QWidget

from companion.i18n import _, ngettext
from companion.interop.detect import FileKind
from companion.services.data.backup import ImportSummary
from companion.services.data.formats import detect_format, format_by_suffix, format_named
from companion.services.data.formats_entry import PlanRequest, Preview
from companion.services.data.import_report import summary_line
from companion.services.data.importing import write_import
from companion.services.data.session import Session
from companion.services.errors import ImportFailed
from companion.services.events.event_import import (
    EventImportPlan,
    InferInterests,
    apply_event_import,
)
from companion.services.people.people_import import PeopleImportPlan, apply_people_import
from companion.services.profile.interests import interest_inference
from companion.storage.errors import StoreError
from companion.ui.importing.import_preview import ImportPreviewDialog
from companion.ui.importing.import_worker import Planner, PlanRunner
from companion.ui.importing.status_time import STATUS_TIMEOUT_MS
from companion.ui.shell.data_changes import DataChanges

if TYPE_CHECKING:
    from companion.storage.store import Store


class CalendarImport(QObject):
    """Emits ``done`` once the preview is closed and the worker has stopped."""

    done = Signal()

    def __init__(
        self,
        path: Path,
        *,
        session: Session,
        changes: DataChanges,
        parent: QWidget,
        status_bar: QStatusBar,
        now: datetime,
        planner: Planner | None = None,
    ) -> None:
        """``planner`` reads another kind of file (contacts) instead of a calendar."""
        super().__init__()
        self.path = path
        self._session = session
        self._changes = changes
        self._parent = parent
        self._status_bar = status_bar
        self._failed = False
        self._finished = False
        self.dialog: ImportPreviewDialog | None = ImportPreviewDialog(path.name, parent)
        # Built here, on the GUI thread: it reads the user's own interests from the store.
        infer = interest_inference(session.store)
        if planner is None:
            planner = events_planner(session.store, path, now=now, infer_interests=infer)
        self.runner: PlanRunner | None = PlanRunner(session.store, path, planner=planner)
        self._connect_signals()

    def _connect_signals(self) -> None:
        assert self.dialog is not None and self.runner is not None
        self.runner.progressed.connect(self.dialog.show_progress)
        self.runner.planned.connect(self._on_runner_planned)
        self.runner.failed.connect(self._on_runner_failed)
        self.runner.cancelled.connect(self._on_runner_cancelled)
        self.dialog.accepted.connect(self._on_dialog_accepted)
        self.dialog.rejected.connect(self._on_dialog_rejected)
        self.dialog.finished.connect(self._on_dialog_finished)

    def start(self) -> None:
        assert self.dialog is not None and self.runner is not None
        self.dialog.open()
        self.runner.start()

    def _on_runner_planned(self, plan: EventImportPlan | PeopleImportPlan) -> None:
        self.runner = None
        if self.dialog is not None:
            self.dialog.show_plan(plan)
        self._done_if_finished()

    def _on_runner_failed(self, message: str) -> None:
        self.runner = None
        self._failed = True
        QMessageBox.warning(self._parent, _("Import failed"), message)
        if self.dialog is not None:
            self.dialog.reject()
        self._done_if_finished()

    def _on_runner_cancelled(self) -> None:
        self.runner = None
        self._done_if_finished()

    def _on_dialog_rejected(self) -> None:
        if self.runner is not None:
            self.runner.cancel()
        if not self._failed:
            self._status_bar.showMessage(
                _("{file}: import cancelled, nothing was imported.").format(file=self.path.name),
                STATUS_TIMEOUT_MS,
            )

    def _on_dialog_accepted(self) -> None:
        assert self.dialog is not None
        try:
            # Like every import (the command line's too): one change, with a snapshot taken
            # inside it, so even this one can be undone from File > Restore from backup.
            summary, rejected = write_import(
                self._session.store, self._session.backups, self._apply
            )
        except (StoreError, OSError) as error:
            QMessageBox.warning(
                self._parent, _("Import failed"), str(ImportFailed(self.path, str(error)))
            )
            return
        self._changes.announce(summary.changes)
        message = summary_line(self.path.name, summary)
        if rejected:
            message += " · " + ngettext(
                "{count} could not be read", "{count} could not be read", rejected
            ).format(count=rejected)
        self._status_bar.showMessage(message, STATUS_TIMEOUT_MS)

    def _apply(self) -> tuple[ImportSummary, int]:
        """Write what the preview shows; the summary and how many entries could not be read."""
        assert self.dialog is not None
        if self.dialog.people_model is not None:
            people_plan = self.dialog.people_model.plan
            summary: ImportSummary = apply_people_import(
                self._session.store,
                people_plan,
                decisions_override=self.dialog.people_decisions(),
            )
            return summary, len(people_plan.rejected)
        assert self.dialog.model is not None
        plan = self.dialog.model.plan
        summary = apply_event_import(
            self._session.store, plan, decisions_override=self.dialog.decisions()
        )
        return summary, len(plan.rejected)

    def _on_dialog_finished(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
        self._done_if_finished()

    def _done_if_finished(self) -> None:
        if self.dialog is None and self.runner is None and not self._finished:
            self._finished = True
            self.done.emit()


def events_planner(
    store: Store, path: Path, *, now: datetime, infer_interests: InferInterests
) -> Planner:
    """Plans with the registry's format of the file (iCalendar, or any other holding events)."""

    def planner(
        content: bytes, progress: Callable[[int, int], None], should_cancel: Callable[[], bool]
    ) -> object:
        # Not recognised but named like one: the reader says what is wrong with it.
        file_format = detect_format(content, file_name=path.name) or format_by_suffix(path)
        if file_format is None or file_format.preview is not Preview.EVENTS:
            file_format = format_named(FileKind.ICALENDAR)
        assert file_format.plan is not None, "a previewed format declares its plan"
        request = PlanRequest(
            file_name=path.name,
            now=now,
            progress=progress,
            should_cancel=should_cancel,
            infer_interests=infer_interests,
        )
        return file_format.plan(store, content, request)

    return planner
