"""Puts calendar feeds into the window once the data is open: the Events menu's entries,
Home's new events that fit, the refreshing, and the tray's note when a fitting event arrives."""

from __future__ import annotations

from collections.abc import Callable

from companion.services.clock import system_clock
from companion.services.data.session import Session
from companion.ui.feeds.feeds_controller import FeedsController, fitting_message
from companion.ui.home.home_page import HomePage
from companion.ui.shell.data_changes import DataChanges
from companion.ui.shell.main_window import MainWindow
from companion.ui.shell.saved_settings import SavedSettings
from companion.ui.tray.tray import Tray


def connect_feeds(
    window: MainWindow,
    *,
    session: Session,
    changes: DataChanges,
    settings: SavedSettings,
    open_event: Callable[[str], None],
    tray: Tray | None,
) -> FeedsController:
    """Builds the feeds' controller and its places in the window, and starts refreshing."""
    feeds = FeedsController(
        window, session=session, changes=changes, settings=settings, now=system_clock
    )
    window.subscriptions_action.triggered.connect(feeds.open_subscriptions)
    window.refresh_feeds_action.triggered.connect(lambda: feeds.refresher.refresh())
    home = window.pages.widget(0)
    if isinstance(home, HomePage):
        feeds.add_home_section(home, open_event=open_event)
    if tray is not None:
        feeds.fitting_found.connect(lambda found: tray.icon.showMessage(*fitting_message(found)))
    feeds.start()
    return feeds
