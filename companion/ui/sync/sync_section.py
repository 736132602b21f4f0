"""Preferences > Sync: the accounts, what each sends where, and its choices (the view only).

``SyncPreferences`` (sync_preferences.py) fills it and acts on its buttons. Choices take effect
at once: they are the account's, not the dialog's, so Cancel does not undo them.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from companion.domain.sync_accounts import SyncAccount, calendars_to_read, display_server
from companion.i18n import _

#: The record's id on each list item.
ACCOUNT_ID_ROLE = Qt.ItemDataRole.UserRole


def what_is_sent(account: SyncAccount) -> str:
    """In plain words: what goes to the account's server, and what stays here."""
    host = urlsplit(account.url).hostname or display_server(account.url)
    if account.share_notes and account.share_interests:
        sent = _(
            "Names, phones, emails, addresses, birthdays, organisations, interests and your "
            "notes go to {host}."
        )
    elif account.share_notes:
        sent = _(
            "Names, phones, emails, addresses, birthdays, organisations and your notes go to "
            "{host}."
        )
    elif account.share_interests:
        sent = _(
            "Names, phones, emails, addresses, birthdays, organisations and interests go to {host}."
        )
    else:
        sent = _("Names, phones, emails, addresses, birthdays and organisations go to {host}.")
    parts = [sent.format(host=host)]
    if account.calendars:
        parts.append(
            _(
                "Your promises go there as tasks in a “Common Ground” list; events of the "
                "calendars you tick come in."
            )
        )
        kept = (
            _("Encounters stay on this computer.")
            if account.share_notes
            else _("Notes and encounters stay on this computer.")
        )
    else:
        kept = (
            _("Encounters and promises stay on this computer.")
            if account.share_notes
            else _("Notes, encounters and promises stay on this computer.")
        )
    parts.append(kept)
    return " ".join(parts)


class SyncSection(QWidget):
    """The accounts list with Add…, Remove and Sync now, and the chosen account's details."""

    #: A calendar's box was ticked or unticked.
    calendars_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncSection")
        # Room for an account's details from the start: a dialog does not grow by itself
        # when the first account is added.
        self.setMinimumHeight(560)
        intro = QLabel(
            _(
                "Sync your people with the address book on your phone through a CardDAV "
                "server (Nextcloud, Fastmail, mailbox.org, iCloud, Radicale…)."
            )
        )
        intro.setWordWrap(True)
        self.empty_note = QLabel(
            _("No sync account yet. Add one to have your people on your phone, too.")
        )
        self.empty_note.setWordWrap(True)
        self.empty_note.setProperty("role", "subtle")
        self.accounts = QListWidget()
        self.accounts.setAccessibleName(_("Sync accounts"))
        self.accounts.setMaximumHeight(110)
        self.add_button = QPushButton(_("A&dd…"))
        self.remove_button = QPushButton(_("&Remove"))
        self.sync_button = QPushButton(_("Sync n&ow"))
        self.busy_label = QLabel(_("Syncing…"))
        self.busy_label.setProperty("role", "subtle")
        self.busy_label.setVisible(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.busy_label)
        buttons.addStretch(1)

        self.details = QGroupBox()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.address_book = QComboBox()
        self.address_book.setAccessibleName(_("Address book"))
        self.calendars_box = QWidget()
        self._calendars = QVBoxLayout(self.calendars_box)
        self._calendars.setContentsMargins(0, 0, 0, 0)
        self.calendar_checks: list[QCheckBox] = []
        #: The account (and its collections) the details were built for.
        self._shown: tuple[object, ...] | None = None
        self.share_notes = QCheckBox(_("Also sync my &notes"))
        self.share_interests = QCheckBox(_("Send &interests as categories"))
        self.delete_on_server = QCheckBox(_("Deleting someone here deletes their card &there"))
        self.delete_on_server.setTristate(False)
        self.what_is_sent = QLabel()
        self.what_is_sent.setWordWrap(True)
        self.what_is_sent.setProperty("role", "subtle")
        form = QFormLayout(self.details)
        form.addRow(self.status)
        form.addRow(_("Address &book:"), self.address_book)
        self.calendars_label = QLabel(_("Calendars to read:"))
        form.addRow(self.calendars_label, self.calendars_box)
        form.addRow(self.share_notes)
        form.addRow(self.share_interests)
        form.addRow(self.delete_on_server)
        form.addRow(self.what_is_sent)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(intro)
        layout.addWidget(self.empty_note)
        layout.addWidget(self.accounts)
        layout.addLayout(buttons)
        layout.addWidget(self.details)
        layout.addStretch(1)

    def show_accounts(self, rows: Sequence[tuple[SyncAccount, str]], chosen: str | None) -> None:
        """Each account with its status line; ``chosen`` (an id) stays selected."""
        self.accounts.blockSignals(True)
        self.accounts.clear()
        for account, status in rows:
            item = QListWidgetItem(f"{account.name} — {display_server(account.url)}\n{status}")
            item.setData(ACCOUNT_ID_ROLE, account.id)
            self.accounts.addItem(item)
            if account.id == chosen:
                self.accounts.setCurrentItem(item)
        if self.accounts.currentItem() is None and self.accounts.count():
            self.accounts.setCurrentRow(0)
        self.accounts.blockSignals(False)
        has_any = bool(rows)
        self.empty_note.setVisible(not has_any)
        self.accounts.setVisible(has_any)
        self.remove_button.setEnabled(has_any)
        self.sync_button.setEnabled(has_any)

    def chosen_id(self) -> str | None:
        item = self.accounts.currentItem()
        return None if item is None else str(item.data(ACCOUNT_ID_ROLE))

    def show_details(self, account: SyncAccount | None, status: str, *, error: bool) -> None:
        self.details.setVisible(account is not None)
        if account is None:
            return
        self.details.setTitle(account.name)
        self.status.setText(status)
        self.status.setProperty("role", "error" if error else "subtle")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        fields = (self.address_book, self.share_notes, self.share_interests, self.delete_on_server)
        for field in fields:
            field.blockSignals(True)
        shown = (account.id, account.address_books, account.calendars)
        if shown != self._shown:
            # Rebuilt only for another account: a round ending while the user is on a box
            # must not take the focus away.
            self._shown = shown
            self.address_book.clear()
            for book in account.address_books:
                self.address_book.addItem(book.name or book.href, book.href)
            self.address_book.addItem(_("None (do not sync people)"), "")
            for check in self.calendar_checks:
                check.deleteLater()
            self.calendar_checks = []
            for calendar in account.calendars:
                check = QCheckBox(calendar.name or calendar.href)
                check.setProperty("href", calendar.href)
                check.toggled.connect(lambda _checked: self.calendars_changed.emit())
                self._calendars.addWidget(check)
                self.calendar_checks.append(check)
        self.address_book.setCurrentIndex(max(0, self.address_book.findData(account.address_book)))
        self.share_notes.setChecked(account.share_notes)
        self.share_interests.setChecked(account.share_interests)
        self.delete_on_server.setChecked(account.delete_on_server is True)
        reading = calendars_to_read(account)
        for check in self.calendar_checks:
            check.blockSignals(True)
            check.setChecked(str(check.property("href")) in reading)
            check.blockSignals(False)
        for field in fields:
            field.blockSignals(False)
        self.calendars_label.setVisible(bool(account.calendars))
        self.calendars_box.setVisible(bool(account.calendars))
        self.what_is_sent.setText(what_is_sent(account))

    def chosen_calendars(self) -> tuple[str, ...]:
        return tuple(
            str(check.property("href")) for check in self.calendar_checks if check.isChecked()
        )

    def set_busy(self, busy: bool) -> None:
        self.busy_label.setVisible(busy)
