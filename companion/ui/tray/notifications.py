"""Pops up reminders from the tray icon: an event starting soon, one that just ended, promises due.

What is worth telling is decided in ``companion.services.promises.reminders``; this scheduler asks
every minute (and right after the data loads), shows one reminder at a time through
``QSystemTrayIcon.showMessage`` and remembers its key in the settings, so it is not repeated, not
even after a restart the same day. A click on the message performs its action. Where the desktop has
no tray, no scheduler is built and nothing is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QSystemTrayIcon

from companion.i18n import _, ngettext
from companion.i18n.formats import format_relative
from companion.services.clock import Clock
from companion.services.promises.reminders import (
    Reminder,
    ReminderKind,
    pending_reminders,
    remember_shown,
)
from companion.storage.store import Store
from companion.ui.shell.saved_settings import SavedSettings

CHECK_INTERVAL_MS = 60_000
MESSAGE_TIMEOUT_MS = 15_000


@dataclass(frozen=True, slots=True)
class ReminderTargets:
    """What a click on a reminder opens."""

    prepare_event: Callable[[str], None]
    log_who_i_met: Callable[[str], None]
    show_person: Callable[[str], None]
    show_home: Callable[[], None]


@dataclass(frozen=True, slots=True)
class Notification:
    """The words of one reminder, as the tray shows them."""

    title: str
    message: str


def describe(reminder: Reminder, *, now_text: str = "") -> Notification:
    """The title and message for ``reminder``; ``now_text`` is its start relative to now."""
    if reminder.kind is ReminderKind.EVENT_STARTING:
        return Notification(
            reminder.title,
            _("Starts {when}. Click to look at your openers and what you can offer.").format(
                when=now_text
            ),
        )
    if reminder.kind is ReminderKind.EVENT_ENDED:
        return Notification(
            reminder.title,
            _("Just ended. Who did you meet? Click to note them while you remember."),
        )
    title = ngettext("{count} promise due", "{count} promises due", reminder.promises).format(
        count=reminder.promises
    )
    message = _("{name}: {promise}").format(name=reminder.person_name, promise=reminder.title)
    if reminder.overdue:
        message += "\n" + ngettext(
            "{count} is overdue.", "{count} are overdue.", reminder.overdue
        ).format(count=reminder.overdue)
    return Notification(title, message)


class ReminderScheduler(QObject):
    """Checks for reminders every minute and shows the most urgent one not shown yet."""

    def __init__(
        self,
        icon: QSystemTrayIcon,
        *,
        store: Store,
        settings: SavedSettings,
        today: Callable[[], date],
        now: Clock,
        targets: ReminderTargets,
    ) -> None:
        super().__init__(icon)
        self._icon = icon
        self._store = store
        self._settings = settings
        self._today = today
        self._now = now
        self._targets = targets
        self.shown: Reminder | None = None  # the last reminder shown: what a click opens
        self.timer = QTimer(self, interval=CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        icon.messageClicked.connect(self._on_icon_message_clicked)

    def start(self) -> None:
        """Check now (the data just loaded), then every minute."""
        self.timer.start()
        QTimer.singleShot(0, self.check)

    def check(self) -> Reminder | None:
        """Show the most urgent reminder not shown yet; returns it (``None``: nothing to say)."""
        current = self._settings.current
        if not current.show_reminders or not self._icon.isVisible():
            return None
        now = self._now()
        pending = pending_reminders(
            self._store, now=now, today=self._today(), shown=current.shown_reminders
        )
        if not pending:
            return None
        reminder = pending[0]
        words = describe(
            reminder,
            now_text=format_relative(reminder.moment, now=now) if reminder.moment else "",
        )
        self._icon.showMessage(
            words.title, words.message, QSystemTrayIcon.MessageIcon.Information, MESSAGE_TIMEOUT_MS
        )
        self.shown = reminder
        self._settings.update(
            shown_reminders=remember_shown(current.shown_reminders, [reminder.key], self._today())
        )
        return reminder

    def open(self, reminder: Reminder) -> None:
        """Do what ``reminder`` is about: prepare, log who I met, or look at the promises."""
        targets = self._targets
        if reminder.kind is ReminderKind.EVENT_STARTING:
            targets.prepare_event(reminder.event_id)
        elif reminder.kind is ReminderKind.EVENT_ENDED:
            targets.log_who_i_met(reminder.event_id)
        elif reminder.person_id:
            targets.show_person(reminder.person_id)
        else:
            targets.show_home()

    def forget_shown(self) -> None:
        """Another message replaced the last reminder's: a click must no longer act on it."""
        self.shown = None

    def _on_icon_message_clicked(self) -> None:
        # The tray hint ("keeps running in the tray") is a message too; only reminders act.
        if self.shown is not None:
            reminder, self.shown = self.shown, None
            self.open(reminder)
