"""Run the real app (``companion.cli.main``) on the X display and drive it through its tray icon.

Usage: ``app_tray_probe.py MODE [companion arguments...]``. Run by ``test_tray.py`` in a
subprocess with ``QT_QPA_PLATFORM=xcb``. Once the data is loaded and the tray host has embedded
the icon, the probe records what it sees, drives the app as ``MODE`` says, and prints one JSON
line when the app has ended:

- ``tray``: close the window (it must hide), "Open Common Ground", click the icon twice, then the
  tray menu's Quit.
- ``background``: "Open Common Ground", then File > Quit.
- ``sigterm``: send SIGTERM to itself, as log-out does.
- ``agenda``: add an event in two days, one that ended 30 minutes ago, an overdue promise and a
  person to reconnect with (announced as a data change); record the menu with its counts, choose
  "Next: …", let the reminder scheduler check, click the notification, choose the promise in its
  submenu, open the menu on screen (a screenshot goes to ``COMPANION_TRAY_SCREENSHOT`` if set),
  then Quit. Notifications and the window controller's entry points are recorded, not performed.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from companion import cli
from companion.domain.events import Event, EventStatus
from companion.domain.people import FollowUp, Person, Promise
from companion.services.changes import ChangeSet
from companion.services.clock import system_clock
from companion.ui.shell.main_window import MainWindow
from companion.ui.shell.window_controller import MainWindowController
from companion.ui.tray.notifications import ReminderScheduler

POLL_MS = 50
GIVE_UP_MS = 30_000
TIMED_OUT = 3
# Qt's own window for an XEmbed tray icon: part of the icon, not a window of the app.
TRAY_HOST_WIDGETS = {"QSystemTrayIconSys"}
SCREENSHOT_ENV = "COMPANION_TRAY_SCREENSHOT"
#: Long enough for the tray menu to refresh after a data change (it coalesces for 200 ms).
SETTLE_MS = 600

# What the app asked for, recorded instead of performed (the prep card and "log who I met"
# belong to other parts of the app; here only the path from the tray to them counts).
CALLS: list[list[str]] = []
MESSAGES: list[list[str]] = []


def _record_call(name: str) -> Callable[[MainWindowController, str], None]:
    def record(_controller: MainWindowController, record_id: str) -> None:
        CALLS.append([name, record_id])

    return record


for _name in ("prepare_event", "log_who_i_met", "show_person"):
    setattr(MainWindowController, _name, _record_call(_name))


def _record_message(_icon: QSystemTrayIcon, title: str, message: str, *_rest: object) -> None:
    MESSAGES.append([title, message])


QSystemTrayIcon.showMessage = _record_message  # type: ignore[assignment,method-assign]


def _menu_texts(menu: QMenu) -> list[Any]:
    """Each visible entry's text; a submenu as ``[title, enabled, [its entries]]``."""
    texts: list[Any] = []
    for action in menu.actions():
        if not action.isVisible():
            continue
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            texts.append([action.text(), action.isEnabled(), _menu_texts(submenu)])
        else:
            texts.append(action.text())
    return texts


class Probe:
    def __init__(self, app: QApplication, mode: str) -> None:
        self.app = app
        self.mode = mode
        self.report: dict[str, Any] = {"mode": mode, "steps": []}
        self._poll = QTimer(interval=POLL_MS)
        self._poll.timeout.connect(self._check_ready)
        self._poll.start()
        QTimer.singleShot(GIVE_UP_MS, self._give_up)

    def _window(self) -> MainWindow | None:
        for widget in self.app.topLevelWidgets():
            if isinstance(widget, MainWindow):
                return widget
        return None

    def _check_ready(self) -> None:
        window = self._window()
        if window is None or not window.navigation.isEnabled():
            return
        icons = window.findChildren(QSystemTrayIcon)
        if not icons or icons[0].geometry().isEmpty():
            return  # the tray host embeds the icon asynchronously
        self._poll.stop()
        self._drive(window, icons[0])

    def _record(self, name: str, window: MainWindow, **extra: Any) -> None:
        self.report["steps"].append({"step": name, "window_visible": window.isVisible(), **extra})

    def _drive(self, window: MainWindow, icon: QSystemTrayIcon) -> None:
        menu = icon.contextMenu()
        assert isinstance(menu, QMenu)
        geometry = icon.geometry()
        self._record(
            "ready",
            window,
            tray_visible=icon.isVisible(),
            tooltip=icon.toolTip(),
            geometry=[geometry.x(), geometry.y(), geometry.width(), geometry.height()],
            # What a user sees: "Sync now" is there only once a sync account is.
            menu=[a.text() for a in menu.actions() if a.isVisible()],
            separators=[a.isSeparator() for a in menu.actions() if a.isVisible()],
            capture_enabled=menu.actions()[0].isEnabled(),
            visible_top_levels=[
                w.metaObject().className()
                for w in self.app.topLevelWidgets()
                if w.isVisible() and w.metaObject().className() not in TRAY_HOST_WIDGETS
            ],
        )
        action = {text: a for a in menu.actions() if (text := a.text())}

        def step(name: str, do: Callable[[], object]) -> Callable[[], None]:
            def run() -> None:
                do()
                self._record(name, window)

            return run

        def click() -> None:
            icon.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)

        steps: list[Callable[[], None]] = []
        if self.mode == "tray":
            steps = [
                step("closed", window.close),
                step("opened", action["Open Common Ground"].trigger),
                step("clicked", click),
                step("clicked again", click),
                action["Quit"].trigger,
            ]
        elif self.mode == "background":
            steps = [
                step("opened", action["Open Common Ground"].trigger),
                window.quit_action.trigger,
            ]
        elif self.mode == "sigterm":
            steps = [lambda: os.kill(os.getpid(), signal.SIGTERM)]
        elif self.mode == "agenda":
            self._drive_agenda(window, icon, menu, action)
            return
        # One step per event loop turn, as a user's clicks would come.
        for number, next_step in enumerate(steps, start=1):
            QTimer.singleShot(number * POLL_MS, next_step)

    def _drive_agenda(
        self, window: MainWindow, icon: QSystemTrayIcon, menu: QMenu, action: dict[str, Any]
    ) -> None:
        [controller] = window.findChildren(MainWindowController)
        [scheduler] = icon.findChildren(ReminderScheduler)
        self.report["menu_before"] = _menu_texts(menu)
        store = controller._session.store
        now = system_clock()

        # Seeded one step later, so that the scheduler's own first check (right after the data
        # loaded) has seen the empty store whatever the machine's speed: the probe's check
        # below is then the one that shows the reminder.
        def seed() -> None:
            tomorrow = Event(
                title="Go club", start=now + timedelta(days=2, hours=1), status=EventStatus.GOING
            )
            ended = Event(
                title="Board game night",
                start=now - timedelta(hours=2, minutes=30),
                end=now - timedelta(minutes=30),
                status=EventStatus.GOING,
            )
            ada = Person(name="Ada Lovelace")
            ben = Person(name="Ben Okri", follow_up=FollowUp(next_date=now.date() - timedelta(2)))
            overdue = now.date() - timedelta(3)
            promise = Promise(person_id=ada.id, text="Send the route map", due=overdue)
            with store.batch():
                store.events.put_many([tomorrow, ended])
                store.people.put_many([ada, ben])
                store.promises.put(promise)
            self.report["ids"] = {"next": tomorrow.id, "ended": ended.id, "ada": ada.id}
            controller._changes.announce(
                ChangeSet(
                    added={
                        "events": frozenset({tomorrow.id, ended.id}),
                        "people": frozenset({ada.id, ben.id}),
                        "offers": frozenset({promise.id}),
                    }
                )
            )

        def seeded() -> None:
            self.report["menu"] = _menu_texts(menu)
            self.report["tray_visible"] = icon.isVisible()
            menu.actions()[1].trigger()  # "Next: Go club (in 2 days)"
            self.report["after_next_event"] = list(CALLS)

        def notified() -> None:
            scheduler.check()
            self.report["messages"] = list(MESSAGES)
            icon.messageClicked.emit()
            self.report["after_click"] = list(CALLS)

        def promise_chosen() -> None:
            promises = menu.actions()[2].menu()
            assert isinstance(promises, QMenu)
            promises.actions()[0].trigger()
            self.report["after_promise"] = list(CALLS)

        def menu_on_screen() -> None:
            geometry = icon.geometry()
            menu.popup(QPoint(geometry.x(), geometry.bottom() + 2))

        def screenshot() -> None:
            target = os.environ.get(SCREENSHOT_ENV)
            if target:
                screen = self.app.primaryScreen()
                self.report["screenshot"] = screen.grabWindow(0).save(target)
            menu.hide()

        # The seeding comes first, well before the tray has to show it (it coalesces changes).
        QTimer.singleShot(POLL_MS, seed)
        steps = [seeded, notified, promise_chosen, menu_on_screen, screenshot]
        steps.append(action["Quit"].trigger)
        for number, next_step in enumerate(steps, start=1):
            QTimer.singleShot(SETTLE_MS + number * POLL_MS * 4, next_step)

    def _give_up(self) -> None:
        self.report["timed_out"] = True
        self.app.exit(TIMED_OUT)


def main() -> int:
    mode, *arguments = sys.argv[1:]
    # The app takes this QApplication over (it reuses an existing one).
    app = QApplication(sys.argv[:1])
    probe = Probe(app, mode)
    status = cli.main(arguments)
    probe.report["exit_status"] = status
    print(json.dumps(probe.report), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
