"""Preferences > Sync > Add…: name, server address, user and password, checked with the server.

The server is asked off the GUI thread (discovery can take seconds, or a time-out); meanwhile
the form shows that it is busy and can be cancelled. Nothing is stored unless the server
answered with an address book or calendar.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
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
from companion.domain.sync_accounts import SyncAccount, display_server
from companion.i18n import _
from companion.services.changes import ChangeSet
from companion.services.sync.sync_accounts import (
    Discover,
    ServerProblem,
    add_account,
    discover_over_network,
)
from companion.storage.store import Store
from companion.ui.widgets.roles import set_role

#: Relays whose answer has not arrived yet: kept alive here, not by a dialog that may be gone.
_IN_FLIGHT: set[_Relay] = set()


class _InputChecked(Exception):
    """Raised in place of asking the server: the input passed ``add_account``'s checks."""


class _Relay(QObject):
    """Carries the worker's answer to the GUI thread, even if the dialog closed meanwhile."""

    arrived = Signal(object)
    delivered = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.arrived.connect(self._on_arrived)

    def _on_arrived(self, result: object) -> None:
        _IN_FLIGHT.discard(self)
        self.delivered.emit(result)


def ask_in_background(discover: Discover, url: str, user: str, password: str) -> _Relay:
    """``discover`` on a worker thread; the relay's ``delivered(discovery or error)`` comes on
    the GUI thread (connect a method of a QObject: it is dropped if that object is gone)."""
    relay = _Relay()
    _IN_FLIGHT.add(relay)

    def work() -> None:
        try:
            result: object = discover(url, user, password)
        except Exception as error:  # handed to add_account, which words it
            result = error
        relay.arrived.emit(result)

    threading.Thread(target=work, name="sync-discovery", daemon=True).start()
    return relay


class AddAccountDialog(QDialog):
    """``added(account, changes)`` once the account is stored; the dialog then closes."""

    added = Signal(object, object)

    def __init__(
        self,
        *,
        store: Store,
        now: Callable[[], datetime],
        discover: Discover = discover_over_network,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._now = now
        self._discover = discover
        #: The answer awaited; one arriving after a cancel (or a second Add) is dropped.
        self._awaited: _Relay | None = None
        self.setWindowTitle(_("Add a Sync Account"))
        self.setMinimumWidth(460)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(_("e.g. Phone"))
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("https://dav.example.org/")
        self.user_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        hint = QLabel(
            _(
                "Your provider's help names the address for contacts (CardDAV). For iCloud "
                "and others with two-step login, make an app password there."
            )
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "subtle")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = self.buttons.addButton(_("&Add"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setDefault(True)
        self.buttons.accepted.connect(self._on_add)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("&Name:"), self.name_edit)
        form.addRow(_("Server &address:"), self.url_edit)
        form.addRow(_("&User:"), self.user_edit)
        form.addRow(_("&Password:"), self.password_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.busy = False

    def set_busy(self, busy: bool, message: str = "") -> None:
        self.busy = busy
        # Read-only, not disabled: disabled fields hand the focus on to Cancel, which then
        # takes Enter, so trying again with Enter would close the form.
        for field in (self.name_edit, self.url_edit, self.user_edit, self.password_edit):
            field.setReadOnly(busy)
        self.add_button.setEnabled(not busy)
        self.show_status(message, error=False)
        if not busy:
            self._awaited = None
            self.add_button.setDefault(True)

    def show_status(self, message: str, *, error: bool) -> None:
        self.status.setText(message)
        set_role(self.status, "error" if error else "subtle")
        self.status.setVisible(bool(message))

    def _on_add(self) -> None:
        if self.busy:
            return
        try:
            self._add(_stop_before_network)
        except _InputChecked:
            pass
        except ValidationError as error:
            self._show_problem(error.message, error.field)
            return
        url = self.url_edit.text().strip()
        self.set_busy(True, _("Asking {server}…").format(server=display_server(url)))
        relay = ask_in_background(
            self._discover, url, self.user_edit.text().strip(), self.password_edit.text()
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
        try:
            account, changes = self._add(answered)
        except ServerProblem as error:
            self._show_problem(error.message, "url")
            return
        except ValidationError as error:
            self._show_problem(error.message, error.field)
            return
        except Exception:  # the server said something discovery could not make sense of
            self._show_problem(
                _("The server's answer could not be understood; nothing was stored."), "url"
            )
            return
        self.added.emit(account, changes)
        self.accept()

    def _add(self, discover: Discover) -> tuple[SyncAccount, ChangeSet]:
        return add_account(
            self._store,
            self.name_edit.text(),
            url=self.url_edit.text(),
            user=self.user_edit.text(),
            password=self.password_edit.text(),
            now=self._now(),
            discover_with=discover,
        )

    def _show_problem(self, message: str, field: str | None) -> None:
        self.show_status(message, error=True)
        target: dict[Any, QLineEdit] = {
            "name": self.name_edit,
            "url": self.url_edit,
            "user": self.user_edit,
            "password": self.password_edit,
        }
        edit = target.get(field)
        if edit is not None:
            edit.setFocus()
            edit.selectAll()

    def reject(self) -> None:
        self.set_busy(False)  # an answer still on its way is dropped
        super().reject()


def _stop_before_network(_url: str, _user: str, _password: str) -> Any:
    raise _InputChecked
