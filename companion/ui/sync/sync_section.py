"""Preferences > Sync: the accounts, what each sends where, and its choices (the view only).

``SyncPreferences`` (sync_preferences.py) fills it and acts on its buttons. Choices take effect
at once: they are the account's, not the dialog's, so Cancel does not undo them.
"""

from __future__ import annotations

import re
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
from companion.ui.widgets.roles import set_role

#: Where a status's first clause ends (after ";" or a full stop).
_FIRST_CLAUSE = re.compile(r"(?<=[;.])\s")
#: The record's id on each list item.
ACCOUNT_ID_ROLE = Qt.ItemDataRole.UserRole


def server_of(account: SyncAccount) -> str:
    """The host (and port) the account's server is at, without user or path."""
    parts = urlsplit(account.url)
    host = parts.hostname or display_server(account.url)
    return f"{host}:{parts.port}" if parts.port else host


def what_is_sent(account: SyncAccount) -> str:
    """In plain words: what goes to the account's server, what comes from it, what does not.

    Checked against the round: the fields sent are ``sync_cards.synced_fields`` (the public
    ones, interests and tags with ``share_interests``, the notes with ``share_notes``), and the
    same fields are the only ones read back from a card already here.
    """
    host = urlsplit(account.url).hostname or display_server(account.url)
    parts: list[str] = []
    if account.address_book:
        if account.share_notes and account.share_interests:
            sent = _(
                "Names, phones, emails, links, organisations, job titles, birthdays, photos, "
                "interests (as categories) and your notes go to {host}."
            )
        elif account.share_notes:
            sent = _(
                "Names, phones, emails, links, organisations, job titles, birthdays, photos "
                "and your notes go to {host}."
            )
        elif account.share_interests:
            sent = _(
                "Names, phones, emails, links, organisations, job titles, birthdays, photos "
                "and interests (as categories) go to {host}."
            )
        else:
            sent = _(
                "Names, phones, emails, links, organisations, job titles, birthdays and "
                "photos go to {host}."
            )
        parts.append(sent.format(host=host))
        parts.append(_("Contacts added or changed on the phone come in."))
        if not account.share_notes and not account.share_interests:
            parts.append(
                _(
                    "Not read from there: changes to a contact's note or categories made on "
                    "the phone, while these two boxes are off."
                )
            )
        elif not account.share_notes:
            parts.append(
                _(
                    "Not read from there: changes to a contact's note made on the phone, "
                    "while “Also sync my notes” is off."
                )
            )
        elif not account.share_interests:
            parts.append(
                _(
                    "Not read from there: changes to a contact's categories made on the phone, "
                    "while interests are not sent."
                )
            )
    else:
        parts.append(
            _("No address book is chosen: people are not synced with {host}.").format(host=host)
        )
    if account.calendars:
        parts.append(
            _(
                "Your promises and reconnects go there as tasks in a “Common Ground” list "
                "(only the text, the person's name and the day); ticked off on the phone, the "
                "promise is kept here. Events of the calendars you tick come in."
            )
        )
    parts.append(
        _("Encounters always stay on this computer.")
        if account.share_notes and account.address_book
        else _("Your notes and encounters stay on this computer.")
    )
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
        self.accounts.setMaximumHeight(84)
        # A long last error wraps in its row instead of scrolling sideways.
        self.accounts.setWordWrap(True)
        self.accounts.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.add_button = QPushButton(_("A&dd…"))
        self.remove_button = QPushButton(_("&Remove"))
        self.sync_button = QPushButton(_("Sync n&ow"))
        #: The account's own actions: ask the server again, a new password.
        self.look_again_button = QPushButton(_("&Look Again"))
        self.look_again_button.setToolTip(
            _("Ask the server again for its address books and calendars (added or moved there)")
        )
        self.password_button = QPushButton(_("Change &Password…"))
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
        #: What the last look at the server found (or why it could not look).
        self.found = QLabel()
        self.found.setWordWrap(True)
        self.found.setVisible(False)
        self.found.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout(self.details)
        form.addRow(self.status)
        account_buttons = QHBoxLayout()
        account_buttons.addWidget(self.look_again_button)
        account_buttons.addWidget(self.password_button)
        account_buttons.addStretch(1)
        form.addRow(account_buttons)
        form.addRow(self.found)
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
            # The name once; under it who logs in where, and how the last sync went (a problem
            # by its first clause: the details below have all of it).
            short = _FIRST_CLAUSE.split(status, maxsplit=1)[0].rstrip(";")
            item = QListWidgetItem(f"{account.name}\n{account.user}@{server_of(account)} · {short}")
            item.setToolTip(f"{display_server(account.url)}\n{status}")
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
        self.look_again_button.setEnabled(has_any)
        self.password_button.setEnabled(has_any)

    def chosen_id(self) -> str | None:
        item = self.accounts.currentItem()
        return None if item is None else str(item.data(ACCOUNT_ID_ROLE))

    def show_details(self, account: SyncAccount | None, status: str, *, error: bool) -> None:
        self.details.setVisible(account is not None)
        if account is None:
            return
        self.details.setTitle(account.name)
        self.status.setText(status)
        if account.id != (self._shown or (None,))[0]:
            self.show_found("", error=False)  # what was found for another account
        set_role(self.status, "error" if error else "subtle")
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

    def show_found(self, text: str, *, error: bool) -> None:
        """What looking again found, or why it could not look ("" hides it)."""
        self.found.setText(text)
        set_role(self.found, "error" if error else "subtle")
        self.found.setVisible(bool(text))
