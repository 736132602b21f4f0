"""Puts sync into the window once the data is open: Preferences > Sync, the tray's "Sync now"
and status, Home's "New from your phone", the question before deleting someone on a server."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtWidgets import QMessageBox, QWidget

from companion.i18n import _
from companion.services.data.session import Session
from companion.ui.home.home_page import HomePage
from companion.ui.home.phone_arrivals_section import PhoneArrivalsSection
from companion.ui.settings.preferences_flow import PreferencesFlow
from companion.ui.shell.data_changes import DataChanges
from companion.ui.sync.sync_controller import SyncController
from companion.ui.sync.sync_runner import RoundSteps, real_steps
from companion.ui.tray.tray import Tray


def sync_tab_title() -> str:
    return _("S&ync")


def connect_sync(
    window: QWidget,
    *,
    session: Session,
    changes: DataChanges,
    now: Callable[[], datetime],
    today: Callable[[], date],
    preferences: PreferencesFlow,
    home: QWidget | None,
    show_person: Callable[[str], None],
    tray: Tray | None,
    steps: Callable[[], RoundSteps] = real_steps,
) -> SyncController:
    """Builds the controller and its places in the window; rounds start with ``start()``."""
    sync = SyncController(window, session=session, changes=changes, now=now, steps=steps)

    def sync_page() -> QWidget:
        # Loaded when Preferences opens: Add… and the account services bring the HTTP stack.
        from companion.ui.sync.sync_preferences import SyncPreferences
        from companion.ui.sync.sync_section import SyncSection

        section = SyncSection()
        SyncPreferences(section, session=session, changes=changes, sync=sync, now=now)
        return section

    preferences.add_page(sync_tab_title(), sync_page)
    if isinstance(home, HomePage):
        home.add_section(
            PhoneArrivalsSection(
                store=session.store,
                changes=changes,
                today=today,
                show_person=show_person,
                show_error=lambda message: QMessageBox.warning(window, _("Sync"), message),
            )
        )
    if tray is not None:
        connect_tray_status(tray, sync)
    return sync


def connect_tray_status(tray: Tray, sync: SyncController) -> None:
    """The tray's "Sync now" (while there are accounts) and its tooltip's last sync or error."""

    def show() -> None:
        tray.show_sync(sync.status_lines(), busy=sync.runner.running)

    sync.status_changed.connect(show)
    sync.runner.busy_changed.connect(lambda _busy: show())
    show()
