"""What a launch of Common Ground can do before its data is open: raise the window, and
answer other launches. Kept light: the window is on screen before the rest is imported."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from companion.i18n import _
from companion.services.instance.instance_messages import EXIT_FAILED, Command, Reply, Request


def bring_to_front(window: QWidget) -> None:
    """Show, un-minimise, raise and activate ``window`` (as far as the desktop allows)."""
    window.show()
    window.setWindowState(
        (window.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive
    )
    window.raise_()
    window.activateWindow()


class StartingUp:
    """Answers while the window is not built yet (the passphrase may still be asked for).

    A wish to raise the window or to capture is remembered and granted once it is ready.
    """

    def __init__(self) -> None:
        self.capture_wanted = False
        self.raise_wanted = False
        #: The data is held by another process (a ``companion import`` in a terminal).
        self.waiting_for_writer = False

    def handle(self, request: Request) -> Reply:
        if request.command is Command.CAPTURE:
            self.capture_wanted = True
        if request.command is Command.RAISE:
            self.raise_wanted = True
        if request.command in {Command.RAISE, Command.CAPTURE}:
            return Reply()
        if self.waiting_for_writer:
            reason = _(
                "Common Ground is waiting for another import to finish before it opens your "
                "data. Try again when that import is done."
            )
        else:
            reason = _("Common Ground is still starting. Try again in a moment.")
        # "busy": the sender asks again for a bounded time, then reports this and gives up.
        return Reply(exit_code=EXIT_FAILED, stderr=f"companion: {reason}\n", busy=True)
