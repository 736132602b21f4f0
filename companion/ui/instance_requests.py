"""What the running instance does when another ``companion`` process asks it something."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from companion.cli_commands import export_from, failure_reply, import_into
from companion.i18n import _
from companion.services.backup import export_backup
from companion.services.instance_messages import EXIT_FAILED, Command, Reply, Request
from companion.services.session import Session
from companion.ui.data_changes import DataChanges


def bring_to_front(window: QWidget) -> None:
    """Show, un-minimise, raise and activate ``window`` (as far as the desktop allows)."""
    window.show()
    window.setWindowState(
        (window.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive
    )
    window.raise_()
    window.activateWindow()


class InstanceRequests:
    """Carries out forwarded requests with the same services the CLI would use."""

    def __init__(
        self,
        *,
        window: QWidget,
        session: Session,
        changes: DataChanges,
        open_capture: Callable[[], None],
        data_dir: Path,
    ) -> None:
        self._window = window
        self._session = session
        self._changes = changes
        self._open_capture = open_capture
        self._data_dir = data_dir

    def handle(self, request: Request) -> Reply:
        if request.command is Command.RAISE:
            bring_to_front(self._window)
            return Reply()
        if request.command is Command.CAPTURE:
            self._open_capture()
            return Reply()
        try:
            if request.command is Command.IMPORT:
                reply, changes = import_into(self._session, list(request.paths))
                self._changes.announce(changes)
                return reply
            return export_from(export_backup(self._session.store), request.output)
        except Exception as error:  # the CLI reports it exactly as if it had run the command
            return failure_reply(error, self._data_dir)


class StartingUp:
    """Answers while the window is not built yet (the passphrase may still be asked for).

    A wish to raise the window or to capture is remembered and granted once it is ready.
    """

    def __init__(self) -> None:
        self.capture_wanted = False

    def handle(self, request: Request) -> Reply:
        if request.command is Command.CAPTURE:
            self.capture_wanted = True
        if request.command in {Command.RAISE, Command.CAPTURE}:
            return Reply()
        return Reply(
            exit_code=EXIT_FAILED,
            stderr="companion: "
            + _("Common Ground is still starting. Try again in a moment.")
            + "\n",
        )
