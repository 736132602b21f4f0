"""The system tray icon: the way back to a window that was closed (or never shown) and the
quickest way to a capture.

Only built where a tray exists (``QSystemTrayIcon.isSystemTrayAvailable()``): there, closing the
window hides it and the app keeps running until Quit. Stock GNOME has no tray, and the app then
behaves as if this module did not exist (closing the window quits).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon, QWidget

from companion import APP_NAME, paths
from companion.i18n import _
from companion.ui.shell.saved_settings import SavedSettings
from companion.ui.shell.starting_up import bring_to_front
from companion.ui.widgets import icons

if TYPE_CHECKING:
    # Only for hints: the tray is built before the first paint, the data layers load after it.
    from companion.domain.events import Event
    from companion.services.promises.promises import DuePromise, Reconnect

TRAY_ICON_FILE = "org.commonground.Companion-tray.svg"
HINT_TIMEOUT_MS = 10_000
#: People listed in a submenu; the rest are on Home ("Show all on Home").
SUBMENU_ENTRIES = 10
#: Longer titles and promises are cut in menu texts (menus do not wrap).
MENU_TEXT_LENGTH = 48


def menu_text(text: str, limit: int = MENU_TEXT_LENGTH) -> str:
    """One line for a menu: shortened with "…", and "&" kept literal (not a mnemonic)."""
    line = " ".join(text.split())
    if len(line) > limit:
        line = line[: limit - 1].rstrip() + "…"
    return line.replace("&", "&&")


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

    The next event, the promises due and the people to reconnect with appear once the data is
    loaded (:meth:`show_next_event`, :meth:`show_promises`, :meth:`show_reconnects`); choosing
    one emits ``prepare_requested``, ``person_requested`` or ``home_requested``.
    """

    prepare_requested = Signal(str)
    person_requested = Signal(str)
    home_requested = Signal()
    #: "All promises…" in the promises submenu: the Promises view.
    promises_requested = Signal()
    #: The tray showed its own hint; a click on the message is no longer about a reminder.
    hint_shown = Signal()
    #: "Sync now" in the menu.
    sync_requested = Signal()

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
        self.sync_action = QAction(_("Sync now"), self.menu)
        self.sync_action.setVisible(False)  # until there is an account (``show_sync``)
        self.next_event_action = QAction(_("No upcoming events"), self.menu)
        self.promises_menu = QMenu(self.menu)
        self.reconnect_menu = QMenu(self.menu)
        self.menu.addAction(self.capture_action)
        self.menu.addAction(self.next_event_action)
        self.menu.addMenu(self.promises_menu)
        self.menu.addMenu(self.reconnect_menu)
        self.menu.addSeparator()
        self.menu.addAction(self.sync_action)
        self.menu.addAction(self.open_action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.icon.setContextMenu(self.menu)
        self.capture_action.setEnabled(open_capture is not None)
        self._next_event_id: str | None = None
        # Shown once the data is loaded: until then there is nothing true to say.
        for action in self._agenda_actions():
            action.setVisible(False)
        self._connect_signals()
        window.installEventFilter(self)

    def _connect_signals(self) -> None:
        self.capture_action.triggered.connect(self._on_capture_action_triggered)
        self.open_action.triggered.connect(self.open_window)
        self.quit_action.triggered.connect(self.quit)
        self.sync_action.triggered.connect(lambda _checked=False: self.sync_requested.emit())
        self.icon.activated.connect(self._on_icon_activated)
        self.next_event_action.triggered.connect(self._on_next_event_action_triggered)
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

    def _agenda_actions(self) -> tuple[QAction, ...]:
        return (
            self.next_event_action,
            self.promises_menu.menuAction(),
            self.reconnect_menu.menuAction(),
        )

    def show_next_event(self, event: Event | None, *, now: datetime) -> None:
        """ "Next: Go club (in 2 hours)", or a disabled "No upcoming events"."""
        from companion.i18n.formats import format_days, format_relative

        self._next_event_id = None if event is None else event.id
        if event is None:
            self.next_event_action.setText(_("No upcoming events"))
        elif event.cancelled:
            self.next_event_action.setText(
                _("Next: {title} (cancelled)").format(title=menu_text(event.title))
            )
        else:
            self.next_event_action.setText(
                _("Next: {title} ({when})").format(
                    title=menu_text(event.title),
                    when=format_days(event.first_day, event.last_day, skeleton="MMMEd")
                    if event.all_day
                    else format_relative(event.start, now=now),
                )
            )
        self.next_event_action.setEnabled(event is not None)
        self.next_event_action.setVisible(True)

    def show_sync(self, status: Sequence[str], *, busy: bool = False) -> None:
        """ "Sync now" while there are accounts (``status``: a line per account), and how the
        last round went in the tooltip."""
        # Still enabled while a round runs: asking then queues one more round after it.
        self.sync_action.setVisible(bool(status))
        lines = [APP_NAME, *status, *([_("Syncing…")] if busy and status else [])]
        self.icon.setToolTip("\n".join(lines))

    def show_promises(self, promises: Sequence[DuePromise]) -> None:
        """ "Promises due (n)": a submenu with each one; choosing it opens the person."""
        from companion.ui.home.home_cards import promise_due_text

        self._fill_people_menu(
            self.promises_menu,
            _("Promises due ({count})").format(count=len(promises)),
            [
                (
                    promise.person_id,
                    _("{name}: {promise} ({due})").format(
                        name=menu_text(promise.person_name, 24),
                        promise=menu_text(promise.text),
                        due=promise_due_text(promise),
                    ),
                )
                for promise in promises
            ],
            show_all=(_("All promises…"), self.promises_requested.emit),
        )

    def show_reconnects(self, reconnects: Sequence[Reconnect], *, today: date) -> None:
        """ "Reconnect (n)": a submenu with each person and when we were last in touch."""
        from companion.ui.home.home_cards import relative_day

        self._fill_people_menu(
            self.reconnect_menu,
            _("Reconnect ({count})").format(count=len(reconnects)),
            [
                (
                    reconnect.person_id,
                    menu_text(reconnect.person_name)
                    if reconnect.last_contact is None
                    else _("{name} (last contact {when})").format(
                        name=menu_text(reconnect.person_name),
                        when=relative_day(reconnect.last_contact, today),
                    ),
                )
                for reconnect in reconnects
            ],
        )

    def _fill_people_menu(
        self,
        menu: QMenu,
        title: str,
        entries: list[tuple[str, str]],
        *,
        show_all: tuple[str, Callable[[], None]] | None = None,
    ) -> None:
        menu.clear()
        menu.setTitle(title)
        for person_id, text in entries[:SUBMENU_ENTRIES]:
            action = menu.addAction(text)
            action.triggered.connect(
                lambda _checked=False, person_id=person_id: self.person_requested.emit(person_id)
            )
        menu.addSeparator()
        text, show = show_all or (_("Show all on Home"), self.home_requested.emit)
        everything = menu.addAction(text)
        everything.triggered.connect(lambda _checked=False: show())
        # An empty submenu would open onto nothing, except the way to all promises.
        menu.menuAction().setEnabled(bool(entries) or show_all is not None)
        menu.menuAction().setVisible(True)

    def _on_next_event_action_triggered(self) -> None:
        if self._next_event_id is not None:
            self.prepare_requested.emit(self._next_event_id)

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
        self.hint_shown.emit()
