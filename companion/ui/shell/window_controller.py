"""Builds the window's Home page and wires its actions, moving between the pages; the other
pages are built when first shown or asked for by its base ``window_pages.WindowPages``, the
once-only dialogs over them are opened by its base ``window_dialogs.WindowDialogs``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from companion.i18n import _
from companion.services.clock import Clock, system_clock
from companion.services.data.session import Session
from companion.ui.home.home_page import HomePage, RecordCounts
from companion.ui.search.search_warm_up import SearchWarmUp
from companion.ui.settings.preferences_flow import PreferencesFlow
from companion.ui.settings.profile_controller import ProfileController
from companion.ui.shell.data_changes import DataChanges
from companion.ui.shell.housekeeping import Housekeeping
from companion.ui.shell.main_window import MainWindow
from companion.ui.shell.page_failure import failed_page, guarded
from companion.ui.shell.pages import PageKey
from companion.ui.shell.saved_settings import SavedSettings
from companion.ui.shell.window_dialogs import WindowDialogs
from companion.ui.shell.window_pages import WindowPages
from companion.ui.widgets.theme import Theme

if TYPE_CHECKING:
    from companion.services.search.everything_search import EverythingSearch
    from companion.storage.store import Store
    from companion.ui.importing.restore_flow import RestoreFlow


class MainWindowController(WindowPages, WindowDialogs, QObject):
    """Owned by (a child of) the window it controls, so both live and die together."""

    def __init__(
        self,
        window: MainWindow,
        *,
        session: Session,
        changes: DataChanges,
        settings: SavedSettings,
        theme: Theme,
        today: Callable[[], date],
        record_counts: RecordCounts,
        now: Clock = system_clock,
        quit_app: Callable[[], None] | None = None,
    ) -> None:
        """``quit_app`` ends the app for File > Quit where closing the window does not (a tray)."""
        super().__init__(window)
        self._quit_app = quit_app
        self.window = window
        self._settings = settings
        self._theme = theme
        self._session = session
        self._changes = changes
        #: Where every change to the data is announced (the tray and the smoke test use it).
        self.changes = changes
        self._today = today
        self._now = now
        self.preferences = PreferencesFlow(window, session=session, settings=settings, theme=theme)
        self._init_dialogs()
        store = session.store
        self.search_warm_up = SearchWarmUp(session, self)
        self.housekeeping = Housekeeping(session, self)
        self.profile = ProfileController(
            window,
            session=session,
            changes=changes,
            settings=settings,
            has_upcoming_event=lambda: _next_event_id(store, now()) is not None,
            next_step=self._on_welcome_next_step,
        )

        folder = session.folder
        home = guarded(
            lambda: HomePage(
                today=today,
                record_counts=record_counts,
                changes=changes,
                import_file=lambda: self.transfer.ask_and_import(),
                store=session.store,
                now=now,
                open_event=self._on_home_event_clicked,
                edit_profile=self.profile.open_profile,
                prepare_event=self.prepare_event,
                show_person=self.show_person,
                undo_stack=window.undo_stack,
                show_promises=self.show_promises,
            ),
            folder=folder,
            where="Home page",
        )
        if isinstance(home, HomePage):
            window.add_page(PageKey.HOME, home)
        else:
            window.add_page(PageKey.HOME, failed_page(_("Home"), folder=folder))
        self._init_pages()
        self._connect_signals()
        self._restore()

    def _connect_signals(self) -> None:
        window = self.window
        window.quick_capture_action.triggered.connect(self.open_quick_capture)
        window.search_action.triggered.connect(self.open_search)
        window.find_duplicates_action.triggered.connect(self.open_duplicates)
        window.merges_action.triggered.connect(self.open_merges)
        window.import_action.triggered.connect(lambda: self.transfer.ask_and_import())
        window.export_action.triggered.connect(lambda: self.transfer.ask_and_export())
        window.restore_action.triggered.connect(self.open_restore)
        window.quit_action.triggered.connect(self._on_quit_action_triggered)
        window.preferences_action.triggered.connect(self.open_preferences)
        window.about_action.triggered.connect(self.open_about)
        window.about_qt_action.triggered.connect(QApplication.aboutQt)
        for key, action in window.page_actions.items():
            action.triggered.connect(lambda _checked=False, key=key: window.show_page(key))
        window.closing.connect(self._on_window_closing)

    def open_event(self, event_id: str) -> None:
        """The event selected on the Events page (from Home's cards and the feeds' section)."""
        self._on_home_event_clicked(event_id)

    def _on_welcome_next_step(self, step: str) -> None:
        from companion.ui.settings.welcome import NextStep

        upcoming = _next_event_id(self._session.store, self._now())
        if step == NextStep.PREPARE_EVENT and upcoming is not None:
            self.prepare_event(upcoming)
        else:
            self.window.show_page(PageKey.EVENTS)
            self.transfer.ask_and_import("events")

    def _on_home_event_clicked(self, event_id: str) -> None:
        self.window.show_page(PageKey.EVENTS)
        self.events.select_event(event_id)

    def prepare_event(self, event_id: str) -> None:
        """Open the prep card of an event (from Home, the Events page, the tray, a notification)."""
        self.prepare_windows.prepare(event_id)

    def show_promises(self) -> None:
        """Every open promise (from Home, the tray, Ctrl+K)."""
        self.window.show_page(PageKey.PROMISES)
        self.promises_page.table_view.setFocus()

    def show_person(self, person_id: str) -> None:
        """The person's own page (from Home, the tray, a notification)."""
        self._show_person(person_id)
        self.people.open_person(person_id)

    def _restore(self) -> None:
        current = self._settings.current
        self.window.restore_layout(geometry=current.window_geometry, state=current.window_state)
        try:
            page = PageKey(current.last_page)
        except ValueError:
            page = PageKey.HOME
        self.window.show_page(page)

    def _on_search_dialog_chosen(self, kind: str, record_id: str) -> None:
        from companion.services.search.everything_search import ResultKind

        window = self.window
        if kind == ResultKind.EVENT:
            window.show_page(PageKey.EVENTS)
            if not self.events.select_event(record_id):
                # Hidden by the page's own filter: clear it so the event can be shown.
                self.events_page.search_edit.clear()
                self.events.select_event(record_id)
        elif kind == ResultKind.PERSON:
            # Their own page, replacing whichever person page was open (issue 17).
            self.show_person(record_id)
        elif kind == ResultKind.PAGE:
            if record_id == PageKey.PROMISES:
                self.show_promises()
            else:
                window.show_page(PageKey(record_id))
        elif kind == ResultKind.OPENER:
            window.show_page(PageKey.OPENERS)
            self.openers.select_opener(record_id)

    def _show_person(self, person_id: str) -> None:
        """The People page with the person selected (the page's filter cleared if it hid them)."""
        self.window.show_page(PageKey.PEOPLE)
        if not self.people.select_person(person_id):
            # Written without an announcement (the search reads the store itself): catch up.
            self.people.reload()
            self.people.select_person(person_id)

    @property
    def search(self) -> EverythingSearch:
        """Ctrl+K's search (made by the warm-up when it starts, or by the first Ctrl+K)."""
        return self.search_warm_up.search

    @cached_property
    def restore(self) -> RestoreFlow:
        """File > Restore from backup (made when first opened)."""
        from companion.ui.importing.restore_flow import RestoreFlow

        return RestoreFlow(self.window, session=self._session, changes=self._changes)

    @property
    def search_warmed(self) -> bool:
        """Whether Ctrl+K's index is complete (benchmarks wait for it)."""
        return self.search_warm_up.warmed

    def _on_quit_action_triggered(self) -> None:
        if self._quit_app is not None:
            self._quit_app()
            return
        # Closing first saves the layout; closing the last window ends the event loop.
        if self.window.close():
            QApplication.quit()

    def _on_window_closing(self) -> None:
        geometry, state = self.window.saved_layout()
        self._settings.update(
            window_geometry=geometry, window_state=state, last_page=self.window.current_page().value
        )


def _next_event_id(store: Store, now: datetime) -> str | None:
    """The next event to prepare, for the welcome; its rules are imported when it asks, not at
    start (they are not needed to show the data)."""
    from companion.services.prepare.prepare import next_event

    upcoming = next_event(store, now)
    return None if upcoming is None else upcoming.id
