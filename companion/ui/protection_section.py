"""The Privacy part of Preferences: how the data key is kept, and changing that."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from companion.i18n import _
from companion.storage.keys import KeyMode


def protection_text(mode: KeyMode | None) -> str:
    if mode is KeyMode.KEYCHAIN:
        return _("Your data is encrypted. Its key is kept in this computer's system keychain.")
    if mode is KeyMode.PASSPHRASE:
        return _("Your data is encrypted and unlocked with your passphrase.")
    return _("Your data will be encrypted as soon as you save something.")


class ProtectionSection(QGroupBox):
    """Layout only; ``ProtectionController`` reacts to the buttons."""

    def __init__(
        self, mode: KeyMode | None, *, keychain_available: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Privacy"), parent)
        self.summary = QLabel(protection_text(mode))
        self.summary.setWordWrap(True)
        self.change_passphrase = QPushButton(
            _("Change passphrase…") if mode is KeyMode.PASSPHRASE else _("Use a passphrase…")
        )
        self.use_keychain = QPushButton(_("Use the system keychain"))
        self.use_keychain.setVisible(mode is KeyMode.PASSPHRASE and keychain_available)
        self.change_passphrase.setEnabled(mode is not None)
        buttons = QHBoxLayout()
        buttons.addWidget(self.change_passphrase)
        buttons.addWidget(self.use_keychain)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)

    def show_mode(self, mode: KeyMode | None, *, keychain_available: bool) -> None:
        self.summary.setText(protection_text(mode))
        self.change_passphrase.setText(
            _("Change passphrase…") if mode is KeyMode.PASSPHRASE else _("Use a passphrase…")
        )
        self.use_keychain.setVisible(mode is KeyMode.PASSPHRASE and keychain_available)
