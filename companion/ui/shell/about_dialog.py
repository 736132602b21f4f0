"""Help > About Common Ground."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from companion import APP_NAME, __version__
from companion.i18n import _
from companion.ui.widgets import icons

LICENCE = "GPL-3.0-or-later"


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About {app}").format(app=APP_NAME))
        icon = icons.app_icon()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 16)
        layout.setSpacing(10)
        if icon is not None:
            picture = QLabel()
            picture.setPixmap(icon.pixmap(64, 64))
            picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(picture)
        self.name = QLabel(APP_NAME)
        self.name.setProperty("role", "headline")
        self.name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.version = QLabel(_("Version {version}").format(version=__version__))
        self.version.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.idea = QLabel(
            _(
                "A private companion for meeting people through shared interests, "
                "giving first and keeping your word. Your data stays on this computer, except what "
                "you choose to sync."
            )
        )
        self.idea.setWordWrap(True)
        self.idea.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.licence = QLabel(
            _("Free software under the {licence} licence.").format(licence=LICENCE)
        )
        self.licence.setProperty("role", "subtle")
        self.licence.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        for widget in (self.name, self.version, self.idea, self.licence):
            layout.addWidget(widget)
        layout.addSpacing(6)
        layout.addWidget(self.buttons)
        self.setFixedWidth(420)
