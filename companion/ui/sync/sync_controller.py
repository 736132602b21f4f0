"""When sync rounds run, and what the rest of the window sees of them.

A round runs shortly after start (when there are accounts), every 15 minutes, 20 seconds after
the last change to what is sent (people, promises, encounters; never after the round's own
writes), and on "Sync now" (tray, Preferences). A server that cannot be reached is only noted on
the account: the next tick tries again, no dialog interrupts anyone. ``companion sync [NAME]``
from a terminal runs through the same runner and is answered when the round is over.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from companion.domain.errors import ValidationError
from companion.domain.people import Person
from companion.domain.sync_accounts import SyncAccount
from companion.i18n import _
from companion.i18n.formats import format_datetime, format_time, local_timezone
from companion.services.changes import ChangeSet
from companion.services.data.session import Session
from companion.services.instance.instance_messages import (
    EXIT_BAD_INPUT,
    PendingReply,
    Reply,
    Request,
)
from companion.services.sync.sync_replies import no_accounts_text, summaries_reply
from companion.ui.shell.data_changes import DataChanges
from companion.ui.sync.sync_runner import RoundSteps, SyncRunner, real_steps

#: Where a problem's first clause ends (after ";" or a full stop).
_FIRST_CLAUSE = re.compile(r"(?<=[;.])\s")
#: After start-up, the first round waits for the window to settle.
FIRST_ROUND_DELAY_MS = 5_000
#: A round every so often while the app runs.
TICK_MS = 15 * 60 * 1000
#: A round this long after the last change (a burst of edits sends once).
AFTER_CHANGE_MS = 20_000
#: Changes to these tables are sent to the servers.
SENT_TABLES = ("people", "offers", "encounters")
#: The accounts' table in change sets (``services.sync.sync_accounts.SYNC_ACCOUNTS_TABLE``,
#: not imported at start: it brings the HTTP stack, which only a round or Add… needs).
ACCOUNTS_TABLE = "sync_accounts"


class SyncController(QObject):
    """Owns the runner and its timers; ``status_changed`` when an account's state changed."""

    #: Emitted with no argument after a round or a change to the accounts.
    status_changed = Signal()

    def __init__(
        self,
        window: QWidget,
        *,
        session: Session,
        changes: DataChanges,
        now: Callable[[], datetime],
        steps: Callable[[], RoundSteps] = real_steps,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._session = session
        self._changes = changes
        self._now = now
        self.runner = SyncRunner(
            session=session, changes=changes, now=now, steps=steps, parent=self
        )
        self.tick_timer = QTimer(self, interval=TICK_MS)
        self.tick_timer.timeout.connect(self._on_timer)
        self.after_change_timer = QTimer(self, singleShot=True, interval=AFTER_CHANGE_MS)
        self.after_change_timer.timeout.connect(self._on_timer)
        changes.changed.connect(self._on_data_changed)
        self.runner.finished.connect(lambda _summaries: self.status_changed.emit())

    def start(self) -> None:
        """The first round soon after start (when there are accounts), then every tick."""
        self.tick_timer.start()
        if self.has_accounts():
            self.runner.prepare()  # the round's imports off the GUI thread, before it runs
            QTimer.singleShot(FIRST_ROUND_DELAY_MS, self, self._on_timer)

    def has_accounts(self) -> bool:
        return not self._session.locked and len(self._session.store.sync_accounts) > 0

    def sync_now(self) -> None:
        """ "Sync now" (tray, Preferences): a round with every account, or one more after it."""
        if self.has_accounts():
            self.runner.sync()

    def _on_timer(self) -> None:
        # A round already running brings the same changes: no need to queue another.
        if self.has_accounts() and not self.runner.running:
            self.runner.sync()

    def _on_data_changed(self, changes: ChangeSet) -> None:
        # An account added or removed; a changed choice is already on screen where it was made.
        if ACCOUNTS_TABLE in changes.added or ACCOUNTS_TABLE in changes.removed:
            self.status_changed.emit()
        if ACCOUNTS_TABLE in changes.added:
            self.runner.prepare()
        if self.runner.announcing or not self.has_accounts():
            return
        if any(changes.touches(table) for table in SENT_TABLES):
            self.after_change_timer.start()

    # --- what the tray and Preferences show -------------------------------------------------

    def status_lines(self) -> list[str]:
        """Per account: when it last synced, or its last problem."""
        if self._session.locked:
            return []
        now = self._now()
        accounts = sorted(
            self._session.store.sync_accounts.all(),
            key=lambda account: (account.name.casefold(), account.id),
        )
        return [account_status(account, now=now) for account in accounts]

    # --- deleting a person who is on the server --------------------------------------------

    def confirm_delete(self, person: Person, parent: QWidget | None = None) -> bool:
        """Asked before deleting ``person``: whether their server cards go too, the first time
        per account (the answer is remembered). False: the user cancelled."""
        from companion.services.sync.sync_accounts import accounts_of_person, update_choices

        store = self._session.store
        for account in accounts_of_person(store, person.id):
            if account.delete_on_server is not None:
                continue
            answer = self.ask_delete_on_server(person, account, parent or self._window)
            if answer is None:
                return False
            _account, changes = update_choices(store, account.id, delete_on_server=answer)
            self._changes.announce(changes)
        return True

    def ask_delete_on_server(
        self, person: Person, account: SyncAccount, parent: QWidget
    ) -> bool | None:
        """Delete there too (True), keep it there (False), or cancel the deletion (None)."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Delete on the server too?"))
        box.setText(
            _(
                "{name} is also in your address book on “{account}”. Should deleting "
                "someone here delete their card there too (and so on your phone)?"
            ).format(name=person.name, account=account.name)
        )
        box.setInformativeText(
            _("Your answer is remembered for this account; you can change it in Preferences.")
        )
        there = box.addButton(_("Delete there too"), QMessageBox.ButtonRole.YesRole)
        box.addButton(_("Keep it there"), QMessageBox.ButtonRole.NoRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked is None or clicked is cancel:
            return None
        return clicked is there

    # --- forwarded from a terminal ----------------------------------------------------------

    def handle_request(self, request: Request) -> Reply | PendingReply:
        """``companion sync [NAME]`` carried out here: answered once the round is over."""
        name = request.name.strip() or None
        try:
            accounts = self.runner.steps.accounts(self._session.store, name)
        except ValidationError as error:
            return Reply(exit_code=EXIT_BAD_INPUT, stderr=f"companion: {error.message}\n")
        if not accounts:
            return Reply(exit_code=EXIT_BAD_INPUT, stderr=f"companion: {no_accounts_text()}\n")
        pending = PendingReply()
        self.runner.sync(
            name, on_done=lambda summaries: pending.resolve(summaries_reply(summaries))
        )
        return pending


def account_status(account: Any, *, now: datetime) -> str:
    """ "Phone: last synced 10:42", or "Phone: <the last problem>".

    A moment, not "5 minutes ago": a tooltip or an open dialog would not age with it.
    """
    if account.last_error:
        # Its first clause: a tray's tooltip is short (127 characters on Windows), and what to
        # do about it is in Preferences.
        problem = _FIRST_CLAUSE.split(str(account.last_error), maxsplit=1)[0].rstrip(";")
        return _("{name}: {problem}").format(name=account.name, problem=problem)
    last = account.last_sync
    if last is None:
        return _("{name}: not synced yet").format(name=account.name)
    zone = local_timezone()
    same_day = last.astimezone(zone).date() == now.astimezone(zone).date()
    when = format_time(last) if same_day else format_datetime(last, width="short")
    return _("{name}: last synced {when}").format(name=account.name, when=when)


def account_state(account: Any, *, now: datetime) -> str:
    """ "Last synced 10:42", "Not synced yet" or the last problem: the status without the name
    (for where the name is already shown, as in Preferences)."""
    if account.last_error:
        return str(account.last_error)
    last = account.last_sync
    if last is None:
        return _("Not synced yet")
    zone = local_timezone()
    same_day = last.astimezone(zone).date() == now.astimezone(zone).date()
    when = format_time(last) if same_day else format_datetime(last, width="short")
    return _("Last synced {when}").format(when=when)
