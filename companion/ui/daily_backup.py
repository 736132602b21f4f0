"""A daily encrypted snapshot while the app runs (checked soon after start, then hourly)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from companion.services.session import Session
from companion.storage.errors import StoreError

FIRST_CHECK_MS = 10_000
CHECK_EVERY_MS = 60 * 60 * 1000


class DailyBackup(QObject):
    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.run_if_due)
        self._timer.start()
        QTimer.singleShot(FIRST_CHECK_MS, self, self.run_if_due)

    def run_if_due(self) -> None:
        # A failed backup must never disturb the user's work; the next check tries again.
        try:
            self._session.daily_backup()
        except (StoreError, OSError):
            return
