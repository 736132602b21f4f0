"""Sizes that fit: windows within their screen, fields around their hints."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit, QWidget

#: Share of the screen's free area a window may take at most when it first opens.
MAX_SHARE = 0.92


def resize_within_screen(window: QWidget, width: int, height: int) -> None:
    """Resize ``window`` to ``width`` x ``height``, or less where the screen is smaller."""
    parent = window.parentWidget()
    screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
    if screen is not None:
        free = screen.availableGeometry()
        width = min(width, int(free.width() * MAX_SHARE))
        height = min(height, int(free.height() * MAX_SHARE))
    window.resize(width, height)


#: A line edit's frame and margins around its text, in pixels.
LINE_EDIT_PADDING = 16


def fit_placeholder(edit: QLineEdit) -> None:
    """Never narrower than its placeholder: a hint cut off in German says nothing."""
    needed = edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + LINE_EDIT_PADDING
    edit.setMinimumWidth(max(edit.minimumWidth(), needed))
