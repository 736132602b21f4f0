"""The Events page with 1,000 events: opening it and scrolling through, against a bare list.

Runs Qt offscreen inside the benchmark process. The baseline is a plain ``QListView`` over a
``QStringListModel`` holding the same 1,000 titles, opened and scrolled the same way.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from figures import Row, median_ms
from painted import close_all, show_painted

from companion.domain.events import Event
from companion.storage.store import Store

EVENTS = 1000
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
INTERESTS = ("board-games", "climbing", "hiking", "ai-machine-learning", "choir", "chess")


def _events(count: int) -> list[Event]:
    return [
        Event(
            title=f"Meetup {number}: {INTERESTS[number % len(INTERESTS)].replace('-', ' ')} night",
            start=NOW + timedelta(hours=7 * number - 2000),
            end=NOW + timedelta(hours=7 * number - 1998),
            venue="Community hall, Main Street 12",
            organizer=f"Group {number % 40}",
            interests=(INTERESTS[number % len(INTERESTS)], INTERESTS[(number * 7) % 6]),
        )
        for number in range(count)
    ]


def _scroll_ms(view: object, app: object) -> tuple[float, float]:
    """Median and worst time of one page-down step through the whole list, painted."""
    from PySide6.QtWidgets import QAbstractItemView, QApplication

    assert isinstance(view, QAbstractItemView) and isinstance(app, QApplication)
    bar = view.verticalScrollBar()
    bar.setValue(0)
    steps = []
    while bar.value() < bar.maximum():
        started = time.perf_counter()
        bar.setValue(bar.value() + bar.pageStep())
        view.viewport().repaint()
        app.processEvents()
        steps.append((time.perf_counter() - started) * 1000)
    return (statistics.median(steps), max(steps)) if steps else (0.0, 0.0)


def events_page_rows(*, runs: int) -> list[Row]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QStringListModel
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QApplication, QListView

    from companion.ui.events.events_controller import EventsController
    from companion.ui.events.events_page import EventsPage
    from companion.ui.shell.data_changes import DataChanges

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    events = _events(EVENTS)
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "data") as store:
        store.events.put_many(events)
        pages: list[EventsPage] = []

        def open_ours() -> None:
            page = EventsPage(import_events=lambda: None)
            page.resize(1000, 700)
            EventsController(
                page, store=store, changes=DataChanges(), undo_stack=QUndoStack(), now=lambda: NOW
            )
            pages.append(show_painted(page))

        titles = [event.title for event in events]
        bare_views: list[QListView] = []

        def open_bare() -> None:
            view = QListView()
            view.setModel(QStringListModel(titles, view))
            view.resize(1000, 700)
            bare_views.append(show_painted(view))

        ours_open = median_ms(open_ours, runs=runs)
        bare_open = median_ms(open_bare, runs=runs)
        ours_step, ours_worst = _scroll_ms(pages[-1].list_view, app)
        bare_step, _bare_worst = _scroll_ms(bare_views[-1], app)
        close_all([*pages, *bare_views])
    return [
        Row(
            name=f"Events page open, {EVENTS:,} events",
            unit="ms",
            ours=ours_open,
            baseline=bare_open,
            baseline_name="bare QListView over the titles",
            runs=runs,
            budget="",
            note="model built from the store (fit ranked), page shown and painted",
        ),
        Row(
            name="Events page scroll, one page down",
            unit="ms",
            ours=ours_step,
            baseline=bare_step,
            baseline_name="bare QListView over the titles",
            runs=1,
            budget="< 16 ms",
            within_budget=ours_worst < 16,
            note=f"median of every page-down step through the list; worst step {ours_worst:.1f} ms",
        ),
    ]


def _main(measure: Callable[..., list[Row]]) -> None:
    for row in measure(runs=5):
        print(row)


if __name__ == "__main__":
    _main(events_page_rows)
