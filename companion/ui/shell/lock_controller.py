"""File > Lock and the idle lock: forget the key and the decrypted data, ask for them again.

Locking folds the journal into the store file, drops every table, decoded record and the data
key from memory (``Session.lock``) and has every view reload from the now empty store, so no
page keeps names or notes either. The app keeps the folder's writer lock meanwhile, so no other
process writes behind its back; requests forwarded from the command line are answered "locked".

Unlocking asks for the key the way it is kept: the passphrase (with the growing delay after
wrong ones), or the system keychain again, which may ask the user itself. Cancelling the
passphrase quits the app (everything is saved): a locked window offers nothing else to do.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMessageBox

from companion import APP_NAME
from companion.i18n import _
from companion.services.changes import ChangeSet
from companion.services.data.session import Session
from companion.storage.errors import StoreError
from companion.storage.keys import AskPassphrase, PassphraseNeeded, WrongPassphraseError
from companion.ui.shell.data_changes import DataChanges

#: What counts as using the app (restarts the idle countdown).
_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)
MINUTE_MS = 60_000
PREFERENCE_POLL_MS = 15_000


class LockController(QObject):
    def __init__(
        self,
        window: QMainWindow,
        *,
        session: Session,
        changes: DataChanges,
        ask: AskPassphrase,
        idle_minutes: Callable[[], int],
        quit_app: Callable[[], None],
        reopen_capture: Callable[[dict[str, str]], None] | None = None,
    ) -> None:
        super().__init__(window)
        self._reopen_capture = reopen_capture
        #: What was typed in quick capture when the app locked, to give back after unlocking.
        self._capture_typed: dict[str, str] = {}
        self._window = window
        self._session = session
        self._changes = changes
        self._ask = ask
        self._idle_minutes = idle_minutes
        self._quit_app = quit_app
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self.lock)
        self._armed_minutes = 0
        self._watching = False
        # The preference is read again now and then; only with an idle lock set does every
        # input event pass through here.
        self._preference = QTimer(self)
        self._preference.setInterval(PREFERENCE_POLL_MS)
        self._preference.timeout.connect(self._apply_preference)
        self._preference.start()
        self.restart_idle_countdown()

    @property
    def locked(self) -> bool:
        return self._session.locked

    def restart_idle_countdown(self) -> None:
        """Start counting idle time afresh (after unlocking)."""
        self._idle.stop()
        self._apply_preference()

    def _apply_preference(self) -> None:
        """Follow the idle-lock preference; a running countdown goes on unless it changed."""
        minutes = max(0, self._idle_minutes())
        self._watch_input(minutes > 0)
        if not minutes or self.locked:
            self._idle.stop()
            self._armed_minutes = 0
            return
        if minutes != self._armed_minutes or not self._idle.isActive():
            self._idle.setInterval(minutes * MINUTE_MS)
            self._armed_minutes = minutes
            self._idle.start()

    def _watch_input(self, wanted: bool) -> None:
        app = QApplication.instance()
        if app is None or wanted == self._watching:
            return
        if wanted:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._watching = wanted

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in _ACTIVITY and not self.locked and self._armed_minutes:
            self._idle.start()
        return False

    def lock(self) -> None:
        """Forget the key and the data now, then ask to unlock."""
        if self.locked or self._session.key is None:
            return
        self._idle.stop()
        # Imported here, not at start: quick capture is not needed to show the data.
        from companion.ui.capture.capture_dialog import CaptureDialog

        # Open dialogs show data (a person, a prep card): they go first.
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                if isinstance(widget, CaptureDialog) and self._reopen_capture is not None:
                    # The user's own words, not the store's data: kept, never lost to a lock.
                    self._capture_typed = widget.typed()
                widget.reject()
        try:
            self._session.lock()
        except (RuntimeError, StoreError):
            # In the middle of a change (a batch): try again in a moment rather than lose it.
            QTimer.singleShot(1000, self.lock)
            return
        self._changes.announce(ChangeSet(reset=True))
        self._window.setEnabled(False)
        self._window.statusBar().showMessage(_("Locked"))
        QTimer.singleShot(0, self.ask_to_unlock)

    def ask_to_unlock(self) -> None:
        """Ask until the key comes back; cancelling quits (everything is already saved)."""
        while self.locked:
            try:
                self._session.unlock(self._ask)
            except WrongPassphraseError:
                continue  # the passphrase dialog says so, with its growing delay
            except PassphraseNeeded:
                self._quit_app()
                return
            except StoreError as error:
                QMessageBox.critical(self._window, APP_NAME, str(error))
                self._quit_app()
                return
        self._window.setEnabled(True)
        self._window.statusBar().clearMessage()
        self._changes.announce(ChangeSet(reset=True))
        self.restart_idle_countdown()
        typed, self._capture_typed = self._capture_typed, {}
        if typed and self._reopen_capture is not None:
            self._reopen_capture(typed)
