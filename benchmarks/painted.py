"""What the window benchmarks share: show a widget painted at once, and close them after.

Qt is imported when called: the benchmarks set ``QT_QPA_PLATFORM`` before they need it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

WidgetT = TypeVar("WidgetT", bound="QWidget")


def show_painted(widget: WidgetT) -> WidgetT:
    """Show ``widget`` and paint it now, as the user would see it; returns it to be kept."""
    from PySide6.QtWidgets import QApplication

    widget.show()
    widget.repaint()
    QApplication.processEvents()
    return widget


def close_all(widgets: Iterable[QWidget]) -> None:
    for widget in widgets:
        widget.close()
        widget.deleteLater()
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
