"""The run modes checks and benchmarks use: quit once the window is painted, once the data is
shown, once the idle work after start is done, or after a visit of every page too
(``--quit-when-shown/-ready/-settled/-toured``)."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from companion.ui.shell.first_paint import AfterFirstPaint
from companion.ui.shell.main_window import MainWindow
from companion.ui.shell.pages import PAGES, PageKey
from companion.ui.shell.start_up import RunModes

SETTLED_POLL_MS = 50
#: Starts each line ``tour_pages`` prints.
TOURED = "toured"


def quit_when_shown(app: QApplication, window: QWidget) -> None:
    """Show the window and quit after its first paint (the data is never opened)."""
    window.show()
    AfterFirstPaint(window, app.quit)


def quit_when_done(
    app: QApplication, window: MainWindow, modes: RunModes, *, settled: Callable[[], bool]
) -> None:
    """With the data shown: quit now (``--quit-when-ready``), or once ``settled`` says the idle
    work is done (``--quit-when-settled``: the day's backup, then Ctrl+K's index; for
    benchmarks, the peak memory of a normal first start of the day), or so after showing every
    page once (``--quit-when-toured``: the pages after Home are built when first shown)."""
    if modes.quit_when_ready:
        window.repaint()
        QTimer.singleShot(0, app.quit)
    if modes.quit_when_settled:
        _quit_once_settled(app, settled)
    if modes.quit_when_toured:
        tour_pages(window, then=lambda: _quit_once_settled(app, settled))


def tour_pages(window: MainWindow, *, then: Callable[[], None]) -> None:
    """Show each page in turn, painted, one per event loop turn as a user's clicks would come;
    then ``then()``. Prints how long each first show took (``toured people 182.0 ms``) for the
    benchmarks: a page built on first show pays its import and build there."""
    keys = [page.key for page in PAGES]

    def visit(remaining: list[PageKey]) -> None:
        if not remaining:
            then()
            return
        started = time.perf_counter()
        window.show_page(remaining[0])
        window.repaint()
        shown_ms = (time.perf_counter() - started) * 1000
        print(f"{TOURED} {remaining[0].value} {shown_ms:.1f} ms", flush=True)
        QTimer.singleShot(0, lambda: visit(remaining[1:]))

    visit(keys)


def _quit_once_settled(app: QApplication, settled: Callable[[], bool]) -> None:
    poll = QTimer(app, interval=SETTLED_POLL_MS)
    poll.timeout.connect(lambda: settled() and app.quit())
    poll.start()
