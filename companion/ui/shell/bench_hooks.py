"""The run modes checks and benchmarks use: quit once the window is painted, once the data is
shown, or once the idle work after start is done (``--quit-when-shown/-ready/-settled``)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from companion.ui.shell.first_paint import AfterFirstPaint
from companion.ui.shell.start_up import RunModes


def quit_when_shown(app: QApplication, window: QWidget) -> None:
    """Show the window and quit after its first paint (the data is never opened)."""
    window.show()
    AfterFirstPaint(window, app.quit)


def quit_when_done(
    app: QApplication, window: QWidget, modes: RunModes, *, settled: Callable[[], bool]
) -> None:
    """With the data shown: quit now (``--quit-when-ready``), or once ``settled`` says the idle
    work is done (``--quit-when-settled``: the day's backup, then Ctrl+K's index; for
    benchmarks, the peak memory of a normal first start of the day)."""
    if modes.quit_when_ready:
        window.repaint()
        QTimer.singleShot(0, app.quit)
    if modes.quit_when_settled:
        poll = QTimer(app, interval=50)
        poll.timeout.connect(lambda: settled() and app.quit())
        poll.start()
