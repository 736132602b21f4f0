"""Home's "How was it?": events that ended and wait for a word on how they went."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QWidget

from companion.domain.events import Event
from companion.i18n import _, ngettext
from companion.services.events.reflections import events_awaiting_reflection
from companion.storage.store import Store
from companion.ui.events.reflection_dialog import ReflectionDialog
from companion.ui.home.home_cards import (
    ReflectionCard,
    card_list,
    clear_layout,
    section_title,
    stack,
    text_label,
)
from companion.ui.shell.child_dialog import ChildDialog
from companion.ui.shell.data_changes import DataChanges

REFLECTION_CARDS = 3


class ReflectionsSection(QWidget):
    """Hidden while nothing waits; ``dialog`` is the "How was it?" dialog while it is open."""

    def __init__(
        self, *, store: Store | None, changes: DataChanges, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._changes = changes
        self.cards: list[ReflectionCard] = []
        self.dialog: ChildDialog[ReflectionDialog] = ChildDialog()
        self.title = section_title(_("How was it?"))
        self.more = text_label("", subtle=True)
        self._cards = card_list()
        stack(self, self.title, self._cards, self.more)

    def refresh(self, store: Store, now: datetime) -> None:
        clear_layout(self._cards)
        self.cards = []
        waiting = events_awaiting_reflection(store, now)
        for event in waiting[:REFLECTION_CARDS]:
            card = ReflectionCard(event, now=now)
            card.reflect_button.clicked.connect(
                lambda _checked=False, event=event: self.open_reflection(event)
            )
            self._cards.addWidget(card)
            self.cards.append(card)
        more = len(waiting) - REFLECTION_CARDS
        self.more.setText(
            ngettext("and {count} more", "and {count} more", more).format(count=more)
            if more > 0
            else ""
        )
        self.more.setVisible(more > 0)
        self.title.setVisible(bool(waiting))
        self.setVisible(bool(waiting))

    def open_reflection(self, event: Event) -> None:
        """ "How was it?" for ``event``; window-modal and non-blocking, one at a time."""
        store = self._store
        if store is None:
            return
        self.dialog.open(
            lambda: ReflectionDialog(store=store, changes=self._changes, event=event, parent=self)
        )
