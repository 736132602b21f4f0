"""Sync and the tray joined to the window: what ``app.py`` composes once the data is open."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from companion.services.data.session import Session
from companion.ui.shell.data_changes import DataChanges
from companion.ui.shell.main_window import MainWindow

if TYPE_CHECKING:
    from companion.ui.shell.window_controller import MainWindowController
    from companion.ui.sync.sync_controller import SyncController
    from companion.ui.tray.tray import Tray
    from companion.ui.tray.tray_actions import TrayActions


def connect_window_sync(
    window: MainWindow,
    controller: MainWindowController,
    *,
    session: Session,
    changes: DataChanges,
    tray: Tray | None,
) -> SyncController:
    """Sync with CardDAV/CalDAV accounts: Preferences > Sync, rounds, the tray, Home."""
    from companion.services.clock import system_clock
    from companion.ui.sync.sync_wiring import connect_sync

    sync = connect_sync(
        window,
        session=session,
        changes=changes,
        now=system_clock,
        today=date.today,
        preferences=controller.preferences,
        home=window.pages.widget(0),
        show_person=controller.show_person,
        tray=tray,
    )
    # Not built at start: the People page gets the check when it is (``WindowPages``).
    controller.when_people_built(
        lambda people: people.set_delete_check(lambda person: sync.confirm_delete(person, window))
    )
    return sync


def tray_actions(controller: MainWindowController, *, sync_now: Callable[[], None]) -> TrayActions:
    """What the tray may ask of the window, and nothing more (issue 18)."""
    from companion.ui.shell.pages import PageKey
    from companion.ui.tray.tray_actions import TrayCallbacks

    return TrayCallbacks(
        prepare_event=controller.prepare_event,
        log_who_i_met=controller.log_who_i_met,
        show_person=controller.show_person,
        show_home=lambda: controller.window.show_page(PageKey.HOME),
        show_promises=controller.show_promises,
        sync_now=sync_now,
    )
