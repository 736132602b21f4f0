"""Refreshes calendar feeds without ever blocking the window.

Fetching and reading a feed (network, parsing, matching) happens on a worker thread; each
result comes back through a queued signal and is written on the GUI thread, which alone writes
the store. A refresh runs on start (when there are feeds), every few hours (Preferences), and on
demand (``FeedsController`` decides when); asking while one runs queues it after that one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from companion.services.data.session import Session
from companion.ui.shell.data_changes import DataChanges

# The HTTP stack and the refresh service load only when a refresh runs.
if TYPE_CHECKING:
    from companion.domain.events import Event
    from companion.domain.feeds import Feed
    from companion.services.events.event_import import InferInterests
    from companion.services.feeds.feed_apply import FeedOutcome
    from companion.services.feeds.feed_plan import FeedPlan

OnDone = Callable[[list["FeedOutcome"]], None]
#: Feeds fetched at the same time: a slow server holds up no other, and none is hammered.
PARALLEL_FEEDS = 4

log = logging.getLogger(__name__)


class FeedRefresher(QObject):
    """``refresh()`` fetches feeds on a thread and writes what they bring on the GUI thread."""

    #: list of ``FeedOutcome`` once a round is over (also for a round with no feed).
    refreshed = Signal(object)
    busy_changed = Signal(bool)
    #: (feed, plan) from the worker thread, delivered queued to the GUI thread.
    _planned = Signal(object, object)
    _round_done = Signal()

    def __init__(
        self,
        *,
        session: Session,
        changes: DataChanges,
        now: Callable[[], datetime],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._changes = changes
        self._now = now
        self._running = False
        self._queued: list[tuple[list[str], OnDone | None]] = []
        self._outcomes: list[FeedOutcome] = []
        self._waiting: list[OnDone] = []
        self._planned.connect(self._on_planned)
        self._round_done.connect(self._on_round_done)

    @property
    def running(self) -> bool:
        return self._running

    def refresh(
        self,
        feed_ids: list[str] | None = None,
        on_done: OnDone | None = None,
    ) -> None:
        """Refresh ``feed_ids`` (default: every feed); ``on_done(outcomes)`` when finished."""
        ids = feed_ids if feed_ids is not None else [f.id for f in self._session.store.feeds]
        if self._running:
            self._queued.append((ids, on_done))
            return
        self._start(ids, on_done)

    def _start(self, ids: list[str], on_done: OnDone | None) -> None:
        store = self._session.store
        # Locked (File > Lock): the feeds and events are not in memory; the next round brings
        # what was missed.
        feeds = (
            []
            if self._session.locked
            else [feed for feed in (store.feeds.get(feed_id) for feed_id in ids) if feed]
        )
        self._outcomes = []
        self._waiting = [on_done] if on_done is not None else []
        self._running = True
        self.busy_changed.emit(True)
        if not feeds:
            self._round_done.emit()
            return
        # Read on the GUI thread: the worker must not touch Qt, and the store is only read there.
        from companion.services.profile.interests import interest_inference

        infer = interest_inference(store)
        # The worker threads read this copy, never the live tables the GUI thread writes.
        known = store.events.all()
        now = self._now()
        worker = threading.Thread(
            target=self._work, args=(feeds, infer, now, known), name="feed-refresh", daemon=True
        )
        worker.start()

    def _work(
        self, feeds: list[Feed], infer: InferInterests, now: datetime, known: list[Event]
    ) -> None:
        """On the worker thread: network and parsing, a few feeds at a time so a slow one
        holds up no other; each result goes back through a signal."""
        from concurrent.futures import ThreadPoolExecutor

        from companion.domain.feeds import FeedProblem
        from companion.services.feeds.feed_fetch import (
            FeedFetch,
            fetch_feed_data,
            new_http_session,
        )
        from companion.services.feeds.feed_plan import FeedPlan, plan_feed

        def one(feed: Feed) -> None:
            try:
                # A session per feed: sessions are not shared between threads.
                fetched = fetch_feed_data(feed, new_http_session())
                plan = plan_feed(
                    self._session.store,
                    feed,
                    fetched,
                    now=now,
                    infer_interests=infer,
                    known_events=known,
                )
            except Exception as error:  # one feed's surprise never stops the others
                # The type only: messages of HTTP errors carry the address and its token.
                log.error("refreshing a feed failed: %s", type(error).__name__)
                failed = FeedFetch(feed.id, problem=FeedProblem.UNREACHABLE)
                plan = FeedPlan(feed.id, failed, problem=FeedProblem.UNREACHABLE)
            self._planned.emit(feed, plan)

        try:
            with ThreadPoolExecutor(
                max_workers=min(PARALLEL_FEEDS, len(feeds)), thread_name_prefix="feed"
            ) as pool:
                list(pool.map(one, feeds))
        finally:
            self._round_done.emit()

    def _on_planned(self, feed: Feed, plan: FeedPlan) -> None:
        from companion.services.feeds.feed_apply import apply_feed

        store = self._session.store
        current = None if self._session.locked else store.feeds.get(feed.id)
        if current is None:  # removed, or the app locked, while it was being fetched
            return
        outcome = apply_feed(store, current, plan, now=self._now())
        self._outcomes.append(outcome)
        self._changes.announce(outcome.changes)

    def _on_round_done(self) -> None:
        outcomes = self._outcomes
        waiting = self._waiting
        self._running = False
        self.busy_changed.emit(False)
        for callback in waiting:
            callback(outcomes)
        self.refreshed.emit(outcomes)
        if self._queued:
            ids, on_done = self._queued.pop(0)
            self._start(ids, on_done)
