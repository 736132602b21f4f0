"""Preferences > Sync > Change Password…: a new password, checked with the server first.

The server is asked off the GUI thread, as Add… does. A password the server refuses is said
in words and nothing changes (the old one stays); an accepted one is stored where the old one
was (the keychain, else the encrypted store). It is never shown or logged.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from companion.domain.errors import ValidationError
from companion.domain.sync_accounts import SyncAccount
from companion.i18n import _
from companion.services.sync.account_upkeep import ask_server, keep_password
from companion.services.sync.sync_accounts import Discover, ServerProblem, discover_over_network
from companion.storage.store import Store
from companion.ui.sync.add_account_dialog import ask_in_background
from companion.ui.sync.sync_section import server_of
from companion.ui.widgets.roles import set_role


class PasswordDialog(QDialog):
    """``changed(account, changes)`` once the new password is kept; the dialog then closes."""

    changed = Signal(object, object)

    def __init__(
        self,
        account: SyncAccount,
        *,
        store: Store,
        discover: Discover = discover_over_network,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._account = account
        self._store = store
        self._discover = discover
        self._awaited: QObject | None = None
        self.setWindowTitle(_("Change Password"))
        self.setMinimumWidth(420)
        intro = QLabel(
            _(
                "The new password for {user} on {server}. It is checked with the server "
                "first; until it works, the old one stays."
            ).format(user=account.user, server=server_of(account))
        )
        intro.setWordWrap(True)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.change_button = self.buttons.addButton(
            _("&Change"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.change_button.setDefault(True)
        self.buttons.accepted.connect(self._on_change)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("New &password:"), self.password_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.busy = False

    def set_busy(self, busy: bool, message: str = "") -> None:
        self.busy = busy
        # Read-only, not disabled: a disabled field hands the focus on to Cancel, which then
        # takes Enter, and a second try with Enter would close the dialog.
        self.password_edit.setReadOnly(busy)
        self.change_button.setEnabled(not busy)
        self._show_status(message, error=False)
        if not busy:
            self._awaited = None
            self.change_button.setDefault(True)

    def _show_status(self, message: str, *, error: bool) -> None:
        self.status.setText(message)
        set_role(self.status, "error" if error else "subtle")
        self.status.setVisible(bool(message))

    def _on_change(self) -> None:
        if self.busy:
            return
        if not self.password_edit.text():
            self._problem(_("A sync account needs a password."))
            return
        self.set_busy(True, _("Asking {server}…").format(server=server_of(self._account)))
        relay = ask_in_background(
            self._discover, self._account.url, self._account.user, self.password_edit.text()
        )
        relay.delivered.connect(self._on_answer)
        self._awaited = relay

    def _on_answer(self, result: object) -> None:
        if self._awaited is None or self.sender() is not self._awaited:
            return  # cancelled, or asked again since

        def answered(_url: str, _user: str, _password: str) -> Any:
            if isinstance(result, Exception):
                raise result
            return result

        self.set_busy(False)
        password = self.password_edit.text()
        try:
            ask_server(self._account, password, answered)
            account, changes = keep_password(self._store, self._account.id, password)
        except (ServerProblem, ValidationError) as error:
            self._problem(error.message)
            return
        except Exception:  # the server said something discovery could not make sense of
            self._problem(_("The server's answer could not be understood; nothing was changed."))
            return
        self.changed.emit(account, changes)
        self.accept()

    def _problem(self, message: str) -> None:
        self._show_status(message, error=True)
        self.password_edit.setFocus()
        self.password_edit.selectAll()

    def reject(self) -> None:
        self.set_busy(False)  # an answer still on its way is dropped
        super().reject()
