"""Calendar feeds in the window: Events > Subscriptions…, refreshing, Home's new events that fit,
the tray's note about a very good one, and ``companion feeds …`` forwarded from a terminal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from companion.domain.errors import ValidationError
from companion.i18n import _, ngettext
from companion.services.changes import ChangeSet
from companion.services.data.session import Session
from companion.services.feeds import feeds as service
from companion.services.instance.instance_messages import PendingReply, Reply, Request
from companion.storage.store import Store
from companion.ui.feeds.feed_refresher import FeedRefresher
from companion.ui.feeds.fitting_events_section import FittingEventsSection
from companion.ui.home.home_page import HomePage
from companion.ui.shell.child_dialog import ChildDialog
from companion.ui.shell.data_changes import DataChanges
from companion.ui.shell.saved_settings import SavedSettings

if TYPE_CHECKING:
    from companion.domain.events import Event
    from companion.domain.feeds import Feed
    from companion.domain.fit import Fit
    from companion.services.feeds.feed_apply import FeedOutcome
    from companion.ui.feeds.subscriptions_dialog import SubscriptionsDialog

#: How long the status bar shows what a refresh brought.
STATUS_MESSAGE_MS = 15_000
#: After start-up, the first refresh waits for the window to settle.
FIRST_REFRESH_DELAY_MS = 5_000
#: How often the app looks whether the refresh interval (Preferences) has passed.
CHECK_MS = 15 * 60 * 1000


class FeedsController(QObject):
    """Owns the refresher and the subscriptions dialog; ``fitting_found`` for the tray."""

    #: (event, fit) pairs: new feed events with a high fit not announced before.
    fitting_found = Signal(object)

    def __init__(
        self,
        window: QWidget,
        *,
        session: Session,
        changes: DataChanges,
        settings: SavedSettings,
        now: Callable[[], datetime],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._session = session
        self._changes = changes
        self._settings = settings
        self._now = now
        self.refresher = FeedRefresher(session=session, changes=changes, now=now, parent=self)
        self.subscriptions: ChildDialog[SubscriptionsDialog] = ChildDialog()
        self.refresher.busy_changed.connect(self._on_refresher_busy_changed)
        self.refresher.refreshed.connect(self._on_refresher_refreshed)
        changes.changed.connect(self._on_changes_changed)
        self._last_round: datetime | None = None
        self.refresher.refreshed.connect(self._remember_round)
        self.check_timer = QTimer(self, interval=CHECK_MS)
        self.check_timer.timeout.connect(self._on_check_timer_timeout)

    def start(self) -> None:
        """Refresh soon after start when there are feeds, then every few hours (Preferences)."""
        self.check_timer.start()
        if len(self._session.store.feeds):
            QTimer.singleShot(FIRST_REFRESH_DELAY_MS, self, lambda: self.refresher.refresh())

    def _remember_round(self, _outcomes: object) -> None:
        self._last_round = self._now()

    def _on_check_timer_timeout(self) -> None:
        hours = self._settings.current.feed_refresh_hours
        if hours <= 0 or not len(self._session.store.feeds) or self.refresher.running:
            return
        due = self._last_round is None or self._now() - self._last_round >= timedelta(hours=hours)
        if due:
            self.refresher.refresh()

    def add_home_section(
        self, home: HomePage, open_event: Callable[[str], None] | None = None
    ) -> FittingEventsSection:
        """Home's "New events that fit" since I last marked them as seen."""
        section = FittingEventsSection(
            store=self._session.store,
            changes=self._changes,
            now=self._now,
            seen_since=self._seen_since,
            mark_seen=lambda moment: self._settings.update(fitting_events_seen=moment.isoformat()),
            open_event=open_event,
        )
        home.add_section(section)
        self.home_section = section
        return section

    def _seen_since(self) -> datetime | None:
        seen = self._settings.current.fitting_events_seen
        try:
            return datetime.fromisoformat(seen) if seen else None
        except ValueError:
            return None

    # --- the dialog --------------------------------------------------------------------

    def open_subscriptions(self) -> None:
        self.subscriptions.open(self._make_dialog)

    def _make_dialog(self) -> SubscriptionsDialog:
        from companion.ui.feeds.subscriptions_dialog import SubscriptionsDialog

        dialog = SubscriptionsDialog(self._window)
        dialog.subscribe_button.clicked.connect(partial(self._on_subscribe, dialog))
        dialog.url_edit.returnPressed.connect(partial(self._on_subscribe, dialog))
        dialog.refresh_button.clicked.connect(lambda: self.refresher.refresh())
        dialog.refresh_selected_button.clicked.connect(lambda: self._refresh_chosen(dialog))
        dialog.remove_button.clicked.connect(partial(self._on_remove, dialog))
        dialog.set_busy(self.refresher.running)
        self._fill(dialog)
        return dialog

    def _fill(self, dialog: SubscriptionsDialog) -> None:
        feeds = service.list_feeds(self._session.store)
        dialog.show_feeds(feeds, {feed.id: service.problem_text(feed) for feed in feeds})

    def _on_subscribe(self, dialog: SubscriptionsDialog) -> None:
        url = dialog.url_edit.text()
        if not url.strip():
            return
        try:
            feed, changes = service.add_feed(
                self._session.store, url, name=dialog.name_edit.text(), now=self._now()
            )
        except ValidationError as error:
            dialog.show_error(error.message)
            return
        dialog.show_error("")
        dialog.url_edit.clear()
        dialog.name_edit.clear()
        self._changes.announce(changes)
        self.refresher.refresh([feed.id])

    def _refresh_chosen(self, dialog: SubscriptionsDialog) -> None:
        chosen = dialog.chosen_id()
        if chosen is not None:
            self.refresher.refresh([chosen])

    def _on_remove(self, dialog: SubscriptionsDialog) -> None:
        chosen = dialog.chosen_id()
        feed = self._session.store.feeds.get(chosen) if chosen else None
        if feed is None:
            return
        answer = QMessageBox.question(
            dialog,
            _("Unsubscribe"),
            _(
                "Unsubscribe from “{name}”? Its events stay in your calendar; no new ones "
                "will come from it."
            ).format(name=feed.name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        _feed, changes = service.remove_feed(self._session.store, feed.id)
        self._changes.announce(changes)

    def _on_refresher_busy_changed(self, busy: bool) -> None:
        if self.subscriptions.dialog is not None:
            self.subscriptions.dialog.set_busy(busy)

    def _on_changes_changed(self, changes: ChangeSet) -> None:
        if self.subscriptions.dialog is not None and changes.touches(service.FEEDS_TABLE):
            self._fill(self.subscriptions.dialog)

    # --- after a refresh ---------------------------------------------------------------

    def _on_refresher_refreshed(self, outcomes: list[FeedOutcome]) -> None:
        self._report(outcomes)
        if not self._settings.current.notify_fitting_events:
            return
        from companion.services.promises.reminders import remember_shown

        shown = self._settings.current.shown_reminders
        found = [
            (event, fit)
            for event, fit in service.new_fitting_events(self._session.store, None, self._now())
            if fit.score >= service.HIGH_FIT and f"fit:{event.id}" not in shown
        ]
        if not found:
            return
        keys = [f"fit:{event.id}" for event, _fit in found]
        self._settings.update(shown_reminders=remember_shown(shown, keys, self._now().date()))
        self.fitting_found.emit(found)

    def _report(self, outcomes: list[FeedOutcome]) -> None:
        """A line in the status bar: what came in, and whether a feed needs looking at."""
        if not outcomes or not isinstance(self._window, QMainWindow):
            return
        failed = sum(1 for outcome in outcomes if not outcome.ok)
        added = sum(outcome.added for outcome in outcomes)
        parts = [
            ngettext(
                "Subscriptions refreshed: {count} new event",
                "Subscriptions refreshed: {count} new events",
                added,
            ).format(count=added)
        ]
        if failed:
            parts.append(
                ngettext(
                    "{count} feed failed (Events > Calendar Subscriptions says why)",
                    "{count} feeds failed (Events > Calendar Subscriptions says why)",
                    failed,
                ).format(count=failed)
            )
        self._window.statusBar().showMessage(" · ".join(parts), STATUS_MESSAGE_MS)

    # --- forwarded from a terminal -----------------------------------------------------

    def handle_request(self, request: Request) -> Reply | PendingReply:
        """``companion feeds …`` carried out here, as the CLI would have done it.

        A refresh answers later (``PendingReply``): the feeds are fetched on the worker thread
        while the window goes on, and the terminal waits for the outcome.
        """
        from companion.services.feeds.feed_commands import feeds_reply, outcome_reply

        if request.feeds_action not in ("add", "refresh"):
            reply, changes = feeds_reply(
                self._session.store,
                action=request.feeds_action,
                url=request.url,
                name=request.name,
                now=self._now(),
                refresh=_refresh_elsewhere,
            )
            self._changes.announce(changes)
            return reply
        # Pick the feeds (and subscribe, for add) here; fetch them on the worker thread.
        chosen: list[Feed] = []

        def choose(_store: Store, feeds: list[Feed]) -> list[FeedOutcome]:
            chosen.extend(feeds)
            return []

        first, changes = feeds_reply(
            self._session.store,
            action=request.feeds_action,
            url=request.url,
            name=request.name,
            now=self._now(),
            refresh=choose,
        )
        self._changes.announce(changes)
        if not chosen:
            return first
        pending = PendingReply()

        def finished(outcomes: list[FeedOutcome]) -> None:
            fetched = outcome_reply(outcomes)
            pending.resolve(
                Reply(
                    exit_code=fetched.exit_code if request.feeds_action == "refresh" else 0,
                    stdout=first.stdout + fetched.stdout,
                    stderr=first.stderr + fetched.stderr,
                )
            )

        self.refresher.refresh([feed.id for feed in chosen], on_done=finished)
        return pending


def _refresh_elsewhere(_store: Store, _feeds: list[Feed]) -> list[FeedOutcome]:
    raise AssertionError("a refresh is answered with a PendingReply")


def fitting_message(found: list[tuple[Event, Fit]]) -> tuple[str, str]:
    """The tray notification's title and text for new well-fitting events."""
    event, _fit = found[0]
    if len(found) == 1:
        return _("A new event that fits you"), event.title
    return (
        _("{count} new events that fit you").format(count=len(found)),
        _("{title} and more").format(title=event.title),
    )
