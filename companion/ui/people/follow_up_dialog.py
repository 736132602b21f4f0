"""Write a follow-up: a short message to someone I met, naming where we met and what I
promised, to edit and then open in the mail client (``mailto:``) or copy."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from companion.i18n import _
from companion.services.prepare.follow_up_message import FollowUpMessage, mailto_url

BODY_LINES = 12


def open_in_desktop(url: QUrl) -> bool:
    """Hand ``url`` to the desktop (the default mail client for ``mailto:``)."""
    return QDesktopServices.openUrl(url)


class FollowUpDialog(QDialog):
    """Fields are public for tests; ``open_url`` defaults to ``open_in_desktop``."""

    def __init__(
        self,
        message: FollowUpMessage,
        *,
        person_name: str,
        open_url: Callable[[QUrl], bool] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._open_url = open_url
        self.setObjectName("followUpDialog")
        self.setWindowTitle(_("Follow up with {name}").format(name=person_name))
        self.to_edit = QLineEdit(message.to)
        self.to_edit.setPlaceholderText(_("Their email address"))
        self.subject_edit = QLineEdit(message.subject)
        self.body_edit = QPlainTextEdit(message.body)
        self.body_edit.setTabChangesFocus(True)
        self.body_edit.setMinimumHeight(self.fontMetrics().lineSpacing() * BODY_LINES)
        self.body_edit.setAccessibleName(_("Message"))
        self.status_label = QLabel()
        self.status_label.setProperty("role", "subtle")
        self.mail_button = QPushButton(_("Open in &mail app"))
        self.mail_button.setProperty("primary", True)
        self.copy_button = QPushButton(_("&Copy"))
        self.close_button = QPushButton(_("Close"))
        for button in (self.mail_button, self.copy_button, self.close_button):
            button.setAutoDefault(False)
        form = QFormLayout()
        form.addRow(_("&To:"), self.to_edit)
        form.addRow(_("&Subject:"), self.subject_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.mail_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.body_edit, 1)
        layout.addLayout(buttons)
        self.mail_button.clicked.connect(self.open_in_mail_app)
        self.copy_button.clicked.connect(self.copy)
        self.close_button.clicked.connect(self.reject)
        self.body_edit.setFocus()

    def message(self) -> FollowUpMessage:
        """The message as edited."""
        return FollowUpMessage(
            to=self.to_edit.text().strip(),
            subject=self.subject_edit.text().strip(),
            body=self.body_edit.toPlainText(),
        )

    def open_in_mail_app(self) -> None:
        opener = self._open_url or open_in_desktop
        if opener(QUrl(mailto_url(self.message()))):
            self.status_label.setText(_("Opened in your mail app."))
        else:
            self.status_label.setText(_("No mail app answered; copy the message instead."))

    def copy(self) -> None:
        message = self.message()
        QGuiApplication.clipboard().setText(f"{message.subject}\n\n{message.body}")
        self.status_label.setText(_("Copied."))
