"""Runs sync rounds without ever blocking the window.

A round has three steps (``services/sync/sync_round.py``): the plan is read from the store on
the GUI thread, the exchange with the servers runs on a worker thread (network only, it never
touches the store), and what came back is written on the GUI thread, which alone writes the
store. One round at a time: asking while one runs queues one more round after it.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from companion.services.changes import ChangeSet
from companion.services.data.session import Session
from companion.ui.shell.data_changes import DataChanges
from companion.ui.sync.apply_slices import SliceQueue, combined

log = logging.getLogger(__name__)

#: Called with the round's summaries (one per account), once it is over.
OnDone = Callable[[list[Any]], None]


@dataclass(frozen=True, slots=True)
class RoundSteps:
    """The round's steps; tests pass fakes, the app the ones of ``sync_round``."""

    accounts: Callable[..., list[Any]]
    plan: Callable[..., Any]
    exchange: Callable[[Any], Any]
    apply: Callable[..., tuple[Any, Any]]
    #: ``summary(account_name, problem)``: a summary for a round that failed unexpectedly.
    failed: Callable[[str, str], Any]
    #: Imports what the round's steps import when they first run (``prepare`` calls it on a
    #: worker thread, so the first plan and the first slice do not import on the GUI thread).
    warm: Callable[[], object] = lambda: None


def real_steps() -> RoundSteps:
    """The real round, loaded only when the first round runs (it brings the HTTP stack)."""
    from companion.services.sync import sync_round

    return RoundSteps(
        accounts=sync_round.accounts_to_sync,
        plan=sync_round.plan_round,
        exchange=sync_round.exchange,
        apply=sync_round.apply_round,
        failed=lambda name, problem: sync_round.RoundSummary(account_name=name, problem=problem),
        warm=sync_round.warm_up,
    )


@dataclass
class _Applying:
    """One account's exchange being written, a slice per turn of the event loop."""

    name: str
    slices: SliceQueue
    summaries: list[Any]
    changes: ChangeSet


@dataclass
class _Request:
    #: Account names; ``None`` in the set means every account.
    names: set[str | None]
    waiting: list[OnDone]
    #: The short second pass after a round that merged or brought people (see below).
    follow_up: bool = False


class SyncRunner(QObject):
    """``sync(name)`` runs one round with every account (or the one named)."""

    #: list of summaries once a round is over.
    finished = Signal(object)
    busy_changed = Signal(bool)
    #: (plan, exchange or error text) from the worker thread, delivered queued to the GUI thread.
    _exchanged = Signal(object, object)
    _worker_done = Signal()

    def __init__(
        self,
        *,
        session: Session,
        changes: DataChanges,
        now: Callable[[], datetime],
        steps: Callable[[], RoundSteps] = real_steps,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._changes = changes
        self._now = now
        self._steps_factory = steps
        self._steps: RoundSteps | None = None
        #: Set by ``prepare``'s thread once the steps are loaded and warm.
        self._prepared: RoundSteps | None = None
        self._preparing: threading.Thread | None = None
        self._running = False
        #: True while the round announces what it wrote (so a change-driven sync can skip it).
        self.announcing = False
        self._queued: _Request | None = None
        self._current = _Request(set(), [])
        self._summaries: list[Any] = []
        self._waiting: list[OnDone] = []
        self._applying: list[_Applying] = []
        #: The garbage collector is paused while a round is written (see ``_on_exchanged``).
        self._collector_held = False
        # A window closed half-way through a round leaves the collector as it found it.
        self.destroyed.connect(_release_collector)
        self._worker_finished = True
        #: Times the slices (a test's clock may stand in).
        self.clock: Callable[[], float] = time.perf_counter
        self._slice_timer = QTimer(self, singleShot=True, interval=0)
        self._slice_timer.timeout.connect(self._apply_next_slice)
        self._exchanged.connect(self._on_exchanged)
        self._worker_done.connect(self._on_worker_done)

    @property
    def running(self) -> bool:
        return self._running

    @property
    def steps(self) -> RoundSteps:
        if self._steps is None:
            if self._preparing is not None:
                # Asked before ``prepare`` is done: its imports finish first (never two threads
                # importing the same modules at once), which is no longer than importing here.
                self._preparing.join()
            self._steps = self._prepared or self._steps_factory()
        return self._steps

    def prepare(self) -> None:
        """Load the round's code on a worker thread before the first round.

        The first round otherwise imports the HTTP stack, the calendar's import path and the
        store half on the GUI thread (about 0.1 s here, more on a slow disk): a stall before
        the first plan and in the first slice.
        """
        if self._steps is not None or self._preparing is not None:
            return

        def load() -> None:
            try:
                steps = self._steps_factory()
                steps.warm()
            except Exception as error:  # loaded again when the round runs, which says why
                log.warning("preparing sync failed: %s", type(error).__name__)
                return
            self._prepared = steps

        self._preparing = threading.Thread(target=load, name="sync-load", daemon=True)
        self._preparing.start()

    def sync(self, name: str | None = None, on_done: OnDone | None = None) -> None:
        """A round with ``name`` (default: every account); ``on_done(summaries)`` after it.

        Raises ``SyncAccountNotFound`` for an unknown name (before anything runs).
        """
        if name is not None:
            self.steps.accounts(self._session.store, name)  # an unknown name fails here
        waiting = [on_done] if on_done is not None else []
        if self._running:
            if self._queued is None:
                self._queued = _Request({name}, waiting)
            else:
                self._queued.names.add(name)
                self._queued.waiting.extend(waiting)
            return
        self._start(_Request({name}, waiting))

    def _start(self, request: _Request) -> None:
        self._current = request
        self._summaries = []
        self._waiting = request.waiting
        self._running = True
        self._worker_finished = False
        self.busy_changed.emit(True)
        plans: list[Any] = []
        if not self._session.locked:  # locked: nothing in memory; the next round catches up
            for account in self._accounts(request.names):
                try:
                    plans.append(self.steps.plan(self._session.store, account, now=self._now()))
                except Exception as error:  # a lost password, a store surprise: this one only
                    self._summaries.append(self.steps.failed(account.name, _problem(error)))
        if not plans:
            self._worker_done.emit()
            return
        worker = threading.Thread(target=self._work, args=(plans,), name="sync", daemon=True)
        worker.start()

    def _accounts(self, names: set[str | None]) -> list[Any]:
        store = self._session.store
        if None in names:
            return list(self.steps.accounts(store, None))
        found: dict[str, Any] = {}
        for name in sorted(name for name in names if name is not None):
            try:
                for account in self.steps.accounts(store, name):
                    found[account.id] = account
            except Exception:  # removed while the round before ran: nothing to sync with
                continue
        return list(found.values())

    def _work(self, plans: list[Any]) -> None:
        """On the worker thread: the network, one account after the other."""
        try:
            for plan in plans:
                try:
                    result: object = self.steps.exchange(plan)
                except Exception as error:  # one account's surprise never stops the others
                    # The type only: messages of HTTP errors may carry addresses.
                    log.error("a sync exchange failed: %s", type(error).__name__)
                    result = error
                self._exchanged.emit(plan, result)
        finally:
            self._worker_done.emit()

    def _on_exchanged(self, plan: Any, result: object) -> None:
        name = getattr(getattr(plan, "account", None), "name", "")
        if isinstance(result, Exception) or self._session.locked:
            problem = _problem(result) if isinstance(result, Exception) else ""
            if problem:
                self._summaries.append(self.steps.failed(name, problem))
            return
        # What the worker built (the matcher over everyone here, the cards it read) lives until
        # the last slice: a full pass of the garbage collector walked it inside a slice (157 ms
        # on the GUI thread with 10,000 people here). The collector waits until the round is
        # written; by then that is freed by reference counting and the passes are short again.
        self._hold_collector()
        self._applying.append(_Applying(name, SliceQueue(result), [], ChangeSet()))
        self._slice_timer.start()

    def _apply_next_slice(self) -> None:
        """One slice of the first exchange waiting; the next one in the next turn."""
        if not self._applying:
            self._release_collector()
            self._finish_when_done()
            return
        applying = self._applying[0]
        if self._session.locked:  # locked meanwhile: the next round writes what is missing
            applying.slices.clear()
        else:
            part = applying.slices.next()
            started = self.clock()
            try:
                summary, changes = self.steps.apply(self._session.store, part, now=self._now())
            except Exception as error:  # each slice is one batch: nothing half-written stays
                log.error("applying a sync round failed: %s", type(error).__name__)
                applying.slices.clear()
                applying.summaries = [self.steps.failed(applying.name, _problem(error))]
            else:
                applying.summaries.append(summary)
                applying.changes = applying.changes.merged(changes)
                applying.slices.took(self.clock() - started)
        if not applying.slices:
            self._applying.pop(0)
            if applying.summaries:
                self._summaries.append(combined(applying.summaries))
            # Once per account: a view reloads once, not once per slice.
            self.announcing = True
            try:
                self._changes.announce(applying.changes)
            finally:
                self.announcing = False
        if self._applying:
            self._slice_timer.start()
        else:
            self._release_collector()
            self._finish_when_done()

    def _hold_collector(self) -> None:
        if not self._collector_held:
            self._collector_held = _hold_collector()

    def _release_collector(self) -> None:
        if self._collector_held:
            self._collector_held = False
            _release_collector()

    def _on_worker_done(self) -> None:
        self._worker_finished = True
        self._finish_when_done()

    def _finish_when_done(self) -> None:
        if not self._running or not self._worker_finished or self._applying:
            return
        summaries = self._summaries
        waiting = self._waiting
        self._running = False
        self.busy_changed.emit(False)
        for callback in waiting:
            callback(summaries)
        self.finished.emit(summaries)
        if self._queued is None and not self._current.follow_up and _merged(summaries):
            # What a merge kept of ours (and the links of people who came in) goes out in a
            # short second pass, so the server agrees now rather than in 15 minutes.
            self._queued = _Request(self._current.names, [], follow_up=True)
        if self._queued is not None:
            queued, self._queued = self._queued, None
            self._start(queued)


#: Whether a runner paused the collector (one window, one runner: kept here so that a runner
#: deleted half-way through a round can still let it go).
_COLLECTOR_HELD = threading.Event()


def _hold_collector() -> bool:
    """Pause the garbage collector unless it is off already; whether this paused it."""
    if _COLLECTOR_HELD.is_set() or not gc.isenabled():
        return False
    gc.disable()
    _COLLECTOR_HELD.set()
    return True


def _release_collector(*_args: object) -> None:
    if _COLLECTOR_HELD.is_set():
        _COLLECTOR_HELD.clear()
        gc.enable()


def _merged(summaries: list[Any]) -> bool:
    return any(
        not summary.problem and (getattr(summary, "conflicts", ()) or summary.people_in)
        for summary in summaries
    )


def _problem(error: BaseException) -> str:
    """Words for the user: a service's own message, else a general one (no traceback)."""
    from companion.i18n import _

    message = getattr(error, "message", "")
    if isinstance(message, str) and message:
        return message
    return _("Sync stopped unexpectedly; nothing was lost, and the next round tries again.")
