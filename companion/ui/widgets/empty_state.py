"""What a page shows before it has anything: what it is for, and the first thing to do."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

ICON_SIZE = 72
TEXT_WIDTH = 480


class EmptyState(QWidget):
    """A large icon, a headline, one sentence and a primary button, centred on the page."""

    def __init__(
        self,
        *,
        icon: QIcon,
        headline: str,
        explanation: str,
        action_text: str,
        on_action: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._icon = icon
        self.icon_label = QLabel()
        self.icon_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._paint_icon()
        self.headline = QLabel(headline)
        self.headline.setProperty("role", "headline")
        self.explanation = QLabel(explanation)
        self.explanation.setProperty("role", "subtle")
        for label in (self.headline, self.explanation):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
        self.action_button = QPushButton(action_text)
        self.action_button.setProperty("primary", True)
        self.action_button.clicked.connect(on_action)

        # A column of limited width keeps the sentence at a comfortable line length; the
        # stretches around it centre it on the page.
        column = QWidget()
        column.setMaximumWidth(TEXT_WIDTH)
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.setSpacing(14)
        column_layout.addWidget(self.icon_label)
        column_layout.addSpacing(4)
        column_layout.addWidget(self.headline)
        column_layout.addWidget(self.explanation)
        column_layout.addSpacing(10)
        column_layout.addWidget(self.action_button, 0, Qt.AlignmentFlag.AlignHCenter)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 10)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.addStretch(2)
        layout.addLayout(row)
        layout.addStretch(3)

    def _paint_icon(self) -> None:
        self.icon_label.setPixmap(self._icon.pixmap(ICON_SIZE, ICON_SIZE))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        # The icon is drawn in palette colours: redraw it when light/dark switches.
        if event.type() == QEvent.Type.PaletteChange:
            self._paint_icon()
        super().changeEvent(event)
