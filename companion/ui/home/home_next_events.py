"""Home's "Next events that fit": the next few events, why each fits me, and "Prepare…"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial

from babel.numbers import format_decimal
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from companion.domain.fit import explain
from companion.i18n import _
from companion.i18n.translate import current_locale
from companion.services.events.events import next_events_that_fit
from companion.services.profile.interests import label_for_slug
from companion.services.profile.profile import get_profile
from companion.storage.store import Store
from companion.ui.home.home_cards import (
    EventCard,
    card_list,
    clear_layout,
    section_title,
    stack,
    text_label,
)

NEXT_EVENTS = 3


class NextEventsSection(QWidget):
    """``cards`` are the events shown; ``hint`` says why there are none (or how to get fits)."""

    def __init__(
        self,
        *,
        open_event: Callable[[str], None] | None,
        prepare_event: Callable[[str], None] | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._open_event = open_event
        self._prepare_event = prepare_event
        self.cards: list[EventCard] = []
        self.hint = text_label("", subtle=True)
        self._cards = card_list()
        stack(self, section_title(_("Next events that fit")), self.hint, self._cards)

    def refresh(self, store: Store, now: datetime) -> None:
        clear_layout(self._cards)
        self.cards = []
        locale = current_locale()

        def number(value: float) -> str:
            return format_decimal(value, format="0.0", locale=locale)

        for event, fit in next_events_that_fit(store, now, limit=NEXT_EVENTS):
            # A cancelled evening is shown so I know, not to prepare for.
            prepare_event = None if event.cancelled else self._prepare_event
            reasons = explain(fit, lambda slug: label_for_slug(store, slug), number=number)
            card = EventCard(event, reasons, now=now)
            if self._open_event is not None:
                card.clicked.connect(self._open_event)
            if prepare_event is not None and (card_layout := card.layout()) is not None:
                # A small "Prepare…" under the card's text: openers and offers for this event.
                prepare = QPushButton(_("Prepare…"), card)
                prepare.setObjectName("prepareButton")
                prepare.clicked.connect(partial(prepare_event, event.id))
                card_layout.addWidget(prepare)
                card_layout.setAlignment(prepare, Qt.AlignmentFlag.AlignLeft)
            self._cards.addWidget(card)
            self.cards.append(card)
        if not self.cards:
            self.hint.setText(
                _(
                    "No upcoming events yet. Import a calendar file from Meetup, Eventbrite or "
                    "your calendar."
                )
            )
        elif not get_profile(store).interests:
            self.hint.setText(_("Pick your interests to see which events fit you."))
        else:
            self.hint.setText("")
        self.hint.setVisible(bool(self.hint.text()))
