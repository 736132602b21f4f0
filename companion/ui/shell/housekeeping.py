"""Housekeeping while the app runs: a daily encrypted snapshot (checked soon after start, then
hourly) and folding a grown journal into the store file (checked every few minutes)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from companion.services.data.session import Session
from companion.storage.errors import StoreError

# Soon after the data is shown and before Ctrl+K builds its index (see window_controller):
# the snapshot's passing memory then comes before the index's, not on top of it.
FIRST_CHECK_MS = 800
CHECK_EVERY_MS = 60 * 60 * 1000
COMPACT_CHECK_MS = 3 * 60 * 1000


class Housekeeping(QObject):
    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.run_if_due)
        self._timer.start()
        QTimer.singleShot(FIRST_CHECK_MS, self, self.run_if_due)
        self._compaction = QTimer(self)
        self._compaction.setInterval(COMPACT_CHECK_MS)
        self._compaction.timeout.connect(self.compact_if_due)
        self._compaction.start()

    def run_if_due(self) -> None:
        # A failed backup must never disturb the user's work; the next check tries again.
        try:
            self._session.daily_backup()
        except (StoreError, OSError):
            return

    def compact_if_due(self) -> None:
        # Every change is already durable in the journal; a failed compaction loses nothing.
        try:
            self._session.store.compact_if_due()
        except (StoreError, OSError):
            return
