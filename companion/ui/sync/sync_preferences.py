"""Binds Preferences > Sync to the account services and the sync controller."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from companion.domain.errors import ValidationError
from companion.domain.sync_accounts import SyncAccount, display_server
from companion.i18n import _
from companion.services.changes import ChangeSet
from companion.services.data.session import Session
from companion.services.sync.account_upkeep import ask_server, take_discovery
from companion.services.sync.sync_accounts import (
    Discover,
    ServerProblem,
    discover_over_network,
    list_accounts,
    password_of,
    remove_account,
    update_choices,
)
from companion.ui.shell.child_dialog import ChildDialog
from companion.ui.shell.data_changes import DataChanges
from companion.ui.sync.add_account_dialog import AddAccountDialog, ask_in_background
from companion.ui.sync.password_dialog import PasswordDialog
from companion.ui.sync.sync_controller import SyncController, account_state
from companion.ui.sync.sync_section import SyncSection, what_is_sent


class SyncPreferences(QObject):
    """Keeps ``section`` showing the accounts and stores what the user picks there."""

    def __init__(
        self,
        section: SyncSection,
        *,
        session: Session,
        changes: DataChanges,
        sync: SyncController,
        now: Callable[[], datetime],
        discover: Discover = discover_over_network,
    ) -> None:
        super().__init__(section)
        self.section = section
        self._session = session
        self._changes = changes
        self._sync = sync
        self._now = now
        self._discover = discover
        self._add: ChildDialog[AddAccountDialog] = ChildDialog()
        self._password: ChildDialog[PasswordDialog] = ChildDialog()
        #: The look at the server under way: (the account's id, the answer's relay).
        self._looking: tuple[str, QObject] | None = None
        #: A round began since the user looked again: what was found is old news when it ends.
        self._round_since_look = True
        section.add_button.clicked.connect(self.open_add)
        section.remove_button.clicked.connect(self._on_remove)
        section.sync_button.clicked.connect(sync.sync_now)
        section.look_again_button.clicked.connect(self.look_again)
        section.password_button.clicked.connect(self.open_password)
        section.accounts.currentItemChanged.connect(lambda *_items: self._show_chosen())
        section.address_book.activated.connect(lambda _index: self._store_choices())
        section.calendars_changed.connect(self._store_choices)
        section.share_notes.toggled.connect(lambda _checked: self._store_choices())
        section.share_interests.toggled.connect(lambda _checked: self._store_choices())
        section.delete_on_server.toggled.connect(self._on_delete_on_server_toggled)
        sync.status_changed.connect(self._on_status_changed)
        sync.runner.busy_changed.connect(section.set_busy)
        sync.runner.busy_changed.connect(self._on_busy_changed)
        section.set_busy(sync.runner.running)
        self.refresh()

    def _on_busy_changed(self, busy: bool) -> None:
        if busy:
            self._round_since_look = True

    def _on_status_changed(self) -> None:
        # What looking again found is old news once a round has run since; a round that was
        # under way when the user asked (the one at start, the 15-minute one) leaves it.
        if self._round_since_look:
            self.section.show_found("", error=False)
        self.refresh()

    def refresh(self) -> None:
        now = self._now()
        accounts = list_accounts(self._session.store)
        self.section.show_accounts(
            [(account, account_state(account, now=now)) for account in accounts],
            self.section.chosen_id(),
        )
        self._show_chosen()

    def _chosen(self) -> SyncAccount | None:
        chosen = self.section.chosen_id()
        return None if chosen is None else self._session.store.sync_accounts.get(chosen)

    def _show_chosen(self) -> None:
        account = self._chosen()
        status = "" if account is None else account_state(account, now=self._now())
        self.section.show_details(account, status, error=bool(account and account.last_error))
        self.section.look_again_button.setEnabled(account is not None and self._looking is None)

    @property
    def add_dialog(self) -> AddAccountDialog | None:
        return self._add.dialog

    def open_add(self) -> None:
        """Add…: window-modal over Preferences, so the event loop (and tests) keep running."""

        def make() -> AddAccountDialog:
            dialog = AddAccountDialog(
                store=self._session.store,
                now=self._now,
                discover=self._discover,
                parent=self.section.window(),
            )
            dialog.added.connect(self._on_added)
            return dialog

        self._add.open(make)

    def _on_added(self, account: SyncAccount, changes: ChangeSet) -> None:
        self._changes.announce(changes)
        self.section.show_accounts([], None)  # so the new account is the one chosen
        self.refresh()
        for row in range(self.section.accounts.count()):
            item = self.section.accounts.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == account.id:
                self.section.accounts.setCurrentItem(item)
        self._sync.sync_now()  # the first round: the phone's people come in, ours go out

    def _on_remove(self) -> None:
        account = self._chosen()
        if account is None:
            return
        answer = QMessageBox.question(
            self._parent_widget(),
            _("Remove Sync Account"),
            _(
                "Stop syncing with “{name}”? Nothing is deleted, neither here nor on the "
                "server; its password is forgotten."
            ).format(name=account.name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        _account, changes = remove_account(self._session.store, account.name)
        self._changes.announce(changes)
        self.refresh()

    def _store_choices(self) -> None:
        account = self._chosen()
        if account is None:
            return
        section = self.section
        try:
            updated, changes = update_choices(
                self._session.store,
                account.id,
                address_book=str(section.address_book.currentData() or ""),
                chosen_calendars=section.chosen_calendars(),
                share_notes=section.share_notes.isChecked(),
                share_interests=section.share_interests.isChecked(),
            )
        except ValidationError as error:
            QMessageBox.warning(self._parent_widget(), _("Sync"), error.message)
            return
        self._changes.announce(changes)
        self.section.what_is_sent.setText(what_is_sent(updated))

    def _on_delete_on_server_toggled(self, checked: bool) -> None:
        # Only its own box: left alone, the first deletion still asks (None).
        account = self._chosen()
        if account is not None:
            _account, changes = update_choices(
                self._session.store, account.id, delete_on_server=checked
            )
            self._changes.announce(changes)

    def look_again(self) -> None:
        """Ask the chosen account's server again what it offers, off the GUI thread."""
        account = self._chosen()
        if account is None or self._looking is not None:
            return
        try:
            password = password_of(account)
        except ServerProblem as problem:
            self.section.show_found(problem.message, error=True)
            return
        self.section.show_found(
            _("Asking {server}…").format(server=display_server(account.url)), error=False
        )
        self.section.look_again_button.setEnabled(False)
        self._round_since_look = False
        relay = ask_in_background(self._discover, account.url, account.user, password)
        relay.delivered.connect(self._on_looked)
        self._looking = (account.id, relay)

    def _on_looked(self, result: object) -> None:
        if self._looking is None or self.sender() is not self._looking[1]:
            return
        account_id = self._looking[0]
        self._looking = None
        account = self._session.store.sync_accounts.get(account_id)
        if account is None:  # removed meanwhile
            self._show_chosen()
            return

        def answered(_url: str, _user: str, _password: str) -> Any:
            if isinstance(result, Exception):
                raise result
            return result

        try:
            looked = take_discovery(
                self._session.store, account_id, ask_server(account, "", answered)
            )
        except (ServerProblem, ValidationError) as error:
            text, error_shown = error.message, True
        except Exception:  # the server said something discovery could not make sense of
            text, error_shown = _("The server's answer could not be understood."), True
        else:
            self._changes.announce(looked.changes)
            text, error_shown = looked.text(), looked.book_gone
            self.refresh()
        if self.section.chosen_id() == account_id:
            self.section.show_found(text, error=error_shown)
        self._show_chosen()

    @property
    def password_dialog(self) -> PasswordDialog | None:
        return self._password.dialog

    def open_password(self) -> None:
        """Change Password… for the chosen account, window-modal over Preferences."""
        account = self._chosen()
        if account is None:
            return

        def make() -> PasswordDialog:
            dialog = PasswordDialog(
                account,
                store=self._session.store,
                discover=self._discover,
                parent=self.section.window(),
            )
            dialog.changed.connect(self._on_password_changed)
            return dialog

        self._password.open(make)

    def _on_password_changed(self, account: SyncAccount, changes: ChangeSet) -> None:
        self._changes.announce(changes)
        self.refresh()
        if self.section.chosen_id() == account.id:
            self.section.show_found(_("The new password works and is kept."), error=False)

    def _parent_widget(self) -> QWidget:
        return self.section.window()
