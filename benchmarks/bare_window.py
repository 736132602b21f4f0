"""The cold-start baseline: a bare PySide6 ``QMainWindow`` that quits once it has been painted.

``companion --quit-when-shown`` is measured against this, started the same way in the same run.
Exit status 0 when the window was painted, 1 when it never was (after ``TIMEOUT_MS``).
With ``--print-shown`` it prints the wall-clock time of that first paint (``time.time()``), for
comparisons across processes (``instant_capture.py``).
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

TIMEOUT_MS = 20_000


class _QuitWhenPainted(QObject):
    """Quits on the event-loop turn after the first paint, so the frame is complete."""

    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self._app = app
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            if "--print-shown" in sys.argv:
                print(f"{time.time():.6f}", flush=True)
            QTimer.singleShot(0, self._app.quit)
        return False


def main() -> int:
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle("Bare window")
    window.resize(1000, 700)
    watcher = _QuitWhenPainted(app)
    window.installEventFilter(watcher)
    QTimer.singleShot(TIMEOUT_MS, app.quit)
    window.show()
    app.exec()
    return 0 if watcher.painted else 1


if __name__ == "__main__":
    sys.exit(main())
