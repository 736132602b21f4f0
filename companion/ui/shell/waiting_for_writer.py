"""While a ``companion import`` in a terminal holds the data: wait for it, don't give up.

The store has one writer at a time. A window started during a long CLI import used to say
"Another Common Ground is using the data" and end; it now shows that it waits, checks again
every half second, and opens the data as soon as the import is done (or ends if the user
cancels). Other launches asking meanwhile are told it is busy (``StartingUp``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from companion.i18n import _
from companion.storage.errors import StoreLockedError
from companion.storage.lock import StoreLock

RETRY_INTERVAL_MS = 500


def store_is_free(folder: Path) -> bool:
    """True when no other process holds the store's writer lock (checked by taking it)."""
    if not (folder / "store.lock").exists():
        return True
    lock = StoreLock(folder)
    try:
        lock.acquire()
    except StoreLockedError:
        return False
    except OSError:
        return True  # opening the store will say what is wrong with the folder
    lock.release()
    return True


class WaitingForWriter:
    """A small busy dialog over ``parent`` until ``is_free()`` or the user cancels."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        is_free: Callable[[], bool],
        interval_ms: int = RETRY_INTERVAL_MS,
    ) -> None:
        self._is_free = is_free
        self.dialog = QProgressDialog(
            _("Waiting for an import to finish…"), _("Cancel"), 0, 0, parent
        )
        self.dialog.setWindowTitle(_("Opening your data"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setAccessibleDescription(
            _(
                "Another Common Ground (a command in a terminal) is changing your data. "
                "The window opens it as soon as that is done."
            )
        )
        self._timer = QTimer(self.dialog, interval=interval_ms)
        self._loop = QEventLoop()
        self._free = False
        self._timer.timeout.connect(self._on_timer_timeout)
        self.dialog.canceled.connect(self._loop.quit)
        # Escape rejects the dialog without "canceled": that is a cancel too.
        self.dialog.rejected.connect(self._loop.quit)

    def wait(self) -> bool:
        """True once the data is free; False when the user cancelled."""
        if self._is_free():
            return True
        self.dialog.show()
        self._timer.start()
        self._loop.exec()
        self._timer.stop()
        self.dialog.hide()
        self.dialog.deleteLater()
        return self._free

    def _on_timer_timeout(self) -> None:
        if self._is_free():
            self._free = True
            self._loop.quit()
