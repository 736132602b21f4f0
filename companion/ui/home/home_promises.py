"""Home's "Promises" and "Reconnect" sections: what I owe people, and who to get back to.

Each section lists its cards and acts on them through the services (the change set goes out on
``DataChanges``; Home refreshes from there, like every other view).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMessageBox, QPushButton, QVBoxLayout, QWidget

from companion.domain.errors import ValidationError
from companion.domain.people import (
    ENCOUNTER_KIND_LABELS,
    EncounterKind,
    FollowUp,
    Person,
    Promise,
    PromiseStatus,
)
from companion.i18n import N_, _, ngettext
from companion.services.changes import ChangeSet
from companion.services.promises.promise_actions import log_contact, snooze_promise
from companion.services.promises.promise_list import DUE_SOON_DAYS
from companion.services.promises.promises import (
    DuePromise,
    Reconnect,
    due_promises,
    first_reconnects,
    set_follow_up,
    set_promise_status,
)
from companion.storage.errors import StoreError
from companion.storage.store import Store
from companion.ui.home.home_cards import (
    PromiseCard,
    ReconnectCard,
    card_list,
    clear_layout,
    section_title,
    stack,
    text_label,
)
from companion.ui.promises.promise_commands import LogContactCommand, SnoozePromiseCommand
from companion.ui.shell.data_changes import DataChanges
from companion.ui.shell.store_commands import CommandContext

PROMISE_CARDS = 5
#: Promises due within this many days are listed too (a snoozed one, a week out, is not).
UPCOMING_DAYS = DUE_SOON_DAYS
RECONNECT_CARDS = 5
#: How a contact is logged from a reconnect card, in menu order.
LOGGED_KINDS = (EncounterKind.MESSAGE, EncounterKind.CALL, EncounterKind.MET)
#: "Next date" choices: days from today.
NEXT_DATES = (
    (14, N_("In 2 weeks")),
    (30, N_("In a month")),
    (91, N_("In 3 months")),
    (182, N_("In 6 months")),
)

ShowPerson = Callable[[str], None]
ItemT = TypeVar("ItemT")
CardT = TypeVar("CardT", bound=QWidget)


class _Section(QWidget, Generic[ItemT, CardT]):
    """A titled list of cards with an empty-state hint and an "and n more" line."""

    #: The section's title and what it says when it has no cards, marked with ``N_``.
    title = ""
    empty_hint = ""
    #: Cards shown at most; the rest are counted in "and n more".
    most_cards = 5

    def __init__(
        self,
        *,
        store: Store,
        changes: DataChanges,
        today: Callable[[], date],
        show_person: ShowPerson | None = None,
        undo_stack: QUndoStack | None = None,
    ) -> None:
        """With ``undo_stack`` every action is an undoable command on it (the window's)."""
        super().__init__()
        self._undo_stack = undo_stack
        self._context = CommandContext(store, changes, self._report_failed_write)
        self._store = store
        self._changes = changes
        self._today = today
        self._show_person = show_person
        self.cards: list[CardT] = []
        self.title_label = section_title(_(self.title))
        self.hint = text_label("", subtle=True)
        self.more_label = text_label("", subtle=True)
        self._cards = card_list()
        stack(self, self.title_label, self.hint, self._cards, self.more_label)

    def refresh(self) -> None:
        clear_layout(self._cards)
        self.cards = []
        today = self._today()
        total, items = self._items(today)
        for item in items[: self.most_cards]:
            card = self._card(item, today)
            self._cards.addWidget(card)
            self.cards.append(card)
        more = total - self.most_cards
        self.more_label.setText(
            ngettext("and {count} more", "and {count} more", more).format(count=more)
            if more > 0
            else ""
        )
        self.more_label.setVisible(more > 0)
        self.hint.setText("" if total else _(self.empty_hint))
        self.hint.setVisible(not total)

    def _items(self, today: date) -> tuple[int, Sequence[ItemT]]:
        """How many there are, and at least the first ``most_cards`` of them."""
        raise NotImplementedError

    def _card(self, item: ItemT, today: date) -> CardT:
        """A card for ``item``, its buttons connected."""
        raise NotImplementedError

    def _open_person(self, person_id: str) -> None:
        if self._show_person is not None:
            self._show_person(person_id)

    def _report_failed_write(self, message: str) -> None:
        QMessageBox.warning(self, _(self.title), message)

    def _push(self, command: QUndoCommand, change: Callable[[], ChangeSet], problem: str) -> None:
        """On the undo stack when there is one; else a plain change."""
        if self._undo_stack is not None:
            self._undo_stack.push(command)
        else:
            self._apply(change, problem)

    def _apply(self, change: Callable[[], ChangeSet], problem: str) -> None:
        """Run a service call and announce its changes; say why when it fails."""
        try:
            changes = change()
        except (ValidationError, StoreError) as error:
            QMessageBox.warning(self, problem, str(error))
            return
        self._changes.announce(changes)


class PromisesSection(_Section[DuePromise, PromiseCard]):
    """Promises due in the next few days: overdue first (highlighted), then today, then soon."""

    title = N_("Promises")
    empty_hint = N_(
        "Nothing due in the next few days. When you promise someone something, note it "
        "with a due date in Quick capture (Ctrl+Shift+N); it shows up here when it is due."
    )
    most_cards = PROMISE_CARDS

    def __init__(
        self,
        *,
        store: Store,
        changes: DataChanges,
        today: Callable[[], date],
        show_person: ShowPerson | None = None,
        undo_stack: QUndoStack | None = None,
        show_all: Callable[[], None] | None = None,
    ) -> None:
        """``show_all`` opens the Promises view ("All promises…" under the cards)."""
        super().__init__(
            store=store,
            changes=changes,
            today=today,
            show_person=show_person,
            undo_stack=undo_stack,
        )
        self.all_button = QPushButton(_("All &promises…"))
        self.all_button.setVisible(show_all is not None)
        if show_all is not None:
            self.all_button.clicked.connect(show_all)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.addWidget(self.all_button, 0, Qt.AlignmentFlag.AlignLeft)

    def _items(self, today: date) -> tuple[int, Sequence[DuePromise]]:
        promises = due_promises(self._store, today, within_days=UPCOMING_DAYS)
        return len(promises), promises

    def _card(self, promise: DuePromise, today: date) -> PromiseCard:
        card = PromiseCard(promise)
        promise_id, person_id = promise.promise_id, promise.person_id
        card.done_button.clicked.connect(lambda _c=False, o=promise_id: self.mark_done(o))
        card.snooze_button.clicked.connect(lambda _c=False, o=promise_id: self.snooze(o))
        card.person_button.clicked.connect(lambda _c=False, p=person_id: self._open_person(p))
        return card

    def mark_done(self, promise_id: str) -> None:
        self.set_status(promise_id, PromiseStatus.DONE)

    def set_status(self, promise_id: str, status: PromiseStatus) -> None:
        problem = _("Could not change the promise")
        promise = self._promise(promise_id, problem)
        if promise is None:
            return
        today = self._today()
        # Undoable commands (and the capture services behind them) load with the first change.
        from companion.ui.people.person_commands import SetPromiseStatusCommand

        self._push(
            SetPromiseStatusCommand(promise, status, today, self._context),
            lambda: set_promise_status(self._store, promise_id, status, today),
            problem,
        )

    def snooze(self, promise_id: str) -> None:
        problem = _("Could not snooze the promise")
        promise = self._promise(promise_id, problem)
        if promise is None:
            return
        today = self._today()
        self._push(
            SnoozePromiseCommand(promise, today, self._context),
            lambda: snooze_promise(self._store, promise_id, today=today),
            problem,
        )

    def _promise(self, promise_id: str, problem: str) -> Promise | None:
        promise = self._store.promises.get(promise_id)
        if promise is None:
            QMessageBox.warning(self, problem, _("That promise is no longer in your log."))
        return promise


class ReconnectSection(_Section[Reconnect, ReconnectCard]):
    """People whose follow-up date has come, most overdue first."""

    title = N_("Reconnect")
    empty_hint = N_(
        "Nobody to get back to today. Give someone a follow-up date or a cadence on "
        "their page, and they show up here when it is time."
    )
    most_cards = RECONNECT_CARDS

    def _items(self, today: date) -> tuple[int, Sequence[Reconnect]]:
        return first_reconnects(self._store, today, count=self.most_cards)

    def _card(self, reconnect: Reconnect, today: date) -> ReconnectCard:
        card = ReconnectCard(reconnect, today=today)
        person_id, cadence = reconnect.person_id, reconnect.cadence_days
        card.person_button.clicked.connect(lambda _c=False, p=person_id: self._open_person(p))
        for kind in LOGGED_KINDS:
            action = card.log_menu.addAction(_(ENCOUNTER_KIND_LABELS[kind]))
            action.triggered.connect(lambda _c=False, p=person_id, k=kind: self.log_contact(p, k))
        for days, label in NEXT_DATES:
            action = card.next_date_menu.addAction(_(label))
            action.triggered.connect(
                lambda _c=False, p=person_id, d=days, c=cadence: self.set_next_date(
                    p, today + timedelta(days=d), cadence_days=c
                )
            )
        return card

    def log_contact(self, person_id: str, kind: EncounterKind) -> None:
        problem = _("Could not log the contact")
        person = self._person(person_id, problem)
        if person is None:
            return
        today = self._today()
        self._push(
            LogContactCommand(person, kind, today, self._context),
            lambda: log_contact(self._store, person_id, today=today, kind=kind),
            problem,
        )

    def set_next_date(self, person_id: str, day: date, *, cadence_days: int | None) -> None:
        problem = _("Could not set the next date")
        person = self._person(person_id, problem)
        if person is None:
            return
        from companion.ui.people.person_commands import SetFollowUpCommand

        self._push(
            SetFollowUpCommand(
                person, FollowUp(cadence_days=cadence_days, next_date=day), self._context
            ),
            lambda: set_follow_up(self._store, person_id, cadence_days=cadence_days, next_date=day),
            problem,
        )

    def _person(self, person_id: str, problem: str) -> Person | None:
        person = self._store.people.get(person_id)
        if person is None:
            QMessageBox.warning(self, problem, _("That person is no longer in your log."))
        return person
