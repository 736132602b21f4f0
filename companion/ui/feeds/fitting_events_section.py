"""Home's "New events that fit": what the subscribed feeds brought since I last looked.

Ranked by fit, each with its reasons in words; "Mark as seen" empties the section until the
feeds bring something new. Hidden when there is nothing new.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from babel.numbers import format_decimal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from companion.domain.fit import explain
from companion.i18n import _, ngettext
from companion.i18n.translate import current_locale
from companion.services.changes import ChangeSet
from companion.services.feeds.feeds import FEEDS_TABLE, new_fitting_events
from companion.services.profile.interests import label_for_slug
from companion.storage.store import Store
from companion.ui.home.home_cards import EventCard, clear_layout, section_title, text_label
from companion.ui.shell.data_changes import DataChanges

#: Cards shown; the rest are counted under them.
SHOWN = 3


class FittingEventsSection(QWidget):
    """New feed events that fit me; ``open_event(id)`` when a card is clicked."""

    def __init__(
        self,
        *,
        store: Store,
        changes: DataChanges,
        now: Callable[[], datetime],
        seen_since: Callable[[], datetime | None],
        mark_seen: Callable[[datetime], object],
        open_event: Callable[[str], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("fittingEvents")
        self._store = store
        self._now = now
        self._seen_since = seen_since
        self._mark_seen = mark_seen
        self._open_event = open_event
        self.cards: list[EventCard] = []
        self.title = section_title(_("New events that fit"))
        self.more = text_label("", subtle=True)
        self.seen_button = QPushButton(_("Mark as &seen"))
        self.seen_button.setObjectName("markSeenButton")
        self.seen_button.clicked.connect(self._on_seen_button_clicked)
        self._cards = QVBoxLayout()
        self._cards.setSpacing(8)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.seen_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 8)
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addLayout(self._cards)
        layout.addWidget(self.more)
        changes.changed.connect(self._on_changes_changed)
        self.refresh()

    def refresh(self) -> None:
        clear_layout(self._cards)
        self.cards = []
        now = self._now()
        found = new_fitting_events(self._store, self._seen_since(), now)
        locale = current_locale()

        def number(value: float) -> str:
            return format_decimal(value, format="0.0", locale=locale)

        for event, fit in found[:SHOWN]:
            reasons = explain(fit, lambda slug: label_for_slug(self._store, slug), number=number)
            card = EventCard(event, reasons, now=now)
            if self._open_event is not None:
                card.clicked.connect(self._open_event)
            self._cards.addWidget(card)
            self.cards.append(card)
        hidden = len(found) - len(self.cards)
        self.more.setText(
            ngettext(
                "and {count} more on the Events page", "and {count} more on the Events page", hidden
            ).format(count=hidden)
            if hidden > 0
            else ""
        )
        self.more.setVisible(hidden > 0)
        self.setVisible(bool(found))

    def _on_seen_button_clicked(self) -> None:
        self._mark_seen(self._now())
        self.refresh()

    def _on_changes_changed(self, changes: ChangeSet) -> None:
        if changes.touches("events") or changes.touches(FEEDS_TABLE) or changes.touches("profile"):
            self.refresh()
