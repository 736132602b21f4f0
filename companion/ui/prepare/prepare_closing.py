"""Closing the Prepare window with unsaved changes: Save / Discard / Cancel, asked in a
window-modal, non-blocking box so the event loop (and the tests driving it) keep running."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from companion.i18n import _

Answer = QMessageBox.StandardButton


def save_question(parent: QWidget, title: str, on_answer: Callable[[Answer], None]) -> QMessageBox:
    """The box asking to save the preparation of the event ``title``, not opened yet;
    ``on_answer`` gets the standard button the user clicked."""
    buttons = QMessageBox.StandardButton
    box = QMessageBox(
        QMessageBox.Icon.Question,
        _("Prepare"),
        _("Save your preparation for “{title}”?").format(title=title),
        buttons.Save | buttons.Discard | buttons.Cancel,
        parent,
    )
    box.setDefaultButton(buttons.Save)
    box.finished.connect(lambda _result: on_answer(box.standardButton(box.clickedButton())))
    return box
