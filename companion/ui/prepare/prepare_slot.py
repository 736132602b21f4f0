"""One stage of the Prepare dialog: the stage's name, its opener, and Shuffle / Pin / Pick… /
Write my own… buttons (reachable with Tab; their shortcuts are in the tooltips)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from companion.domain.openers import OPENER_STAGE_LABELS, Opener, OpenerStage
from companion.i18n import _


def with_shortcut(text: str, shortcut: QKeySequence) -> str:
    """A tooltip naming its keyboard shortcut in the platform's notation."""
    keys = shortcut.toString(QKeySequence.SequenceFormat.NativeText)
    return _("{action} ({shortcut})").format(action=text, shortcut=keys)


class StageSlotView(QFrame):
    """Layout only; ``PrepareDialog`` connects the buttons. ``number`` is 1–4 (for shortcuts)."""

    def __init__(self, stage: OpenerStage, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.setProperty("role", "card")
        self.setObjectName(f"slot_{stage.value}")
        self.stage_label = QLabel(_(OPENER_STAGE_LABELS[stage]))
        self.stage_label.setStyleSheet("font-weight: 600; color: palette(link);")
        self.pinned_label = QLabel(_("Pinned"))
        self.pinned_label.setProperty("role", "subtle")
        self.text_label = QLabel()
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text_label.setMinimumHeight(self.fontMetrics().lineSpacing() * 2)
        self.text_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.shuffle_shortcut = QKeySequence(f"Ctrl+{number}")
        self.pin_shortcut = QKeySequence(f"Ctrl+Shift+{number}")
        self.shuffle_button = QPushButton(_("Shuffle"))
        self.shuffle_button.setShortcut(self.shuffle_shortcut)
        self.shuffle_button.setToolTip(
            with_shortcut(_("Suggest the next opener for this stage"), self.shuffle_shortcut)
        )
        self.pin_button = QPushButton(_("Pin"))
        self.pin_button.setCheckable(True)
        self.pin_button.setShortcut(self.pin_shortcut)
        self.pin_button.setToolTip(
            with_shortcut(_("Keep this opener when shuffling everything"), self.pin_shortcut)
        )
        self.pick_button = QPushButton(_("Pick…"))
        self.pick_button.setToolTip(_("Choose an opener for this stage from the library"))
        self.write_button = QPushButton(_("Write my own…"))
        self.write_button.setToolTip(_("Write an opener of your own for this stage"))
        for button in self._buttons():
            button.setAccessibleDescription(_(OPENER_STAGE_LABELS[stage]))
        self._lay_out()

    def _buttons(self) -> tuple[QPushButton, ...]:
        return (self.shuffle_button, self.pin_button, self.pick_button, self.write_button)

    def _lay_out(self) -> None:
        heading = QHBoxLayout()
        heading.addWidget(self.stage_label)
        heading.addStretch(1)
        heading.addWidget(self.pinned_label)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        for button in self._buttons():
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(6)
        layout.addLayout(heading)
        layout.addWidget(self.text_label, 1)
        layout.addLayout(buttons)

    def show_opener(self, opener: Opener | None, *, pinned: bool) -> None:
        if opener is None:
            self.text_label.setText(_("No opener left for this stage: pick one or write your own."))
            self.text_label.setProperty("role", "subtle")
        else:
            self.text_label.setText(opener.text)
            self.text_label.setProperty("role", "")
        self.text_label.style().unpolish(self.text_label)
        self.text_label.style().polish(self.text_label)
        self.pinned_label.setVisible(pinned)
        self.pin_button.setChecked(pinned)
        self.pin_button.setText(_("Unpin") if pinned else _("Pin"))
        self.pin_button.setEnabled(opener is not None)
        self.shuffle_button.setEnabled(not pinned)
