"""Composition root: builds the store, the services and the window, connects them, runs Qt.

The steps themselves live in ``ui/shell/``: ``start_up`` (run modes, claiming the instance,
SIGTERM), ``unlock_flow`` (unlocking and recovery), ``bench_hooks`` (the ``--quit-when-…``
modes). See docs/ARCHITECTURE.md, "Start-up".
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from companion import APP_ID, APP_NAME, __version__, paths
from companion.i18n import _
from companion.i18n.languages import activate
from companion.i18n.regions import region_for, set_phone_region
from companion.memory_release import keep_big_buffers_returnable
from companion.paths import FolderPermissionsError
from companion.ui.shell import bench_hooks
from companion.ui.shell.first_paint import AfterFirstPaint
from companion.ui.shell.language import choose_language, install_qt_translations
from companion.ui.shell.main_window import MainWindow
from companion.ui.shell.saved_settings import SavedSettings
from companion.ui.shell.single_instance import InstanceServer
from companion.ui.shell.start_up import (
    EXIT_FAILED,
    RunModes,
    StartOutcome,
    claim_or_hand_over,
    close_on_termination,
    exec_and_forget_tray,
    grant_first_wishes,
    tell,
)
from companion.ui.shell.starting_up import StartingUp
from companion.ui.tray.tray import Tray
from companion.ui.widgets import icons
from companion.ui.widgets.theme import Theme, styled_application

if TYPE_CHECKING:
    from companion.services.data.session import Session
    from companion.ui.shell.data_changes import DataChanges
    from companion.ui.shell.window_controller import MainWindowController
    from companion.ui.tray.tray_actions import TrayActions


@dataclass(slots=True, kw_only=True)
class _Shell:
    """What exists before the data is open: the window and what surrounds it."""

    app: QApplication
    modes: RunModes
    data_dir: Path
    window: MainWindow
    settings: SavedSettings
    theme: Theme
    server: InstanceServer
    starting: StartingUp
    tray: Tray | None
    outcome: StartOutcome = field(default_factory=StartOutcome)


def _application() -> QApplication:
    existing = QCoreApplication.instance()
    app = existing if isinstance(existing, QApplication) else styled_application(sys.argv[0])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Common Ground")
    app.setOrganizationDomain("commonground.org")
    app.setDesktopFileName(APP_ID)
    icon = icons.app_icon()
    if icon is not None:
        app.setWindowIcon(icon)
    return app


def _no_display() -> bool:
    """True on Linux with no screen to open a window on (an SSH session, a cron job): Qt
    would abort the process with a core dump and a page of plugin names."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_app(options: argparse.Namespace, *, data_dir: Path, locale_requested: str | None) -> int:
    if _no_display():
        reason = _(
            "there is no screen to open the window on (neither DISPLAY nor WAYLAND_DISPLAY "
            "is set). The other commands work without one: see companion --help."
        )
        print(f"companion: {reason}", file=sys.stderr)
        return EXIT_FAILED
    keep_big_buffers_returnable()
    gc.freeze()
    app = _application()
    modes = RunModes.from_options(options)
    if modes.smoke_test:
        # Never touch the user's data: the smoke test gets a folder of its own.
        with tempfile.TemporaryDirectory(prefix="companion-smoke-") as folder:
            return _run(app, modes, data_dir=Path(folder), locale_requested=locale_requested)
    return _run(app, modes, data_dir=data_dir, locale_requested=locale_requested)


def _run(
    app: QApplication, modes: RunModes, *, data_dir: Path, locale_requested: str | None
) -> int:
    try:
        claimed = claim_or_hand_over(modes, data_dir)
    except (OSError, FolderPermissionsError) as error:
        # A data folder we may not write (read-only disk, permissions taken away): said in a
        # box, not a silent exit, since a window start has no terminal to read. Imported only
        # here: it brings the backups and the cipher, which the window does not need to show.
        from companion.services.data.folder_problems import folder_problem

        message = folder_problem(error, data_dir)
        if message is None:
            raise
        tell(message, unattended=modes.smoke_test or modes.quit_when_ready, parent=None)
        return EXIT_FAILED
    if isinstance(claimed, int):
        return claimed
    starting = StartingUp()
    server = InstanceServer(data_dir, starting.handle, app)
    try:
        if not server.listen():
            # Still usable: only other launches cannot reach this one.
            reason = _("other launches cannot reach this window (its local socket failed)")
            print(f"companion: {reason}", file=sys.stderr)
        return _run_window(app, modes, data_dir, locale_requested, server, starting)
    finally:
        server.close()
        claimed.unlock()


def _run_window(
    app: QApplication,
    modes: RunModes,
    data_dir: Path,
    locale_requested: str | None,
    server: InstanceServer,
    starting: StartingUp,
) -> int:
    """Show the window at once, then unlock and load the data into it.

    Loading 10,000 people takes a noticeable moment; the window (with its menus and
    navigation) is on screen meanwhile, and a passphrase dialog appears over it.
    """
    settings = SavedSettings(paths.settings_file(data_dir))
    language = activate(choose_language(requested=locale_requested, saved=settings.current.locale))
    set_phone_region(region_for(settings.current.phone_region, QLocale.system().name()))
    install_qt_translations(app, language)
    theme = Theme(app, settings.current.color_scheme)
    window = MainWindow(undo_stack=QUndoStack(app))
    window.restore_layout(
        geometry=settings.current.window_geometry, state=settings.current.window_state
    )
    window.navigation.setEnabled(False)
    window.statusBar().showMessage(_("Opening your data…"))
    tray = _tray(app, window, settings)
    close_on_termination(app, tray.quit if tray is not None else None)
    shell = _Shell(
        app=app,
        modes=modes,
        data_dir=data_dir,
        window=window,
        settings=settings,
        theme=theme,
        server=server,
        starting=starting,
        tray=tray,
    )
    if modes.quit_when_shown:
        bench_hooks.quit_when_shown(app, window)
        return exec_and_forget_tray(app, tray)
    # A hidden start (--background) needs the tray icon to bring the window back.
    if modes.background and tray is not None:
        QTimer.singleShot(0, lambda: _load_data_or_say_why(shell))
    else:
        window.show()
        AfterFirstPaint(window, lambda: _load_data_or_say_why(shell))
    outcome = shell.outcome
    try:
        status = exec_and_forget_tray(app, tray)
    finally:
        if outcome.session is not None:
            outcome.session.close()
        # Nothing may outlive the run (the app object can: tests run several in one process).
        window.close()
        shiboken6.delete(window)
    return outcome.exit_code if outcome.exit_code is not None else status


def _tray(app: QApplication, window: MainWindow, settings: SavedSettings) -> Tray | None:
    """The tray icon where the desktop has a tray; there the app outlives its closed window."""
    if not QSystemTrayIcon.isSystemTrayAvailable():
        return None
    tray = Tray(window, settings=settings)
    tray.show()
    app.setQuitOnLastWindowClosed(False)
    return tray


def _load_data_or_say_why(shell: _Shell) -> None:
    """``_load_data``; when something unforeseen breaks it, a box says so and where the details
    went, and the app ends with status 1, rather than a window left "starting" for good."""
    try:
        _load_data(shell)
    except Exception as error:  # a bug: the expected failures are answered inside
        from companion.services.data.failure_log import log_failure

        log = log_failure(shell.data_dir, error, where="start")
        tell(
            _(
                "Common Ground could not finish starting. What went wrong was written to "
                "{log}; please include that file when you report it."
            ).format(log=log),
            unattended=shell.modes.unattended,
            parent=shell.window,
        )
        shell.outcome.exit_code = EXIT_FAILED
        shell.window.close()
        shell.app.quit()


def _load_data(shell: _Shell) -> None:
    """After the first paint: open the data, build the pages and connect everything to it."""
    # Imported only now, after the first paint: storage, services and the pages take a good
    # part of the start-up time, and the window is already on screen meanwhile.
    from companion.ui.shell.unlock_flow import unlock_and_open

    app, window, modes = shell.app, shell.window, shell.modes
    opened = unlock_and_open(modes, shell.data_dir, parent=window, starting=shell.starting)
    if isinstance(opened, int):
        shell.outcome.exit_code = opened
        window.close()
        app.quit()
        return
    session = shell.outcome.session = opened
    # The store's tables live as long as the app and hold no reference cycles: frozen, the
    # cyclic garbage collector stops walking them on every full pass (a 50 ms stall at 10,000
    # people, in the middle of whatever the user was doing).
    gc.freeze()
    controller = _connect(shell, session)
    window.navigation.setEnabled(True)
    window.statusBar().clearMessage()
    if modes.smoke_test:
        from companion.ui.shell.smoke_test import run_smoke_test

        shell.outcome.exit_code = run_smoke_test(
            window=window, session=session, changes=controller.changes, data_dir=shell.data_dir
        )
        window.close()
        app.quit()
        return
    grant_first_wishes(
        shell.starting,
        modes,
        window,
        settings=shell.settings,
        session=session,
        controller=controller,
    )
    bench_hooks.quit_when_done(app, window, modes, settled=lambda: controller.search_warmed)


def _connect(shell: _Shell, session: Session) -> MainWindowController:
    """The window controller and everything around it: tray, feeds, lock, other launches."""
    from companion.ui.shell.data_changes import DataChanges
    from companion.ui.shell.instance_requests import InstanceRequests
    from companion.ui.shell.window_controller import MainWindowController

    window, tray, store = shell.window, shell.tray, session.store
    changes = DataChanges()
    controller = MainWindowController(
        window,
        session=session,
        changes=changes,
        settings=shell.settings,
        theme=shell.theme,
        today=date.today,
        record_counts=lambda: {"people": len(store.people), "events": len(store.events)},
        quit_app=tray.quit if tray is not None else None,
    )
    from companion.ui.shell.window_sync import connect_window_sync, tray_actions

    sync = connect_window_sync(window, controller, session=session, changes=changes, tray=tray)
    if tray is not None:
        actions = tray_actions(controller, sync_now=sync.sync_now)
        _connect_tray(shell, tray, controller, actions, session)
    from companion.ui.feeds.feeds_wiring import connect_feeds

    feeds = connect_feeds(
        window,
        session=session,
        changes=changes,
        settings=shell.settings,
        open_event=controller.open_event,
        tray=tray,
    )
    shell.outcome.lock = _lock_controller(
        shell, session, changes, reopen_capture=controller.reopen_quick_capture
    )
    shell.server.set_handler(
        InstanceRequests(
            window=window,
            session=session,
            changes=changes,
            open_capture=controller.open_quick_capture,
            data_dir=shell.data_dir,
            feeds=feeds.handle_request,
            sync=sync.handle_request,
        ).handle
    )
    sync.start()
    return controller


def _connect_tray(
    shell: _Shell,
    tray: Tray,
    controller: MainWindowController,
    actions: TrayActions,
    session: Session,
) -> None:
    from companion.services.clock import system_clock
    from companion.ui.shell.page_failure import guarded
    from companion.ui.tray.tray_agenda import connect_tray

    tray.set_capture(controller.open_quick_capture)
    # Kept on the tray (its children): the menu's next event and counts, and reminders.
    # Data it cannot show leaves the tray without them, never the window unopened.
    guarded(
        lambda: connect_tray(
            tray,
            actions,
            store=session.store,
            changes=controller.changes,
            settings=shell.settings,
            today=date.today,
            now=system_clock,
        ),
        folder=shell.data_dir,
        where="tray agenda",
    )


def _lock_controller(
    shell: _Shell,
    session: Session,
    changes: DataChanges,
    *,
    reopen_capture: Callable[[dict[str, str]], None],
) -> QObject:
    from companion.ui.shell.lock_controller import LockController
    from companion.ui.shell.unlock import ask_unattended, ask_with_dialog

    window, tray = shell.window, shell.tray
    lock = LockController(
        window,
        session=session,
        changes=changes,
        ask=ask_unattended(throwaway=False) if shell.modes.unattended else ask_with_dialog(window),
        idle_minutes=lambda: shell.settings.current.auto_lock_minutes,
        quit_app=tray.quit if tray is not None else shell.app.quit,
        reopen_capture=reopen_capture,
    )
    window.lock_action.triggered.connect(lock.lock)
    return lock


def prep_card_pdf(html: str, *, title: str) -> bytes:
    """The prep card as a PDF, laid out by Qt where Qt lives (``companion prep --format pdf``):
    the command line asks the composition root for it and never imports the UI itself."""
    from companion.ui.prepare.prep_card_pdf import pdf_bytes

    return pdf_bytes(html, title=title)
