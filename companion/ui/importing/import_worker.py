"""Reads and plans an import (a calendar, contacts) off the GUI thread: the window never freezes.

The worker only *reads* the store (to match events already imported); the store is not
safe to write from two threads, so the plan is applied on the GUI thread once the user
confirms the preview.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from companion.i18n import _
from companion.interop.errors import FormatError
from companion.interop.parsed_contacts import ContactsImportCancelled
from companion.services.data.importing import read_import_file
from companion.services.errors import ImportFailed
from companion.services.events.event_import import (
    ImportCancelled,
)
from companion.storage.errors import StoreError
from companion.storage.store import Store

log = logging.getLogger(__name__)

Planner = Callable[[bytes, Callable[[int, int], None], Callable[[], bool]], object]
"""``planner(data, progress, should_cancel)`` → a plan; runs on the worker thread."""


class PlanWorker(QObject):
    """Lives on the worker thread while ``run`` reads the file and plans the import."""

    progressed = Signal(int, int)
    #: One of these three ends every run.
    planned = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(
        self,
        store: Store,
        path: Path,
        *,
        planner: Planner,
    ) -> None:
        super().__init__()
        self._store = store
        self._path = path
        self._planner = planner
        # A plain flag, not a queued signal: the worker is busy and would only see a
        # signal after it has finished.
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Safe to call from any thread."""
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        try:
            self._run()
        finally:
            # Back to the GUI thread, so the object can be deleted there once the thread ends.
            app = QCoreApplication.instance()
            if app is not None:
                self.moveToThread(app.thread())

    def _run(self) -> None:
        try:
            data = read_import_file(self._path)
            plan = self._planner(data, self.progressed.emit, self._cancel.is_set)
        except (ImportCancelled, ContactsImportCancelled):
            self.cancelled.emit()
        except ImportFailed as error:
            self.failed.emit(str(error))
        except FormatError as error:
            self.failed.emit(str(ImportFailed(self._path, str(error))))
        except StoreError as error:
            self.failed.emit(str(error))
        except Exception as error:
            # A worker thread must always report back, or the preview would wait forever.
            log.exception("planning the import of %s failed", self._path)
            self.failed.emit(
                str(ImportFailed(self._path, _("unexpected error: {error}").format(error=error)))
            )
        else:
            if self._cancel.is_set():
                self.cancelled.emit()
            else:
                self.planned.emit(plan)


class PlanRunner(QObject):
    """Runs one ``PlanWorker`` on its own ``QThread``.

    The outcome signals are emitted only after the thread has ended, so whoever receives
    them may drop the runner straight away.
    """

    progressed = Signal(int, int)
    planned = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(
        self,
        store: Store,
        path: Path,
        *,
        planner: Planner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.path = path
        self._outcome: tuple[str, object] = ("cancelled", None)
        self._worker = PlanWorker(store, path, planner=planner)
        self._thread = QThread()
        self._thread.setObjectName("import-plan")
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self.progressed)
        self._worker.planned.connect(self._on_worker_planned)
        self._worker.failed.connect(self._on_worker_failed)
        self._worker.cancelled.connect(self._on_worker_cancelled)
        self._worker.cancelled.connect(self._thread.quit)
        self._worker.planned.connect(self._thread.quit)
        self._worker.failed.connect(self._thread.quit)
        self._thread.finished.connect(self._on_thread_finished)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._worker.cancel()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    @Slot()
    def stop(self) -> None:
        """Cancel and wait for the thread: a ``QThread`` must not be destroyed while it runs."""
        self._worker.cancel()
        self._thread.quit()
        self._thread.wait()

    def _on_worker_planned(self, plan: object) -> None:
        self._outcome = ("planned", plan)

    def _on_worker_failed(self, message: str) -> None:
        self._outcome = ("failed", message)

    def _on_worker_cancelled(self) -> None:
        self._outcome = ("cancelled", None)

    def _on_thread_finished(self) -> None:
        # ``finished`` comes from the ending thread itself; wait for it to be really gone.
        self._thread.wait()
        kind, value = self._outcome
        if kind == "planned":
            self.planned.emit(value)
        elif kind == "failed":
            self.failed.emit(value)
        else:
            self.cancelled.emit()
