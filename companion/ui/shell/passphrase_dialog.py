"""Asks for the passphrase that protects the data: a new one (typed twice) or the current one."""

from __future__ import annotations

import math

from PySide6.QtCore import QTimer
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from companion import APP_NAME
from companion.i18n import _, ngettext
from companion.storage.keys import MIN_PASSPHRASE_LENGTH


class PassphraseDialog(QDialog):
    """``new=True``: choose and confirm a passphrase; else: enter the current one."""

    def __init__(
        self,
        *,
        new: bool,
        retry: bool = False,
        intro: str | None = None,
        wait_seconds: float = 0.0,
        parent: QWidget | None = None,
    ) -> None:
        """``wait_seconds``: after wrong passphrases, how long until the next one is tried;
        OK stays disabled with a countdown until then."""
        super().__init__(parent)
        self._new = new
        self.setWindowTitle(
            _("Choose a passphrase") if new else _("Unlock {app}").format(app=APP_NAME)
        )
        self.setMinimumWidth(440)

        default_intro = (
            _(
                "Your notes about people are private, so {app} keeps them encrypted. This "
                "computer has no system keychain to hold the key, so please choose a passphrase. "
                "You will be asked for it when {app} starts. Without it, the data cannot be "
                "read: keep it somewhere safe."
            )
            if new
            else _("Your data is protected by a passphrase. Please enter it.")
        )
        self.intro = QLabel((intro or default_intro).format(app=APP_NAME))
        self.intro.setWordWrap(True)

        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setObjectName("passphrase")
        self.confirmation = QLineEdit()
        self.confirmation.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirmation.setObjectName("confirmation")
        self.problem = QLabel(
            _("That passphrase does not unlock your data. Please try again.") if retry else ""
        )
        self.problem.setObjectName("problem")
        self.problem.setProperty("role", "error")
        self.problem.setWordWrap(True)
        self.problem.setVisible(retry)

        form = QFormLayout()
        form.addRow(_("&Passphrase:"), self.passphrase)
        if new:
            form.addRow(_("&Repeat it:"), self.confirmation)
        else:
            self.confirmation.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(14)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.passphrase.setFocus()

        self._wait_left = math.ceil(wait_seconds)
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self.tick)
        if self._wait_left > 0:
            self.problem.show()
            self._show_wait()
            self._countdown.start()

    def tick(self) -> None:
        """One second of the wait after wrong passphrases has passed."""
        self._wait_left -= 1
        self._show_wait()
        if self._wait_left <= 0:
            self._countdown.stop()

    def _show_wait(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self._wait_left <= 0)
        if self._wait_left > 0:
            self.problem.setText(
                ngettext(
                    "That passphrase does not unlock your data. You can try again in "
                    "{count} second.",
                    "That passphrase does not unlock your data. You can try again in "
                    "{count} seconds.",
                    self._wait_left,
                ).format(count=self._wait_left)
            )
        else:
            self.problem.setText(_("That passphrase does not unlock your data. Please try again."))

    def value(self) -> str:
        return self.passphrase.text()

    def _complaint(self) -> str | None:
        text = self.passphrase.text()
        if not text:
            return _("Please enter the passphrase.")
        if self._new and len(text) < MIN_PASSPHRASE_LENGTH:
            return _("Choose a passphrase of at least {count} characters.").format(
                count=MIN_PASSPHRASE_LENGTH
            )
        if self._new and self.confirmation.text() != text:
            return _("The two passphrases differ.")
        return None

    def _on_buttons_accepted(self) -> None:
        if self._wait_left > 0:
            return  # Enter while the countdown runs
        complaint = self._complaint()
        if complaint is None:
            self.accept()
            return
        self.problem.setText(complaint)
        self.problem.show()
        self._fit_height()
        self.passphrase.setFocus()

    def _fit_height(self) -> None:
        # Wrapped labels need more height than a top-level dialog gets from Qt (it has no
        # height-for-width): without this the intro and the error were cut off (issue 17).
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            self.setMinimumHeight(layout.totalHeightForWidth(self.width()))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._fit_height()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_height()
