"""The Privacy part of Preferences: how the data key is kept, and changing that."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from companion.i18n import _
from companion.storage.keys import KeyMode

#: The longest idle time Preferences offers before locking (a day).
MAX_AUTO_LOCK_MINUTES = 24 * 60


def protection_text(mode: KeyMode | None) -> str:
    if mode is KeyMode.KEYCHAIN:
        return _("Your data is encrypted. Its key is kept in this computer's system keychain.")
    if mode is KeyMode.PASSPHRASE:
        return _("Your data is encrypted and unlocked with your passphrase.")
    return _("Your data will be encrypted as soon as you save something.")


class ProtectionSection(QGroupBox):
    """Layout only; ``ProtectionController`` reacts to the buttons."""

    def __init__(
        self,
        mode: KeyMode | None,
        *,
        keychain_available: bool,
        auto_lock_minutes: int = 0,
        parent: QWidget | None = None,
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
        self.auto_lock = QSpinBox()
        self.auto_lock.setObjectName("autoLock")
        self.auto_lock.setRange(0, MAX_AUTO_LOCK_MINUTES)
        self.auto_lock.setSpecialValueText(_("Never"))
        self.auto_lock.setSuffix(_(" min"))
        self.auto_lock.setValue(auto_lock_minutes)
        auto_lock_label = QLabel(_("&Lock when unused for:"))
        auto_lock_label.setBuddy(self.auto_lock)
        self.auto_lock.setAccessibleName(_("Lock when unused for (minutes)"))
        auto_lock_row = QHBoxLayout()
        auto_lock_row.addWidget(auto_lock_label)
        auto_lock_row.addWidget(self.auto_lock)
        auto_lock_row.addStretch(1)
        self.auto_lock_note = QLabel(
            _(
                "Locking (also File > Lock, Ctrl+L) forgets the key and your data until you "
                "unlock again."
            )
        )
        self.auto_lock_note.setWordWrap(True)
        self.auto_lock_note.setProperty("role", "subtle")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addLayout(auto_lock_row)
        layout.addWidget(self.auto_lock_note)

    def show_mode(self, mode: KeyMode | None, *, keychain_available: bool) -> None:
        self.summary.setText(protection_text(mode))
        self.change_passphrase.setText(
            _("Change passphrase…") if mode is KeyMode.PASSPHRASE else _("Use a passphrase…")
        )
        self.use_keychain.setVisible(mode is KeyMode.PASSPHRASE and keychain_available)
