"""The start-up's steps before and around the data: how this launch runs, claiming the
instance (or handing the wish to the one that runs), SIGTERM, and what follows the data shown."""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from companion import APP_NAME
from companion.services.instance.instance_messages import Command, Request
from companion.ui.shell.single_instance import InstanceUnreachable, claim_instance, forward_request
from companion.ui.shell.starting_up import StartingUp, bring_to_front

if TYPE_CHECKING:
    from companion.services.data.session import Session
    from companion.ui.shell.saved_settings import SavedSettings
    from companion.ui.shell.window_controller import MainWindowController
    from companion.ui.tray.tray import Tray

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


@dataclass(frozen=True, slots=True, kw_only=True)
class RunModes:
    """How this launch runs, from the command line's options."""

    #: ``companion capture``: open quick capture once the data is shown.
    capture: bool = False
    #: ``--background``: start hidden in the tray (where there is one).
    background: bool = False
    #: ``--smoke-test``: check the window in a throwaway folder, then quit.
    smoke_test: bool = False
    #: Benchmark hooks: quit once the window is painted, the data shown, the idle work done.
    quit_when_shown: bool = False
    quit_when_ready: bool = False
    quit_when_settled: bool = False
    #: As ``quit_when_settled``, after showing every page once (what a visit of each costs).
    quit_when_toured: bool = False

    @classmethod
    def from_options(cls, options: argparse.Namespace) -> RunModes:
        return cls(
            capture=getattr(options, "command", None) == "capture",
            background=bool(getattr(options, "background", False)),
            smoke_test=bool(getattr(options, "smoke_test", False)),
            quit_when_shown=bool(getattr(options, "quit_when_shown", False)),
            quit_when_ready=bool(getattr(options, "quit_when_ready", False)),
            quit_when_settled=bool(getattr(options, "quit_when_settled", False)),
            quit_when_toured=bool(getattr(options, "quit_when_toured", False)),
        )

    @property
    def unattended(self) -> bool:
        """Nobody is there to click: checks and benchmarks fail at once instead of asking."""
        return (
            self.smoke_test
            or self.quit_when_ready
            or self.quit_when_settled
            or self.quit_when_toured
        )


class StartOutcome:
    """What the deferred part of the start-up produced, for the run to finish with."""

    def __init__(self) -> None:
        self.session: Session | None = None
        self.exit_code: int | None = None
        #: File > Lock and the idle lock (a ``LockController``), once the data is open.
        self.lock: object | None = None


def tell(message: str, *, unattended: bool, parent: QWidget | None) -> None:
    """Say ``message`` in a box, or on stderr when nobody is there to click (checks)."""
    if unattended:
        print(f"companion: {message}", file=sys.stderr)
    else:
        QMessageBox.critical(parent, APP_NAME, message)


def claim_or_hand_over(modes: RunModes, data_dir: Path) -> QLockFile | int:
    """Become the instance for ``data_dir``, or pass the wish on to the one that runs.

    Returns the held lock, or the exit status once the running instance has answered.
    """
    wish = Command.CAPTURE if modes.capture else Command.RAISE
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


def close_on_termination(app: QApplication, quit_app: Callable[[], None] | None) -> None:
    """Log-out and ``kill`` send SIGTERM: close the window normally so its layout is saved and
    the journal is folded into the store file.

    ``quit_app`` is the tray's quit where there is a tray: there closing only hides the window.
    """
    if not hasattr(signal, "SIGTERM"):
        return
    # All windows: an open quick capture would otherwise keep the app alive after log-out.
    quit_now = quit_app if quit_app is not None else app.closeAllWindows
    signal.signal(signal.SIGTERM, lambda *_args: QTimer.singleShot(0, quit_now))
    # Python runs signal handlers between bytecodes only; a timer lets it in while Qt waits.
    heartbeat = QTimer(app)
    heartbeat.timeout.connect(lambda: None)
    heartbeat.start(500)


def exec_and_forget_tray(app: QApplication, tray: Tray | None) -> int:
    try:
        return app.exec()
    finally:
        if tray is not None:
            tray.icon.hide()
            # The app object can outlive this run (tests run several in one process).
            app.setQuitOnLastWindowClosed(True)


def grant_first_wishes(
    starting: StartingUp,
    modes: RunModes,
    window: QWidget,
    *,
    settings: SavedSettings,
    session: Session,
    controller: MainWindowController,
) -> None:
    """What was asked for while the data loaded: raise, capture, or the first welcome."""
    from companion.services.profile.profile import get_profile

    if starting.raise_wanted:
        # Another launch asked for the window while it was still loading (e.g. hidden in the
        # tray after a start at login).
        bring_to_front(window)
    if modes.capture or starting.capture_wanted:
        controller.open_quick_capture()
    elif (
        not modes.unattended
        and window.isVisible()
        and not settings.current.welcome_shown
        and not get_profile(session.store).interests
    ):
        # Not over a hidden window (--background): the welcome waits for a normal start.
        controller.profile.open_welcome()
