"""Binds Preferences > Sync to the account services and the sync controller."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from companion.domain.errors import ValidationError
from companion.domain.sync_accounts import SyncAccount
from companion.i18n import _
from companion.services.changes import ChangeSet
from companion.services.data.session import Session
from companion.services.sync.sync_accounts import (
    Discover,
    discover_over_network,
    list_accounts,
    remove_account,
    update_choices,
)
from companion.ui.shell.child_dialog import ChildDialog
from companion.ui.shell.data_changes import DataChanges
from companion.ui.sync.add_account_dialog import AddAccountDialog
from companion.ui.sync.sync_controller import SyncController, account_status
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
        section.add_button.clicked.connect(self.open_add)
        section.remove_button.clicked.connect(self._on_remove)
        section.sync_button.clicked.connect(sync.sync_now)
        section.accounts.currentItemChanged.connect(lambda *_items: self._show_chosen())
        section.address_book.activated.connect(lambda _index: self._store_choices())
        section.calendars_changed.connect(self._store_choices)
        section.share_notes.toggled.connect(lambda _checked: self._store_choices())
        section.share_interests.toggled.connect(lambda _checked: self._store_choices())
        section.delete_on_server.toggled.connect(self._on_delete_on_server_toggled)
        sync.status_changed.connect(self.refresh)
        sync.runner.busy_changed.connect(section.set_busy)
        section.set_busy(sync.runner.running)
        self.refresh()

    def refresh(self) -> None:
        now = self._now()
        accounts = list_accounts(self._session.store)
        self.section.show_accounts(
            [(account, account_status(account, now=now)) for account in accounts],
            self.section.chosen_id(),
        )
        self._show_chosen()

    def _chosen(self) -> SyncAccount | None:
        chosen = self.section.chosen_id()
        return None if chosen is None else self._session.store.sync_accounts.get(chosen)

    def _show_chosen(self) -> None:
        account = self._chosen()
        status = "" if account is None else account_status(account, now=self._now())
        self.section.show_details(account, status, error=bool(account and account.last_error))

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

    def _parent_widget(self) -> QWidget:
        return self.section.window()
