"""Reacts to the Privacy buttons in Preferences: change the passphrase, move the key."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from companion.i18n import _
from companion.services.data.session import Session
from companion.storage import keys
from companion.storage.errors import StoreError
from companion.storage.keychain import KeychainUnavailable
from companion.storage.keys import KeyMode
from companion.ui.settings.protection_section import ProtectionSection
from companion.ui.shell.child_dialog import ChildDialog
from companion.ui.shell.passphrase_dialog import PassphraseDialog


class ProtectionController:
    def __init__(self, session: Session, section: ProtectionSection, parent: QWidget) -> None:
        self._session = session
        self._section = section
        self._parent = parent
        self.passphrase_dialog: ChildDialog[PassphraseDialog] = ChildDialog()
        section.change_passphrase.clicked.connect(self._on_change_passphrase_clicked)
        section.use_keychain.clicked.connect(self._on_use_keychain_clicked)

    def _on_change_passphrase_clicked(self) -> None:
        intro = (
            _("Choose a new passphrase. Your data stays as it is; only the lock changes.")
            if self._session.key_mode is KeyMode.PASSPHRASE
            else _(
                "Choose a passphrase. The key will be removed from the system keychain and you "
                "will be asked for the passphrase whenever Common Ground starts."
            )
        )

        def make() -> PassphraseDialog:
            dialog = PassphraseDialog(new=True, intro=intro, parent=self._parent)
            dialog.accepted.connect(lambda: self._apply_passphrase(dialog.value()))
            return dialog

        self.passphrase_dialog.open(make)

    def _apply_passphrase(self, passphrase: str) -> None:
        try:
            self._session.change_passphrase(passphrase)
        except (StoreError, OSError) as error:
            QMessageBox.warning(self._parent, _("Passphrase not changed"), str(error))
            return
        self._refresh()

    def _on_use_keychain_clicked(self) -> None:
        try:
            self._session.move_key_to_keychain()
        except (KeychainUnavailable, StoreError, OSError) as error:
            QMessageBox.warning(
                self._parent,
                _("System keychain not available"),
                _(
                    "The key could not be stored in the system keychain ({reason}). "
                    "Your passphrase still protects your data."
                ).format(reason=error),
            )
            return
        self._refresh()

    def _refresh(self) -> None:
        self._section.show_mode(
            self._session.key_mode, keychain_available=keys.keychain_available()
        )
