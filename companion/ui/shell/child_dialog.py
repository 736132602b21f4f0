"""At most one open child dialog of a kind (a picker, a form, a question, a window), non-blocking:
asking again while it is up raises it instead of stacking a second one.

Window-modal by default (``QDialog.open``); ``modal=False`` for windows the user keeps beside the
main one (Quick Capture), shown and activated each time. Once finished it is deleted, unless
``keep`` (Ctrl+K's box: opened again, it still holds the last query).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtWidgets import QDialog

D = TypeVar("D", bound=QDialog)


class ChildDialog(Generic[D]):
    """``dialog`` is the open (or kept) one, or None."""

    def __init__(self, *, modal: bool = True, keep: bool = False) -> None:
        self.dialog: D | None = None
        self._modal = modal
        self._keep = keep

    def open(self, make: Callable[[], D]) -> D:
        """The open dialog raised, or a new one from ``make`` (which connects its own slots)."""
        dialog = self.dialog
        if dialog is not None and dialog.isVisible():
            dialog.raise_()
            if not self._modal:
                dialog.activateWindow()
            return dialog
        if dialog is None:
            dialog = make()
            dialog.finished.connect(lambda _result: self._on_finished(dialog))
            self.dialog = dialog
        if self._modal:
            dialog.open()
        else:
            dialog.show()
            dialog.raise_()
            dialog.activateWindow()
        return dialog

    def _on_finished(self, dialog: D) -> None:
        if self._keep or self.dialog is not dialog:
            return
        self.dialog = None
        dialog.deleteLater()
