"""Keeps the tray menu's next event, promises due and reconnects up to date, and acts on them.

Refreshes when the data changes (``DataChanges``), when the day changes (a minute timer asks the
injected clock, so tests can move time), and the next event's "in 2 hours" just before the menu
opens.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, QTimer

from companion.services.changes import ChangeSet
from companion.services.clock import Clock
from companion.services.promises.promise_list import DUE_SOON_DAYS
from companion.services.promises.promises import due_promises, reconnects
from companion.services.promises.reminders import next_event
from companion.storage.store import Store
from companion.ui.shell.data_changes import DataChanges
from companion.ui.shell.saved_settings import SavedSettings
from companion.ui.tray.notifications import ReminderScheduler, ReminderTargets
from companion.ui.tray.tray import Tray
from companion.ui.tray.tray_actions import TrayActions

MINUTE_MS = 60_000
#: A burst of changes (an import, several captures) refreshes the menu once.
COALESCE_MS = 200
#: Tables whose changes can alter the menu.
WATCHED_TABLES = ("events", "people", "offers", "encounters")


class TrayAgenda(QObject):
    """Fills ``tray``'s dynamic entries from ``store``; its choices go to the given callables.

    Each choice first brings the window back (it may be hidden in the tray), then acts.
    """

    def __init__(
        self,
        tray: Tray,
        *,
        store: Store,
        changes: DataChanges,
        today: Callable[[], date],
        now: Clock,
        prepare_event: Callable[[str], None],
        show_person: Callable[[str], None],
        show_home: Callable[[], None],
        show_promises: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(tray)
        self._tray = tray
        self._store = store
        self._today = today
        self._now = now
        self._prepare_event = prepare_event
        self._show_person = show_person
        self._show_home = show_home
        self._show_promises = show_promises or show_home
        self._day = today()
        self._pending = QTimer(self, singleShot=True, interval=COALESCE_MS)
        self._pending.timeout.connect(self.refresh)
        self.minute_timer = QTimer(self, interval=MINUTE_MS)
        self.minute_timer.timeout.connect(self.tick)
        changes.changed.connect(self._on_data_changed)
        tray.menu.aboutToShow.connect(self.refresh_next_event)
        tray.prepare_requested.connect(self._on_prepare_requested)
        tray.person_requested.connect(self._on_person_requested)
        tray.home_requested.connect(self._on_home_requested)
        tray.promises_requested.connect(self._on_promises_requested)
        self.refresh()
        self.minute_timer.start()

    def refresh(self) -> None:
        self._day = today = self._today()
        self.refresh_next_event()
        # The same promises Home lists: due, overdue, or due in the next few days.
        self._tray.show_promises(due_promises(self._store, today, within_days=DUE_SOON_DAYS))
        self._tray.show_reconnects(reconnects(self._store, today), today=today)

    def refresh_next_event(self) -> None:
        now = self._now()
        self._tray.show_next_event(next_event(self._store, now), now=now)

    def tick(self) -> None:
        """Every minute: the relative time moves on; at midnight, what is due changes too."""
        if self._today() != self._day:
            self.refresh()
        else:
            self.refresh_next_event()

    def _on_data_changed(self, changes: ChangeSet) -> None:
        if any(changes.touches(table) for table in WATCHED_TABLES):
            self._pending.start()

    def _on_prepare_requested(self, event_id: str) -> None:
        self._tray.open_window()
        self._prepare_event(event_id)

    def _on_person_requested(self, person_id: str) -> None:
        self._tray.open_window()
        self._show_person(person_id)

    def _on_home_requested(self) -> None:
        self._tray.open_window()
        self._show_home()

    def _on_promises_requested(self) -> None:
        self._tray.open_window()
        self._show_promises()


def connect_tray(
    tray: Tray,
    actions: TrayActions,
    *,
    store: Store,
    changes: DataChanges,
    settings: SavedSettings,
    today: Callable[[], date],
    now: Clock,
) -> tuple[TrayAgenda, ReminderScheduler]:
    """Once the data is loaded: the tray's dynamic entries, and reminders popping up from it."""

    def revealed(action: Callable[[str], None]) -> Callable[[str], None]:
        def run(record_id: str) -> None:
            tray.open_window()
            action(record_id)

        return run

    def show_home() -> None:
        tray.open_window()
        actions.show_home()

    agenda = TrayAgenda(
        tray,
        store=store,
        changes=changes,
        today=today,
        now=now,
        prepare_event=actions.prepare_event,
        show_person=actions.show_person,
        show_home=actions.show_home,
        show_promises=actions.show_promises,
    )
    # Syncing needs no window: the tray's status says how it went.
    tray.sync_requested.connect(actions.sync_now)
    scheduler = ReminderScheduler(
        tray.icon,
        store=store,
        settings=settings,
        today=today,
        now=now,
        targets=ReminderTargets(
            prepare_event=revealed(actions.prepare_event),
            log_who_i_met=revealed(actions.log_who_i_met),
            show_person=revealed(actions.show_person),
            show_home=show_home,
        ),
    )
    tray.hint_shown.connect(scheduler.forget_shown)
    scheduler.start()
    return agenda, scheduler
