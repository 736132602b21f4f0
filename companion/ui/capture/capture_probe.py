"""For benchmarks and end-to-end tests: note when quick capture is on screen, from outside.

With ``COMPANION_CAPTURE_SHOWN_LOG`` set to a file, each quick-capture dialog appends one line
once it has been painted: the wall-clock time (``time.time()``, comparable across processes)
and whether it is the active window. ``make bench`` measures a shortcut's ``companion capture``
against a bare PySide6 window this way; the dialog then closes, so the next request builds and
paints a new one. Unset (always, in normal use) nothing happens.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog

from companion.ui.shell.first_paint import AfterFirstPaint

LOG_ENV = "COMPANION_CAPTURE_SHOWN_LOG"


def watch(dialog: QDialog) -> None:
    """Log ``dialog``'s first paint if asked to (see the module's docstring)."""
    log = os.environ.get(LOG_ENV)
    if not log:
        return

    def painted() -> None:
        shown_at = time.time()
        # Activation is asynchronous on X11: ask whether it is active a moment later.
        QTimer.singleShot(50, lambda: _note(log, dialog, shown_at))

    AfterFirstPaint(dialog, painted)


def _note(log: str, dialog: QDialog, shown_at: float) -> None:
    with Path(log).open("a", encoding="utf-8") as file:
        file.write(f"{shown_at:.6f} active={dialog.isActiveWindow()}\n")
    dialog.reject()
