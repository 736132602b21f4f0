"""The system tray icon: the way back to a window that was closed (or never shown) and the
quickest way to a capture.

Only built where a tray exists (``QSystemTrayIcon.isSystemTrayAvailable()``): there, closing the
window hides it and the app keeps running until Quit. Stock GNOME has no tray, and the app then
behaves as if this module did not exist (closing the window quits).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon, QWidget

from companion import APP_NAME, paths
from companion.i18n import _
from companion.ui import icons
from companion.ui.saved_settings import SavedSettings
from companion.ui.starting_up import bring_to_front

TRAY_ICON_FILE = "org.commonground.Companion-tray.svg"
HINT_TIMEOUT_MS = 10_000


def tray_icon() -> QIcon:
    """The monochrome tray variant, else the app icon (a tray icon must never be empty)."""
    path = paths.icon_path(TRAY_ICON_FILE)
    if path.is_file():
        return QIcon(str(path))
    return icons.app_icon() or icons.people()


class Tray(QObject):
    """Tray icon and menu for ``window``; while it exists, closing the window only hides it.

    A child of the window, so both go together. The app quits through :meth:`quit` (tray menu,
    File > Quit, SIGTERM), which lets the window close for real so its layout is saved.
    """

    def __init__(
        self,
        window: QWidget,
        *,
        settings: SavedSettings,
        open_capture: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._open_capture = open_capture
        self._quitting = False
        self.icon = QSystemTrayIcon(tray_icon(), self)
        self.icon.setToolTip(APP_NAME)
        self.menu = QMenu(window)
        self.capture_action = QAction(_("Quick capture…"), self.menu)
        self.open_action = QAction(_("Open Common Ground"), self.menu)
        self.quit_action = QAction(_("Quit"), self.menu)
        self.menu.addAction(self.capture_action)
        self.menu.addAction(self.open_action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.icon.setContextMenu(self.menu)
        self.capture_action.setEnabled(open_capture is not None)
        self._connect_signals()
        window.installEventFilter(self)

    def _connect_signals(self) -> None:
        self.capture_action.triggered.connect(self._on_capture_action_triggered)
        self.open_action.triggered.connect(self.open_window)
        self.quit_action.triggered.connect(self.quit)
        self.icon.activated.connect(self._on_icon_activated)
        # Whatever ends the event loop (a benchmark flag, a failed unlock), the window may then
        # close for real, so the final close still saves its layout.
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._allow_close)

    def show(self) -> None:
        self.icon.show()

    def set_capture(self, open_capture: Callable[[], None]) -> None:
        """Quick capture needs the data; the tray shows before it is loaded."""
        self._open_capture = open_capture
        self.capture_action.setEnabled(True)

    def open_window(self) -> None:
        bring_to_front(self._window)

    def toggle_window(self) -> None:
        if self._window.isVisible() and not self._window.isMinimized():
            self._window.hide()
        else:
            self.open_window()

    def quit(self) -> None:
        """Close every window for real (the main one saves its layout), then end the app."""
        self._quitting = True
        if not self._window.close():
            # Something refused to close (it asked the user, who said no): keep running.
            self._quitting = False
            return
        # Also an open quick capture, which would otherwise outlive the window.
        QApplication.closeAllWindows()
        QApplication.quit()

    def _allow_close(self) -> None:
        self._quitting = True

    def _on_capture_action_triggered(self) -> None:
        if self._open_capture is not None:
            self._open_capture()

    def _on_icon_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.toggle_window()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self._window and event.type() == QEvent.Type.Close and not self._quitting:
            # Hide instead of closing: the app lives on in the tray until Quit.
            event.ignore()
            self._window.hide()
            self._tell_once_about_the_tray()
            return True
        return False

    def _tell_once_about_the_tray(self) -> None:
        if self._settings.current.tray_hint_shown:
            return
        self.icon.showMessage(
            APP_NAME,
            _(
                "Common Ground keeps running in the tray. Click its icon to open the window, "
                "or choose Quit from its menu to end it."
            ),
            QSystemTrayIcon.MessageIcon.Information,
            HINT_TIMEOUT_MS,
        )
        self._settings.update(tray_hint_shown=True)
