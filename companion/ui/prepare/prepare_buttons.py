"""The prepare window's bottom row: feedback after the event, export, print, what happened last
("Saved.", "Unsaved changes"), Close and Save."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from companion.i18n import _
from companion.ui.prepare.prepare_slot import with_shortcut


class PrepareButtons(QWidget):
    """Layout only; the dialog connects the buttons and writes the status."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.feedback_button = QPushButton(_("How did the openers go?…"))
        self.feedback_button.setToolTip(
            _("Tick the openers you used and the ones that landed well")
        )
        self.export_markdown_button = QPushButton(_("Export &Markdown…"))
        self.export_pdf_button = QPushButton(_("Export &PDF…"))
        self.print_button = QPushButton(_("P&rint…"))
        self.print_button.setToolTip(
            with_shortcut(_("Print the prep card"), QKeySequence("Ctrl+P"))
        )
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.save_button = QPushButton(_("&Save"))
        self.save_button.setProperty("primary", True)
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setToolTip(
            with_shortcut(_("Save the plan on the event"), QKeySequence("Ctrl+S"))
        )
        self.save_button.setAutoDefault(False)
        self.close_button = QPushButton(_("&Close"))
        self.close_button.setToolTip(with_shortcut(_("Close"), QKeySequence("Esc")))
        self.status_label = QLabel()
        self.status_label.setProperty("role", "subtle")
        for button in (self.close_button, self.feedback_button):
            button.setAutoDefault(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 8, 24, 16)
        for button in (
            self.feedback_button,
            self.export_markdown_button,
            self.export_pdf_button,
            self.print_button,
        ):
            layout.addWidget(button)
        layout.addSpacing(12)
        layout.addWidget(self.status_label, 1)
        layout.addWidget(self.close_button)
        layout.addWidget(self.save_button)
