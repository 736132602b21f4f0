"""Run the real app (``companion.cli.main``) on the X display and drive it through its tray icon.

Usage: ``app_tray_probe.py MODE [companion arguments...]``. Run by ``test_tray.py`` in a
subprocess with ``QT_QPA_PLATFORM=xcb``. Once the data is loaded and the tray host has embedded
the icon, the probe records what it sees, drives the app as ``MODE`` says, and prints one JSON
line when the app has ended:

- ``tray``: close the window (it must hide), "Open Common Ground", click the icon twice, then the
  tray menu's Quit.
- ``background``: "Open Common Ground", then File > Quit.
- ``sigterm``: send SIGTERM to itself, as log-out does.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from companion import cli
from companion.ui.main_window import MainWindow

POLL_MS = 50
GIVE_UP_MS = 30_000
TIMED_OUT = 3
# Qt's own window for an XEmbed tray icon: part of the icon, not a window of the app.
TRAY_HOST_WIDGETS = {"QSystemTrayIconSys"}


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
            menu=[a.text() for a in menu.actions()],
            separators=[a.isSeparator() for a in menu.actions()],
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
        # One step per event loop turn, as a user's clicks would come.
        for number, next_step in enumerate(steps, start=1):
            QTimer.singleShot(number * POLL_MS, next_step)

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
