"""Ctrl+K's index, built a few records at a time while the app is idle after start.

Kept for the window's life: its folded index is what makes the second search quick.
"""

from __future__ import annotations

import gc
from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from companion.i18n import current_locale
from companion.services.data.session import Session
from companion.ui.shell.page_failure import guarded

if TYPE_CHECKING:
    from companion.services.search.everything_search import EverythingSearch

# After the day's backup check (housekeeping.FIRST_CHECK_MS), so their memory never adds up.
SEARCH_WARM_UP_DELAY_MS = 1500
# Records folded per idle step (about 10 ms at most), so typing or scrolling never waits long.
SEARCH_WARM_UP_STEP = 100


class SearchWarmUp(QObject):
    """``search`` is the window's Ctrl+K search; ``warmed`` once its index is complete."""

    def __init__(self, session: Session, parent: QObject) -> None:
        super().__init__(parent)
        self._session = session
        self.warmed = False
        self.timer = QTimer(self)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self._on_timer_timeout)
        QTimer.singleShot(SEARCH_WARM_UP_DELAY_MS, self.timer.start)

    @cached_property
    def search(self) -> EverythingSearch:
        """Made when the warm-up starts or Ctrl+K is first pressed: its modules are not needed
        to show the data."""
        from companion.services.search.stored_search import stored_search

        return stored_search(self._session.store, current_locale)

    def _on_timer_timeout(self) -> None:
        warmed = guarded(
            lambda: self.search.warm_up(SEARCH_WARM_UP_STEP),
            folder=self._session.folder,
            where="search warm-up",
        )
        if isinstance(warmed, Exception):
            # Data the index cannot read: stop here rather than fail again on every idle tick;
            # Ctrl+K then reads as it goes.
            self.timer.stop()
            return
        if warmed:
            self.timer.stop()
            self.warmed = True
        # The folded index lives as long as the window: keep the garbage collector's full
        # passes from walking it (a 30 ms stall at 10,000 people; see app.py's freeze).
        gc.freeze()
