"""Home's "New from your phone": contacts added on the phone lately, each with one click to
log where we met ("Met at Go club", or "Met today" when no event was on). Hidden when empty."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from companion.domain.errors import ValidationError
from companion.i18n import _
from companion.i18n.formats import format_date
from companion.services.changes import ChangeSet
from companion.services.sync.phone_arrivals import Arrival, new_from_phone, record_met
from companion.storage.store import Store
from companion.ui.home.home_cards import (
    ElidedLabel,
    clear_layout,
    person_link,
    relative_day,
    section_title,
)
from companion.ui.shell.data_changes import DataChanges

#: Cards shown; more wait on the People page.
SHOWN = 5
WATCHED_TABLES = ("people", "encounters", "events")


def _literal(text: str) -> str:
    """A title on a button: "&" shown as itself, not taken for a shortcut."""
    return text.replace("&", "&&")


def met_text(arrival: Arrival, today: date) -> str:
    """The button's words: where (or when) we met."""
    if arrival.event is not None:
        return _("Met at {event}").format(event=_literal(arrival.event.title))
    day = arrival.day or today
    if day == today:
        return _("Met today")
    return _("Met on {day}").format(day=format_date(day, width="medium"))


class ArrivalCard(QFrame):
    """One new person: their name (opens them), when the card came in, and "Met at …"."""

    def __init__(self, arrival: Arrival, *, today: date) -> None:
        super().__init__()
        self.arrival = arrival
        person = arrival.person
        self.setProperty("role", "card")
        self.setAccessibleName(_("New from your phone: {name}").format(name=person.name))
        self.person_button = person_link(person.name, strong=True)
        # The day the phone made the card (when it says), not the day it came in here.
        when = relative_day(arrival.day or today, today)
        self.when_label = ElidedLabel(
            _("Added on your phone {when}").format(when=when), subtle=True
        )
        self.met_button = QPushButton(met_text(arrival, today))
        self.met_button.setToolTip(_("Log that you met {name} there").format(name=person.name))
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.person_button)
        text.addWidget(self.when_label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addLayout(text, 1)
        layout.addWidget(self.met_button)


class PhoneArrivalsSection(QWidget):
    """The section; ``show_person(id)`` when a name is clicked."""

    def __init__(
        self,
        *,
        store: Store,
        changes: DataChanges,
        today: Callable[[], date],
        show_person: Callable[[str], None] | None = None,
        show_error: Callable[[str], object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("phoneArrivals")
        self._store = store
        self._changes = changes
        self._today = today
        self._show_person = show_person
        self._show_error = show_error
        self.cards: list[ArrivalCard] = []
        self.title = section_title(_("New from your phone"))
        self._cards = QVBoxLayout()
        self._cards.setSpacing(8)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 8)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addLayout(self._cards)
        changes.changed.connect(self._on_changes_changed)
        self.refresh()

    def refresh(self) -> None:
        clear_layout(self._cards)
        self.cards = []
        today = self._today()
        for arrival in new_from_phone(self._store, today)[:SHOWN]:
            card = ArrivalCard(arrival, today=today)
            card.met_button.clicked.connect(
                lambda _checked=False, arrival=arrival: self._on_met(arrival)
            )
            card.person_button.clicked.connect(
                lambda _checked=False, person_id=arrival.person.id: self._open(person_id)
            )
            self._cards.addWidget(card)
            self.cards.append(card)
        self.setVisible(bool(self.cards))

    def _open(self, person_id: str) -> None:
        if self._show_person is not None:
            self._show_person(person_id)

    def _on_met(self, arrival: Arrival) -> None:
        try:
            changes = record_met(self._store, arrival, today=self._today())
        except ValidationError as error:  # the person or event went away meanwhile
            if self._show_error is not None:
                self._show_error(error.message)
            self.refresh()
            return
        self._changes.announce(changes)

    def _on_changes_changed(self, changes: ChangeSet) -> None:
        if any(changes.touches(table) for table in WATCHED_TABLES):
            self.refresh()
