"""Composition root: builds the store, the services and the window, and runs Qt."""

from __future__ import annotations

import argparse
import gc
import signal
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, QLocale, QLockFile, QObject, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QMessageBox, QSystemTrayIcon, QWidget

from companion import APP_ID, APP_NAME, __version__, paths
from companion.i18n import _
from companion.i18n.languages import activate
from companion.i18n.regions import region_for, set_phone_region
from companion.memory_release import keep_big_buffers_returnable
from companion.paths import FolderPermissionsError
from companion.services.data.folder_problems import folder_problem
from companion.services.instance.instance_messages import Command, Request
from companion.ui.shell.first_paint import AfterFirstPaint
from companion.ui.shell.language import choose_language, install_qt_translations
from companion.ui.shell.main_window import MainWindow
from companion.ui.shell.saved_settings import SavedSettings
from companion.ui.shell.single_instance import (
    InstanceServer,
    InstanceUnreachable,
    claim_instance,
    forward_request,
)
from companion.ui.shell.starting_up import StartingUp, bring_to_front
from companion.ui.tray.tray import Tray
from companion.ui.widgets import icons
from companion.ui.widgets.theme import Theme

if TYPE_CHECKING:
    from companion.services.data.session import Session
    from companion.ui.feeds.feeds_controller import FeedsController
    from companion.ui.shell.data_changes import DataChanges
    from companion.ui.shell.window_controller import MainWindowController
    from companion.ui.sync.sync_controller import SyncController
    from companion.ui.tray.tray_actions import TrayActions

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


def _application() -> QApplication:
    existing = QCoreApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
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


def run_app(options: argparse.Namespace, *, data_dir: Path, locale_requested: str | None) -> int:
    keep_big_buffers_returnable()
    app = _application()
    if options.smoke_test:
        # Never touch the user's data: the smoke test gets a folder of its own.
        with tempfile.TemporaryDirectory(prefix="companion-smoke-") as folder:
            return _run(app, options, data_dir=Path(folder), locale_requested=locale_requested)
    return _run(app, options, data_dir=data_dir, locale_requested=locale_requested)


def _close_on_termination(app: QApplication, tray: Tray | None) -> None:
    """Log-out and ``kill`` send SIGTERM: close the window normally so its layout is saved and
    the journal is folded into the store file."""
    if not hasattr(signal, "SIGTERM"):
        return
    # All windows: an open quick capture would otherwise keep the app alive after log-out.
    # With a tray, closing only hides the window: the tray's quit closes for real.
    quit_app = tray.quit if tray is not None else app.closeAllWindows
    signal.signal(signal.SIGTERM, lambda *_args: QTimer.singleShot(0, quit_app))
    # Python runs signal handlers between bytecodes only; a timer lets it in while Qt waits.
    heartbeat = QTimer(app)
    heartbeat.timeout.connect(lambda: None)
    heartbeat.start(500)


def _claim_or_hand_over(options: argparse.Namespace, data_dir: Path) -> QLockFile | int:
    """Become the instance for ``data_dir``, or pass the wish on to the one that runs.

    Returns the held lock, or the exit status once the running instance has answered.
    """
    capture = getattr(options, "command", None) == "capture"
    wish = Command.CAPTURE if capture else Command.RAISE
    # Twice: the other instance may quit between our failed claim and our request.
    for _attempt in range(2):
        lock = claim_instance(data_dir)
        if lock is not None:
            return lock
        try:
            reply = forward_request(data_dir, Request(command=wish))
        except InstanceUnreachable as error:
            print(f"companion: {error}", file=sys.stderr)
            return EXIT_FAILED
        if reply is not None:
            if reply.stderr:
                print(reply.stderr, end="", file=sys.stderr)
            return reply.exit_code
    return EXIT_FAILED


def _tell(message: str, *, unattended: bool, parent: QWidget | None) -> None:
    """Say ``message`` in a box, or on stderr when nobody is there to click (checks)."""
    if unattended:
        print(f"companion: {message}", file=sys.stderr)
    else:
        QMessageBox.critical(parent, APP_NAME, message)


def _wait_for_writer(data_dir: Path, parent: QWidget | None, starting: StartingUp | None) -> bool:
    """Wait (visibly, cancellable) while a CLI import holds the data; False when cancelled."""
    from companion.ui.shell.waiting_for_writer import WaitingForWriter, store_is_free

    if store_is_free(data_dir):
        return True
    if starting is not None:
        starting.waiting_for_writer = True
    try:
        return WaitingForWriter(parent, is_free=lambda: store_is_free(data_dir)).wait()
    finally:
        if starting is not None:
            starting.waiting_for_writer = False


def _open_session(
    options: argparse.Namespace,
    data_dir: Path,
    *,
    unattended: bool,
    parent: QWidget | None,
    starting: StartingUp | None = None,
) -> Session | int:
    """Unlock and open the data, offering the newest good backup if it is damaged.

    While another process (a ``companion import``) holds the data, the window waits for it
    rather than giving up; unattended starts (checks, benchmarks) fail at once instead.
    """
    from companion.services.data.session import open_session
    from companion.storage.errors import StoreCorruptError, StoreError, StoreLockedError
    from companion.storage.keys import PassphraseNeeded
    from companion.ui.shell.recovery import offer_recovery
    from companion.ui.shell.unlock import ask_unattended, ask_with_dialog

    ask = ask_unattended(throwaway=options.smoke_test) if unattended else ask_with_dialog(parent)
    while True:
        if not unattended and not _wait_for_writer(data_dir, parent, starting):
            return EXIT_FAILED
        try:
            session = open_session(data_dir, ask)
        except StoreLockedError as error:
            if unattended:
                print(f"companion: {error}", file=sys.stderr)
                return EXIT_FAILED
            continue  # taken again between the check and the open: wait once more
        except (OSError, FolderPermissionsError) as error:
            message = folder_problem(error, data_dir)
            if message is None:
                raise
            _tell(message, unattended=unattended, parent=parent)
            return EXIT_FAILED
        except PassphraseNeeded as error:
            if unattended:
                print(f"companion: {error}", file=sys.stderr)
            # Cancelling the passphrase dialog is a choice, not an error to report again.
            return EXIT_FAILED
        except StoreCorruptError as error:
            if unattended:
                print(f"companion: {error}", file=sys.stderr)
                return EXIT_BAD_INPUT
            if not offer_recovery(data_dir, error, ask, parent):
                return EXIT_BAD_INPUT
            continue  # the backup is in place: open it
        except StoreError as error:
            from companion.services.data.key_problems import (
                damaged_keys_message,
                keys_file_disagrees,
            )
            from companion.storage.keys import WrongPassphraseError

            message = str(error)
            if isinstance(error, WrongPassphraseError) and keys_file_disagrees(data_dir):
                message = damaged_keys_message(data_dir)
            # Checks and benchmarks run unattended: a message box would wait for ever.
            _tell(message, unattended=unattended, parent=parent)
            return EXIT_FAILED
        recovery = session.store.recovery
        if recovery is not None:
            # Some recent changes could not be read back: say so once, plainly.
            if unattended:
                print(f"companion: {recovery.message}", file=sys.stderr)
            else:
                QMessageBox.warning(parent, APP_NAME, recovery.message)
        return session


def _run(
    app: QApplication,
    options: argparse.Namespace,
    *,
    data_dir: Path,
    locale_requested: str | None,
) -> int:
    try:
        claimed = _claim_or_hand_over(options, data_dir)
    except (OSError, FolderPermissionsError) as error:
        # A data folder we may not write (read-only disk, permissions taken away): said in a
        # box, not a silent exit, since a window start has no terminal to read.
        message = folder_problem(error, data_dir)
        if message is None:
            raise
        unattended = options.smoke_test or getattr(options, "quit_when_ready", False)
        _tell(message, unattended=unattended, parent=None)
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
        return _run_window(
            app,
            options,
            data_dir=data_dir,
            locale_requested=locale_requested,
            server=server,
            starting=starting,
        )
    finally:
        server.close()
        claimed.unlock()


def _run_window(
    app: QApplication,
    options: argparse.Namespace,
    *,
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
    _close_on_termination(app, tray)
    outcome = _StartOutcome()
    if options.quit_when_shown:
        window.show()
        AfterFirstPaint(window, app.quit)
        return _exec_and_forget_tray(app, tray)

    def load_data() -> None:
        _load_data(
            app,
            options,
            window,
            data_dir=data_dir,
            settings=settings,
            theme=theme,
            server=server,
            starting=starting,
            outcome=outcome,
            tray=tray,
        )

    # A hidden start (--background) needs the tray icon to bring the window back.
    if options.background and tray is not None:
        QTimer.singleShot(0, load_data)
    else:
        window.show()
        AfterFirstPaint(window, load_data)
    try:
        status = _exec_and_forget_tray(app, tray)
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


def _exec_and_forget_tray(app: QApplication, tray: Tray | None) -> int:
    try:
        return app.exec()
    finally:
        if tray is not None:
            tray.icon.hide()
            # The app object can outlive this run (tests run several in one process).
            app.setQuitOnLastWindowClosed(True)


class _StartOutcome:
    """What the deferred part of the start-up produced, for ``_run_window`` to finish with."""

    def __init__(self) -> None:
        self.session: Session | None = None
        self.exit_code: int | None = None
        #: File > Lock and the idle lock (a ``LockController``), once the data is open.
        self.lock: object | None = None


def _load_data(
    app: QApplication,
    options: argparse.Namespace,
    window: MainWindow,
    *,
    data_dir: Path,
    settings: SavedSettings,
    theme: Theme,
    server: InstanceServer,
    starting: StartingUp,
    outcome: _StartOutcome,
    tray: Tray | None,
) -> None:
    unattended = (
        options.smoke_test
        or getattr(options, "quit_when_ready", False)
        or getattr(options, "quit_when_settled", False)
    )
    # Imported only now, after the first paint: storage, services and the pages take a good
    # part of the start-up time, and the window is already on screen meanwhile.
    from companion.services.profile.profile import get_profile
    from companion.ui.search.search_warm_up import forget_module_sources
    from companion.ui.shell.data_changes import DataChanges
    from companion.ui.shell.instance_requests import InstanceRequests
    from companion.ui.shell.smoke_test import run_smoke_test
    from companion.ui.shell.window_controller import MainWindowController

    opened = _open_session(
        options, data_dir, unattended=unattended, parent=window, starting=starting
    )
    if isinstance(opened, int):
        outcome.exit_code = opened
        window.close()
        app.quit()
        return
    session = outcome.session = opened
    store = session.store
    # The store's tables live as long as the app and hold no reference cycles: frozen, the
    # cyclic garbage collector stops walking them on every full pass (a 50 ms stall at 10,000
    # people, in the middle of whatever the user was doing).
    gc.freeze()
    changes = DataChanges()
    controller = MainWindowController(
        window,
        session=session,
        changes=changes,
        settings=settings,
        theme=theme,
        today=date.today,
        record_counts=lambda: {"people": len(store.people), "events": len(store.events)},
        quit_app=tray.quit if tray is not None else None,
    )
    sync = _connect_sync(window, controller, session=session, changes=changes, tray=tray)
    if tray is not None:
        tray.set_capture(controller.open_quick_capture)
        from companion.services.clock import system_clock
        from companion.ui.shell.page_failure import guarded
        from companion.ui.tray.tray_agenda import connect_tray

        # Kept on the tray (its children): the menu's next event and counts, and reminders.
        # Data it cannot show leaves the tray without them, never the window unopened.
        guarded(
            lambda: connect_tray(
                tray,
                _tray_actions(controller, sync_now=sync.sync_now),
                store=store,
                changes=changes,
                settings=settings,
                today=date.today,
                now=system_clock,
            ),
            folder=data_dir,
            where="tray agenda",
        )
    feeds = _connect_feeds(
        window, controller, session=session, changes=changes, settings=settings, tray=tray
    )
    outcome.lock = _lock_controller(
        app, window, session, changes, settings=settings, tray=tray, unattended=unattended
    )
    server.set_handler(
        InstanceRequests(
            window=window,
            session=session,
            changes=changes,
            open_capture=controller.open_quick_capture,
            data_dir=data_dir,
            feeds=feeds.handle_request,
            sync=sync.handle_request,
        ).handle
    )
    sync.start()
    window.navigation.setEnabled(True)
    window.statusBar().clearMessage()
    if options.smoke_test:
        outcome.exit_code = run_smoke_test(
            window=window, session=session, changes=changes, data_dir=data_dir
        )
        window.close()
        app.quit()
        return
    if starting.raise_wanted:
        # Another launch asked for the window while it was still loading (e.g. hidden in the
        # tray after a start at login).
        bring_to_front(window)
    capture = getattr(options, "command", None) == "capture" or starting.capture_wanted
    if capture:
        controller.open_quick_capture()
    elif (
        not unattended
        and window.isVisible()
        and not settings.current.welcome_shown
        and not get_profile(store).interests
    ):
        # Not over a hidden window (--background): the welcome waits for a normal start.
        controller.profile.open_welcome()
    # Every module the window needs is imported by now.
    forget_module_sources()
    if getattr(options, "quit_when_ready", False):
        window.repaint()
        QTimer.singleShot(0, app.quit)
    if getattr(options, "quit_when_settled", False):
        _quit_when_settled(app, controller)


def _connect_feeds(
    window: MainWindow,
    controller: MainWindowController,
    *,
    session: Session,
    changes: DataChanges,
    settings: SavedSettings,
    tray: Tray | None,
) -> FeedsController:
    """Calendar feeds: the Events menu, Home's new events that fit, refreshing, the tray's note."""
    from companion.services.clock import system_clock
    from companion.ui.feeds.feeds_controller import FeedsController, fitting_message
    from companion.ui.home.home_page import HomePage

    feeds = FeedsController(
        window, session=session, changes=changes, settings=settings, now=system_clock
    )
    window.subscriptions_action.triggered.connect(feeds.open_subscriptions)
    window.refresh_feeds_action.triggered.connect(lambda: feeds.refresher.refresh())
    home = window.pages.widget(0)
    if isinstance(home, HomePage):
        feeds.add_home_section(home, open_event=controller.open_event)
    if tray is not None:
        feeds.fitting_found.connect(lambda found: tray.icon.showMessage(*fitting_message(found)))
    feeds.start()
    return feeds


def _connect_sync(
    window: MainWindow,
    controller: MainWindowController,
    *,
    session: Session,
    changes: DataChanges,
    tray: Tray | None,
) -> SyncController:
    """Sync with CardDAV/CalDAV accounts: Preferences > Sync, rounds, the tray, Home."""
    from companion.services.clock import system_clock
    from companion.ui.sync.sync_wiring import connect_sync

    sync = connect_sync(
        window,
        session=session,
        changes=changes,
        now=system_clock,
        today=date.today,
        preferences=controller.preferences,
        home=window.pages.widget(0),
        show_person=controller.show_person,
        tray=tray,
    )
    controller.people.set_delete_check(lambda person: sync.confirm_delete(person, window))
    return sync


def _tray_actions(controller: MainWindowController, *, sync_now: Callable[[], None]) -> TrayActions:
    """What the tray may ask of the window, and nothing more (issue 18)."""
    from companion.ui.shell.pages import PageKey
    from companion.ui.tray.tray_actions import TrayCallbacks

    return TrayCallbacks(
        prepare_event=controller.prepare_event,
        log_who_i_met=controller.log_who_i_met,
        show_person=controller.show_person,
        show_home=lambda: controller.window.show_page(PageKey.HOME),
        show_promises=controller.show_promises,
        sync_now=sync_now,
    )


def _lock_controller(
    app: QApplication,
    window: MainWindow,
    session: Session,
    changes: DataChanges,
    *,
    settings: SavedSettings,
    tray: Tray | None,
    unattended: bool,
) -> QObject:
    from companion.ui.shell.lock_controller import LockController
    from companion.ui.shell.unlock import ask_unattended, ask_with_dialog

    lock = LockController(
        window,
        session=session,
        changes=changes,
        ask=ask_unattended(throwaway=False) if unattended else ask_with_dialog(window),
        idle_minutes=lambda: settings.current.auto_lock_minutes,
        quit_app=tray.quit if tray is not None else app.quit,
    )
    window.lock_action.triggered.connect(lock.lock)
    return lock


def _quit_when_settled(app: QApplication, controller: MainWindowController) -> None:
    """Quit once the idle work after start is done: the day's backup, then Ctrl+K's index
    (for benchmarks: the peak memory of a normal first start of the day)."""
    poll = QTimer(app, interval=50)
    poll.timeout.connect(lambda: controller.search_warmed and app.quit())
    poll.start()


def prep_card_pdf(html: str, *, title: str) -> bytes:
    """The prep card as a PDF, laid out by Qt where Qt lives (``companion prep --format pdf``):
    the command line asks the composition root for it and never imports the UI itself."""
    from companion.ui.prepare.prep_card_pdf import pdf_bytes

    return pdf_bytes(html, title=title)
