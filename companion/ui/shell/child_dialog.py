"""At most one open child dialog of a kind (a picker, a form, a question), opened window-modal
and non-blocking: asking again while it is up raises it instead of stacking a second one, and
once it is finished it is deleted."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtWidgets import QDialog

D = TypeVar("D", bound=QDialog)


class ChildDialog(Generic[D]):
    """``dialog`` is the open one, or None."""

    def __init__(self) -> None:
        self.dialog: D | None = None

    def open(self, make: Callable[[], D]) -> D:
        """The open dialog raised, or a new one from ``make`` (which connects its own slots)."""
        if self.dialog is not None:
            self.dialog.raise_()
            return self.dialog
        dialog = make()
        dialog.finished.connect(lambda _result: self._on_finished(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _on_finished(self, dialog: D) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
