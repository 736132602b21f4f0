"""``companion import`` forwarded to the running window: read on a worker thread, written on
the GUI thread in one change, answered when done.

The files are read, recognised, parsed and matched on a thread against a copy of the tables
(``plan_import`` on a scratch store); the window goes on meanwhile. The plan is written only if
the store has not changed since the copy was taken (``Store.revision``): otherwise it is planned
again against the new state, so nothing typed in the window meanwhile is lost or overwritten.
A second forwarded import waits in line (its terminal keeps waiting); past ``MAX_WAITING`` the
sender is told the app is busy and asks again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from companion.i18n import _
from companion.services.data.importing import ImportPlan, apply_import, plan_import
from companion.services.data.session import Session
from companion.services.instance.forwarded import failure_reply, import_reply
from companion.services.instance.instance_messages import EXIT_FAILED, PendingReply, Reply
from companion.storage.errors import StoreLockedByUserError
from companion.storage.store_file import Tables
from companion.ui.shell.data_changes import DataChanges

log = logging.getLogger(__name__)

#: Imports waiting behind the one being read; more are answered "busy".
MAX_WAITING = 4
#: Plans made before giving up on a store that keeps changing while the files are read.
MAX_PLANS = 3


@dataclass(eq=False)
class _Job:
    paths: list[Path]
    pending: PendingReply
    plans: int = 0
    #: ``Store.revision`` when the tables were copied for the plan being made.
    revision: int = -1


class ForwardedImports(QObject):
    """Carries out forwarded imports one at a time, never blocking the GUI thread to read."""

    #: (job, ImportPlan or the exception), from the worker thread to the GUI thread.
    _planned = Signal(object, object)
    #: A job's answer was given (for tests and the status bar).
    finished = Signal()

    def __init__(
        self,
        *,
        session: Session,
        changes: DataChanges,
        data_dir: Path,
        now: Callable[[], datetime],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._changes = changes
        self._data_dir = data_dir
        self._now = now
        self._current: _Job | None = None
        self._waiting: list[_Job] = []
        self._planned.connect(self._on_planned)

    @property
    def running(self) -> bool:
        return self._current is not None

    def start(self, paths: list[Path]) -> Reply | PendingReply:
        """Import ``paths``: the answer comes later, once they are read and written."""
        if self._current is not None and len(self._waiting) >= MAX_WAITING:
            reason = _("Common Ground is busy with other imports. Try again in a moment.")
            return Reply(exit_code=EXIT_FAILED, stderr=f"companion: {reason}\n", busy=True)
        job = _Job(paths, PendingReply())
        if self._current is None:
            self._plan(job)
        else:
            self._waiting.append(job)
        return job.pending

    def _plan(self, job: _Job) -> None:
        self._current = job
        if self._session.locked:
            self._answer(self._failure(StoreLockedByUserError()))
            return
        store = self._session.store
        job.plans += 1
        job.revision = store.revision
        # Copied here, on the thread that writes the store; the worker reads only the copy.
        tables = store.tables()
        worker = threading.Thread(
            target=self._work,
            args=(job, tables, self._now()),
            name="forwarded-import",
            daemon=True,
        )
        worker.start()

    def _work(self, job: _Job, tables: Tables, now: datetime) -> None:
        """On the worker thread: read, parse and match; the outcome goes back by signal."""
        outcome: ImportPlan | Exception
        try:
            outcome = plan_import(tables, job.paths, now=now)
        except Exception as error:  # the terminal must get an answer, whatever went wrong
            outcome = error
        try:
            self._planned.emit(job, outcome)
        except RuntimeError:  # the window closed meanwhile: nobody is left to answer
            log.info("a forwarded import was read after the window closed")

    def _on_planned(self, job: _Job, outcome: ImportPlan | Exception) -> None:
        if job is not self._current:
            return
        if isinstance(outcome, Exception):
            self._answer(self._failure(outcome))
            return
        store = self._session.store
        if self._session.locked:
            self._answer(self._failure(StoreLockedByUserError()))
            return
        if store.revision != job.revision:
            # Changed in the window (or by another request) while the files were read: the
            # plan may build on records that are gone or older than what is stored now.
            if job.plans < MAX_PLANS:
                self._plan(job)
                return
            reason = _(
                "Your data kept changing while the import was read, so nothing was imported. "
                "Try again."
            )
            self._answer(Reply(exit_code=EXIT_FAILED, stderr=f"companion: {reason}\n", busy=True))
            return
        try:
            results = apply_import(store, outcome, backups=self._session.backups)
        except Exception as error:
            self._answer(self._failure(error))
            return
        reply, changes = import_reply(results)
        self._changes.announce(changes)
        self._answer(reply)

    def _failure(self, error: Exception) -> Reply:
        return window_failure_reply(error, self._session, self._data_dir)

    def _answer(self, reply: Reply) -> None:
        job = self._current
        assert job is not None
        self._current = None
        job.pending.resolve(reply)
        self.finished.emit()
        if self._waiting and self._current is None:
            self._plan(self._waiting.pop(0))


def window_failure_reply(error: Exception, session: Session, data_dir: Path) -> Reply:
    """``failure_reply`` in the window: its backups are open already (nothing is asked)."""
    backups = session.backups
    return failure_reply(
        error, data_dir, newest_backup=lambda: backups.newest_good() if backups else None
    )
