"""Home: a welcome and today's date, the next events that fit, reflections waiting, my interests.

For a new user (no events yet) Home explains the idea of the app; once events are in, it shows
in one glance what is next and what waits for a "How was it?".
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import date, datetime
from functools import partial

from babel.numbers import format_decimal
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from companion.domain.events import Event
from companion.domain.fit import explain
from companion.i18n import _, ngettext
from companion.i18n.formats import format_date
from companion.i18n.translate import current_locale
from companion.services.changes import ChangeSet
from companion.services.clock import Clock, system_clock
from companion.services.events.events import next_events_that_fit
from companion.services.events.reflections import events_awaiting_reflection
from companion.services.profile.interests import label_for_slug
from companion.services.profile.profile import get_profile
from companion.storage.store import Store
from companion.ui.events.reflection_dialog import ReflectionDialog
from companion.ui.home.home_cards import (
    EventCard,
    ReflectionCard,
    clear_layout,
    idea_card,
    section_title,
    text_label,
)
from companion.ui.home.home_promises import PromisesSection, ReconnectSection
from companion.ui.shell.data_changes import DataChanges

RecordCounts = Callable[[], Mapping[str, int]]
NEXT_EVENTS = 3
#: Home's width (pixels) below which its two columns are stacked.
STACK_COLUMNS_BELOW = 760
REFLECTION_CARDS = 3
SHOWN_INTERESTS = 8
STALE_AFTER_SECONDS = 30.0
#: How often a Home left on screen checks whether the day has changed.
DAY_CHECK_MS = 60_000
#: Tables whose changes can alter what Home shows.
WATCHED_TABLES = ("people", "events", "profile", "interests", "offers", "encounters")


class HomePage(QWidget):
    """The first page: what Common Ground is for, and what to do next.

    Without ``store`` (older callers) only the welcome, date and summary are shown.
    """

    def __init__(
        self,
        *,
        today: Callable[[], date],
        record_counts: RecordCounts,
        changes: DataChanges,
        import_file: Callable[[], None],
        store: Store | None = None,
        now: Clock = system_clock,
        open_event: Callable[[str], None] | None = None,
        edit_profile: Callable[[], None] | None = None,
        show_person: Callable[[str], None] | None = None,
        prepare_event: Callable[[str], None] | None = None,
        undo_stack: QUndoStack | None = None,
        show_promises: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._undo_stack = undo_stack
        self._show_promises = show_promises
        self._today = today
        self._record_counts = record_counts
        self._store = store
        self._now = now
        self._changes = changes
        self._open_event = open_event
        self._prepare_event = prepare_event
        self._show_person = show_person
        self.promises: PromisesSection | None = None
        self.reconnects: ReconnectSection | None = None
        self.next_event_cards: list[EventCard] = []
        self.reflection_cards: list[ReflectionCard] = []
        self.reflection_dialog: ReflectionDialog | None = None
        self._build(import_file, edit_profile)
        changes.changed.connect(self._on_data_changed)
        self.refresh()
        # A window left open overnight: the date and what is due today move on at midnight.
        self.day_timer = QTimer(self, interval=DAY_CHECK_MS)
        self.day_timer.timeout.connect(self._on_day_timer_timeout)
        self.day_timer.start()

    def _build(
        self, import_file: Callable[[], None], edit_profile: Callable[[], None] | None
    ) -> None:
        self.headline = QLabel(_("Welcome to Common Ground"))
        self.headline.setProperty("role", "headline")
        self.date_label = QLabel()
        self.date_label.setProperty("role", "subtle")
        self.idea = text_label(
            _(
                "Real connections grow from interests you truly share, and from what you can "
                "give rather than what you can get. Common Ground helps before, during and after "
                "the events where that happens."
            )
        )
        self.summary = QLabel()
        self.summary.setProperty("role", "subtle")
        self.import_button = QPushButton(_("Import a file…"))
        self.import_button.setProperty("primary", True)
        self.import_button.clicked.connect(import_file)

        self.intro = QWidget()
        cards = QHBoxLayout(self.intro)
        cards.setContentsMargins(0, 0, 0, 0)
        cards.setSpacing(14)
        cards.addWidget(
            idea_card(
                _("Before"),
                _(
                    "Pick events that match your interests and prepare two or three openers and "
                    "something you could offer."
                ),
            ),
            1,  # equal widths, however long each text is
        )
        cards.addWidget(
            idea_card(
                _("During"),
                _("Note who you met in seconds: a name, a line about them, what you promised."),
            ),
            1,
        )
        cards.addWidget(
            idea_card(
                _("Afterwards"),
                _("Keep your promises, and get back in touch when the time is right."),
            ),
            1,
        )

        actions = QHBoxLayout()
        actions.addWidget(self.import_button)
        actions.addSpacing(12)
        actions.addWidget(self.summary, 1)

        self.next_events_hint = text_label("", subtle=True)
        self._next_events = QVBoxLayout()
        self._next_events.setSpacing(8)
        left = QVBoxLayout()
        left.setSpacing(8)
        if self._store is not None:
            # What I owe people comes first: keeping promises is what the app is for.
            self.promises = PromisesSection(
                store=self._store,
                changes=self._changes,
                today=self._today,
                show_person=self._show_person,
                undo_stack=self._undo_stack,
                show_all=self._show_promises,
            )
            left.addWidget(self.promises)
            left.addSpacing(8)
        # Other features' sections (calendar feeds' new events) go here, above the next events.
        self._left = left
        self._section_index = left.count()
        left.addWidget(section_title(_("Next events that fit")))
        left.addWidget(self.next_events_hint)
        left.addLayout(self._next_events)
        left.addStretch(1)

        self.reflections_title = section_title(_("How was it?"))
        self.more_reflections = text_label("", subtle=True)
        self._reflections = QVBoxLayout()
        self._reflections.setSpacing(8)
        self.interests_label = text_label("")
        self.offers_label = text_label("", subtle=True)
        self.edit_interests_button = QPushButton(_("Edit my interests…"))
        self.edit_interests_button.setVisible(edit_profile is not None)
        if edit_profile is not None:
            self.edit_interests_button.clicked.connect(edit_profile)
        interests_card = QFrame()
        interests_card.setProperty("role", "card")
        interests_layout = QVBoxLayout(interests_card)
        interests_layout.setContentsMargins(14, 10, 14, 12)
        interests_layout.addWidget(self.interests_label)
        interests_layout.addWidget(self.offers_label)
        interests_layout.addWidget(self.edit_interests_button, 0, Qt.AlignmentFlag.AlignLeft)
        right = QVBoxLayout()
        right.setSpacing(8)
        if self._store is not None:
            self.reconnects = ReconnectSection(
                store=self._store,
                changes=self._changes,
                today=self._today,
                show_person=self._show_person,
                undo_stack=self._undo_stack,
            )
            right.addWidget(self.reconnects)
            right.addSpacing(8)
        right.addWidget(self.reflections_title)
        right.addLayout(self._reflections)
        right.addWidget(self.more_reflections)
        right.addSpacing(8)
        right.addWidget(section_title(_("Your interests")))
        right.addWidget(interests_card)
        right.addStretch(1)

        self.overview = QWidget()
        columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.overview)
        self._columns = columns
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(24)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        self.overview.setVisible(self._store is not None)

        content = QWidget()
        layout = QVBoxLayout(content)
        # The same margins as the Events, People and Openers pages: switching pages must not
        # make the content jump sideways.
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(self.headline)
        layout.addWidget(self.date_label)
        layout.addSpacing(8)
        layout.addWidget(self.idea)
        layout.addWidget(self.intro)
        layout.addSpacing(8)
        layout.addLayout(actions)
        layout.addSpacing(12)
        layout.addWidget(self.overview)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def add_section(self, section: QWidget) -> None:
        """A section of another feature, shown above the next events (it hides itself)."""
        self._left.insertWidget(self._section_index, section)
        self._section_index += 1

    def refresh(self) -> None:
        self._refreshed_at = time.monotonic()
        self._shown_day = self._today()
        self.date_label.setText(format_date(self._shown_day, width="full"))
        counts = self._record_counts()
        people = counts.get("people", 0)
        events = counts.get("events", 0)
        # The idea and the three steps are for someone new; with events in, the overview speaks.
        newcomer = not events or self._store is None
        self.idea.setVisible(newcomer)
        self.intro.setVisible(newcomer)
        if self._store is not None:
            now = self._now()
            if self.promises is not None and self.reconnects is not None:
                self.promises.refresh()
                self.reconnects.refresh()
            self._refresh_next_events(self._store, now)
            self._refresh_reflections(self._store, now)
            self._refresh_interests(self._store)
        if not people and not events:
            self.summary.setText(
                _("Start by bringing in events or a backup; everything stays on this computer.")
            )
            return
        self.summary.setText(
            _("Your log so far: {people}, {events}.").format(
                people=ngettext("{count} person", "{count} people", people).format(count=people),
                events=ngettext("{count} event", "{count} events", events).format(count=events),
            )
        )

    def _refresh_next_events(self, store: Store, now: datetime) -> None:
        clear_layout(self._next_events)
        self.next_event_cards = []
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
            self._next_events.addWidget(card)
            self.next_event_cards.append(card)
        if not self.next_event_cards:
            self.next_events_hint.setText(
                _(
                    "No upcoming events yet. Import a calendar file from Meetup, Eventbrite or "
                    "your calendar."
                )
            )
        elif not get_profile(store).interests:
            self.next_events_hint.setText(_("Pick your interests to see which events fit you."))
        else:
            self.next_events_hint.setText("")
        self.next_events_hint.setVisible(bool(self.next_events_hint.text()))

    def _refresh_reflections(self, store: Store, now: datetime) -> None:
        clear_layout(self._reflections)
        self.reflection_cards = []
        waiting = events_awaiting_reflection(store, now)
        for event in waiting[:REFLECTION_CARDS]:
            card = ReflectionCard(event, now=now)
            card.reflect_button.clicked.connect(
                lambda _checked=False, event=event: self.open_reflection(event)
            )
            self._reflections.addWidget(card)
            self.reflection_cards.append(card)
        more = len(waiting) - REFLECTION_CARDS
        self.more_reflections.setText(
            ngettext("and {count} more", "and {count} more", more).format(count=more)
            if more > 0
            else ""
        )
        self.more_reflections.setVisible(more > 0)
        self.reflections_title.setVisible(bool(waiting))

    def _refresh_interests(self, store: Store) -> None:
        profile = get_profile(store)
        labels = [label_for_slug(store, slug) for slug in profile.interests]
        if not labels:
            self.interests_label.setText(_("You have not picked any interests yet."))
        else:
            shown = ", ".join(labels[:SHOWN_INTERESTS])
            rest = len(labels) - SHOWN_INTERESTS
            if rest > 0:
                shown = ngettext(
                    "{interests} and {count} more", "{interests} and {count} more", rest
                ).format(interests=shown, count=rest)
            self.interests_label.setText(shown)
        offers = len(profile.offers)
        self.offers_label.setText(
            ngettext("{count} thing you can offer", "{count} things you can offer", offers).format(
                count=offers
            )
            if offers
            else _("Nothing noted yet that you could offer.")
        )

    def open_reflection(self, event: Event) -> None:
        """ "How was it?" for ``event``; window-modal and non-blocking."""
        if self._store is None:
            return
        dialog = ReflectionDialog(
            store=self._store, changes=self._changes, event=event, parent=self
        )
        dialog.finished.connect(dialog.deleteLater)
        self.reflection_dialog = dialog
        dialog.open()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        # Side by side the two columns need about 760 pixels; below that they are stacked, so a
        # narrow window scrolls down instead of cutting the right column off.
        narrow = event.size().width() < STACK_COLUMNS_BELOW
        self._columns.setDirection(
            QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight
        )
        super().resizeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt\'s name
        # Relative times ("in 2 hours") and what has ended move on while the app runs; a page
        # refreshed moments ago (at start-up) is still right.
        if time.monotonic() - self._refreshed_at > STALE_AFTER_SECONDS:
            self.refresh()
        super().showEvent(event)

    def _on_day_timer_timeout(self) -> None:
        # Hidden, it refreshes when shown again (``showEvent``).
        if self.isVisible() and self._today() != self._shown_day:
            self.refresh()

    def _on_data_changed(self, changes: ChangeSet) -> None:
        if any(changes.touches(table) for table in WATCHED_TABLES):
            self.refresh()
