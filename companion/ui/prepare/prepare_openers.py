"""The prepare window's left column: one opener per stage with "Shuffle all" above them, and the
lines for the moments around the conversation below."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from companion.domain.openers import OpenerStage
from companion.i18n import _
from companion.ui.home.home_cards import section_title
from companion.ui.prepare.prepare_situations import SituationsPanel
from companion.ui.prepare.prepare_slot import StageSlotView, with_shortcut


class OpenersColumn(QWidget):
    """Layout only; the dialog connects the slot views' buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slot_views = {
            stage: StageSlotView(stage, number) for number, stage in enumerate(OpenerStage, start=1)
        }
        self.shuffle_all_shortcut = QKeySequence("Ctrl+R")
        self.shuffle_all_button = QPushButton(_("Shuffle &all"))
        self.shuffle_all_button.setShortcut(self.shuffle_all_shortcut)
        self.shuffle_all_button.setToolTip(
            with_shortcut(
                _("Suggest new openers for every unpinned stage"), self.shuffle_all_shortcut
            )
        )
        self.shuffle_all_button.setAutoDefault(False)
        self.situations = SituationsPanel()
        heading = QHBoxLayout()
        heading.addWidget(section_title(_("Openers")))
        heading.addStretch(1)
        heading.addWidget(self.shuffle_all_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(heading)
        for view in self.slot_views.values():
            layout.addWidget(view)
        layout.addSpacing(6)
        layout.addWidget(self.situations)
        layout.addStretch(1)
