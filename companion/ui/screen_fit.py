"""Initial window sizes that never exceed the screen the window opens on."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

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
