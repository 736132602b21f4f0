"""Home: a welcome and today's date, the next events that fit, reflections waiting, my interests.

For a new user (no events yet) Home explains the idea of the app; once events are in, it shows
in one glance what is next and what waits for a "How was it?".
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import date

from PySide6.QtCore import QTimer
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

from companion.i18n import _, ngettext
from companion.i18n.formats import format_date
from companion.services.changes import ChangeSet
from companion.services.clock import Clock, system_clock
from companion.storage.store import Store
from companion.ui.home.home_interests import InterestsSection
from companion.ui.home.home_intro import idea_label, moment_cards
from companion.ui.home.home_next_events import NextEventsSection
from companion.ui.home.home_promises import PromisesSection, ReconnectSection
from companion.ui.home.home_reflections import ReflectionsSection
from companion.ui.shell.data_changes import DataChanges

RecordCounts = Callable[[], Mapping[str, int]]
#: Home's width (pixels) below which its two columns are stacked.
STACK_COLUMNS_BELOW = 760
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
        self.idea = idea_label()
        self.summary = QLabel()
        self.summary.setProperty("role", "subtle")
        self.import_button = QPushButton(_("Import a file…"))
        self.import_button.setProperty("primary", True)
        self.import_button.clicked.connect(import_file)
        self.intro = moment_cards()
        actions = QHBoxLayout()
        actions.addWidget(self.import_button)
        actions.addSpacing(12)
        actions.addWidget(self.summary, 1)
        self.overview = QWidget()
        self._build_overview(edit_profile)
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

    def _build_overview(self, edit_profile: Callable[[], None] | None) -> None:
        """Home's sections, top to bottom in each column; each refreshes in ``refresh``."""
        store = self._store
        left = QVBoxLayout()
        left.setSpacing(8)
        if store is not None:
            # What I owe people comes first: keeping promises is what the app is for.
            self.promises = PromisesSection(
                store=store,
                changes=self._changes,
                today=self._today,
                show_person=self._show_person,
                undo_stack=self._undo_stack,
                show_all=self._show_promises,
            )
            left.addWidget(self.promises)
            left.addSpacing(8)
        # Other features' sections (``add_section``: calendar feeds' new events) go here.
        self._left = left
        self._section_index = left.count()
        self.next_events = NextEventsSection(
            open_event=self._open_event, prepare_event=self._prepare_event
        )
        left.addWidget(self.next_events)
        left.addStretch(1)

        right = QVBoxLayout()
        right.setSpacing(8)
        if store is not None:
            self.reconnects = ReconnectSection(
                store=store,
                changes=self._changes,
                today=self._today,
                show_person=self._show_person,
                undo_stack=self._undo_stack,
            )
            right.addWidget(self.reconnects)
            right.addSpacing(8)
        self.reflections = ReflectionsSection(store=store, changes=self._changes)
        right.addWidget(self.reflections)
        right.addSpacing(8)
        self.interests = InterestsSection(edit_profile=edit_profile)
        right.addWidget(self.interests)
        right.addStretch(1)

        columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.overview)
        self._columns = columns
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(24)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)

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
            self.next_events.refresh(self._store, now)
            self.reflections.refresh(self._store, now)
            self.interests.refresh(self._store)
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
