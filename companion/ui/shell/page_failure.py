"""A page that fails to build shows why in its place; the window and the other pages still work.

One record the app cannot show (a date in year 9999 from an old import, a damaged document)
used to leave the window on "Opening your data…" for good. Now the page's construction is
guarded: its failure is logged to the data folder (``services/failure_log.py``, no personal
data) and the page shows a short explanation instead.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from companion.i18n import _
from companion.paths import failure_log_file
from companion.services.data.failure_log import log_failure
from companion.ui.widgets.empty_state import TEXT_WIDTH

Built = TypeVar("Built")


class FailedPage(QWidget):
    """What a page shows when it could not be built: what happened and where the log is."""

    def __init__(self, *, title: str, log: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("failedPage")
        self.headline = QLabel(_("{page} cannot be shown").format(page=title))
        self.headline.setProperty("role", "headline")
        self.explanation = QLabel(
            _(
                "Something in your data could not be shown here. Nothing was changed or lost, "
                "and the rest of Common Ground works. What went wrong (without any of your "
                "data) was written to {log}; a backup from File > Restore from backup may "
                "also help."
            ).format(log=log)
        )
        self.explanation.setProperty("role", "subtle")
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column = QWidget()
        column.setMaximumWidth(TEXT_WIDTH)
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.setSpacing(14)
        for label in (self.headline, self.explanation):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            column_layout.addWidget(label)
        # As EmptyState: a column of limited width between stretches, so wrapped text has room.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 10)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.addStretch(2)
        layout.addLayout(row)
        layout.addStretch(3)


class Unavailable:
    """Stands in for a page's controller that could not be built: every call does nothing."""

    def __getattr__(self, name: str) -> Callable[..., Any]:
        return lambda *args, **kwargs: None


def guarded(build: Callable[[], Built], *, folder: Path, where: str) -> Built | Exception:
    """``build()``, or (when it raises) the exception, logged in ``folder``."""
    try:
        return build()
    except Exception as error:  # any failure of one page must not stop the window
        log_failure(folder, error, where=where)
        return error


def failed_page(title: str, *, folder: Path) -> FailedPage:
    return FailedPage(title=title, log=failure_log_file(folder))
