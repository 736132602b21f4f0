"""Wires the main window's actions to the services, dialogs and settings, in one place."""

from __future__ import annotations

import gc
import linecache
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from companion import autostart
from companion.i18n import _, current_locale
from companion.services.clock import Clock, system_clock
from companion.services.data.session import Session
from companion.services.prepare.opener_library import LibraryView
from companion.services.prepare.prepare import next_event
from companion.services.search.everything_search import EverythingSearch, ResultKind
from companion.services.search.search_sources import StoredNotes, StoredPeople, notes_tables
from companion.storage import keys
from companion.storage.backups import Snapshot
from companion.storage.errors import StoreError
from companion.ui.capture import capture_probe
from companion.ui.capture.capture_dialog import CaptureDialog
from companion.ui.capture.log_met_dialog import LogMetDialog
from companion.ui.events.events_controller import EventsController
from companion.ui.events.events_page import EventsPage
from companion.ui.home.home_page import HomePage, RecordCounts
from companion.ui.importing.import_export import STATUS_TIMEOUT_MS, ImportExportController
from companion.ui.importing.restore_dialog import RestoreDialog
from companion.ui.openers.openers_controller import OpenersController
from companion.ui.openers.openers_page import OpenersPage
from companion.ui.people.people_controller import PeopleController
from companion.ui.people.people_page import PeoplePage
from companion.ui.prepare.prepare_windows import PrepareWindows
from companion.ui.promises.promises_controller import PromisesController
from companion.ui.promises.promises_page import PromisesPage
from companion.ui.search.search_dialog import SearchDialog
from companion.ui.settings.preferences_dialog import PreferencesDialog
from companion.ui.settings.profile_controller import ProfileController
from companion.ui.settings.protection_controller import ProtectionController
from companion.ui.settings.protection_section import ProtectionSection
from companion.ui.settings.welcome import NextStep
from companion.ui.shell.about_dialog import AboutDialog
from companion.ui.shell.child_dialog import ChildDialog
from companion.ui.shell.data_changes import DataChanges
from companion.ui.shell.housekeeping import Housekeeping
from companion.ui.shell.main_window import MainWindow
from companion.ui.shell.page_failure import Unavailable, failed_page, guarded
from companion.ui.shell.pages import PAGES, PageKey
from companion.ui.shell.saved_settings import SavedSettings
from companion.ui.shell.store_commands import CommandContext

if TYPE_CHECKING:
    from companion.ui.people.duplicates_dialog import DuplicatesDialog
    from companion.ui.people.merges_dialog import MergesDialog
from companion.ui.widgets.theme import Theme

# After the day's backup check (housekeeping.FIRST_CHECK_MS), so their memory never adds up.
SEARCH_WARM_UP_DELAY_MS = 1500
# Records folded per idle step (about 10 ms at most), so typing or scrolling never waits long.
SEARCH_WARM_UP_STEP = 100
Built = TypeVar("Built")


def forget_module_sources() -> None:
    """Drop the source lines Python keeps for tracebacks.

    PySide6 reads the source of every module imported after it (to check whether it uses
    PySide's ``__feature__`` switches), and ``linecache`` keeps them: about 8 MB for this app.
    They are read again if a traceback ever needs them.
    """
    linecache.clearcache()


class MainWindowController(QObject):
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
        self._today = today
        self._now = now
        self.transfer = ImportExportController(
            session=session,
            changes=changes,
            parent=window,
            status_bar=window.statusBar(),
            today=today,
        )
        self.preferences_dialog: PreferencesDialog | None = None
        self.protection: ProtectionController | None = None
        self.about_dialog: AboutDialog | None = None
        self.restore_dialog: RestoreDialog | None = None
        self.capture_dialog: CaptureDialog | None = None
        self.log_met_dialog: LogMetDialog | None = None
        self.search_dialog: SearchDialog | None = None
        self.duplicates_dialog: DuplicatesDialog | None = None
        self.merges_dialog: ChildDialog[MergesDialog] = ChildDialog()
        store = session.store
        # Kept for the window's life: its folded index is what makes the second search quick.
        self.search = EverythingSearch(
            people=StoredPeople(store),
            events=store.events,
            openers=LibraryView(store, current_locale),
            notes=StoredNotes(store),
            notes_version=lambda: notes_tables(store),
        )
        self.housekeeping = Housekeeping(session, self)
        # Folds the records for Ctrl+K a few at a time while the app is idle after start.
        self.search_warmed = False
        self._search_warmer = QTimer(self)
        self._search_warmer.setInterval(0)
        self._search_warmer.timeout.connect(self._warm_search)
        QTimer.singleShot(SEARCH_WARM_UP_DELAY_MS, self._search_warmer.start)
        self.profile = ProfileController(
            window,
            session=session,
            changes=changes,
            settings=settings,
            has_upcoming_event=lambda: next_event(store, now()) is not None,
            next_step=self._on_welcome_next_step,
        )
        self.prepare_windows = PrepareWindows(
            store=session.store,
            changes=changes,
            now=now,
            parent=window,
            open_person=self.show_person,
        )

        folder = session.folder
        home = guarded(
            lambda: HomePage(
                today=today,
                record_counts=record_counts,
                changes=changes,
                import_file=self.transfer.ask_and_import,
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
        self._add_page(PageKey.HOME, home, home if isinstance(home, HomePage) else QWidget())
        self.events_page = EventsPage(import_events=lambda: self.transfer.ask_and_import("events"))
        events = guarded(
            lambda: EventsController(
                self.events_page,
                store=session.store,
                changes=changes,
                undo_stack=window.undo_stack,
                now=now,
                prepare_event=self.prepare_event,
                review_openers=self.prepare_windows.review_openers,
            ),
            folder=folder,
            where="Events page",
        )
        self.events = self._add_page(PageKey.EVENTS, events, self.events_page)
        self.people_page = PeoplePage(import_people=lambda: self.transfer.ask_and_import("people"))
        people = guarded(
            lambda: PeopleController(
                self.people_page,
                store=session.store,
                changes=changes,
                undo_stack=window.undo_stack,
                today=today,
            ),
            folder=folder,
            where="People page",
        )
        self.people = self._add_page(PageKey.PEOPLE, people, self.people_page)
        self.openers_page = OpenersPage(on_empty_action=lambda: self.openers.open_new_form())
        openers = guarded(
            lambda: OpenersController(
                self.openers_page,
                store=session.store,
                changes=changes,
                undo_stack=window.undo_stack,
            ),
            folder=folder,
            where="Openers page",
        )
        self.openers = self._add_page(PageKey.OPENERS, openers, self.openers_page)
        self.promises_page = PromisesPage()
        promises = guarded(
            lambda: PromisesController(
                self.promises_page,
                store=session.store,
                changes=changes,
                undo_stack=window.undo_stack,
                today=today,
                show_person=self.show_person,
            ),
            folder=folder,
            where="Promises page",
        )
        self.promises = self._add_page(PageKey.PROMISES, promises, self.promises_page)
        self._connect_signals()
        self._restore()

    def _add_page(self, key: PageKey, built: Built | Exception, page: QWidget) -> Built:
        """Adds ``page``, or in its place what went wrong when its controller (``built``) could
        not be built; then the controller stands in as one whose every call does nothing."""
        if not isinstance(built, Exception):
            self.window.add_page(key, page)
            return built
        title = next(info.title for info in PAGES if info.key is key)
        self.window.add_page(key, failed_page(_(title), folder=self._session.folder))
        return cast(Built, Unavailable())

    def _connect_signals(self) -> None:
        window = self.window
        window.quick_capture_action.triggered.connect(self.open_quick_capture)
        window.search_action.triggered.connect(self.open_search)
        window.find_duplicates_action.triggered.connect(self.open_duplicates)
        self.people_page.context_menu.addAction(window.find_duplicates_action)
        window.merges_action.triggered.connect(self.open_merges)
        self.people_page.context_menu.addAction(window.merges_action)
        window.import_action.triggered.connect(lambda: self.transfer.ask_and_import())
        window.export_action.triggered.connect(self.transfer.ask_and_export)
        window.restore_action.triggered.connect(self.open_restore)
        window.quit_action.triggered.connect(self._on_quit_action_triggered)
        window.preferences_action.triggered.connect(self.open_preferences)
        window.about_action.triggered.connect(self.open_about)
        window.about_qt_action.triggered.connect(QApplication.aboutQt)
        for key, action in window.page_actions.items():
            action.triggered.connect(lambda _checked=False, key=key: window.show_page(key))
        window.closing.connect(self._on_window_closing)
        self.events_page.log_met_action.triggered.connect(self._on_log_met_action_triggered)

    def open_event(self, event_id: str) -> None:
        """The event selected on the Events page (from Home's cards and the feeds' section)."""
        self._on_home_event_clicked(event_id)

    def _on_welcome_next_step(self, step: str) -> None:
        upcoming = next_event(self._session.store, self._now())
        if step == NextStep.PREPARE_EVENT and upcoming is not None:
            self.prepare_event(upcoming.id)
        else:
            self.window.show_page(PageKey.EVENTS)
            self.transfer.ask_and_import("events")

    def _on_home_event_clicked(self, event_id: str) -> None:
        self.window.show_page(PageKey.EVENTS)
        self.events.select_event(event_id)

    def prepare_event(self, event_id: str) -> None:
        """Open the prep card of an event (from Home, the Events page, the tray, a notification)."""
        self.prepare_windows.prepare(event_id)

    def log_who_i_met(self, event_id: str) -> None:
        """Log several people met at an event in one go (from the Events page, a notification)."""
        event = self._session.store.events.get(event_id)
        if event is None:
            return
        if self.log_met_dialog is not None:
            self.log_met_dialog.raise_()
            return
        self.window.show_page(PageKey.EVENTS)
        self.events.select_event(event_id)
        dialog = LogMetDialog(
            store=self._session.store,
            changes=self._changes,
            event=event,
            today=self._today,
            parent=self.window,
        )
        dialog.finished.connect(self._on_log_met_dialog_finished)
        self.log_met_dialog = dialog
        dialog.open()

    def _on_log_met_action_triggered(self) -> None:
        event = self.events.selected_event()
        if event is not None:
            self.log_who_i_met(event.id)

    def _on_log_met_dialog_finished(self) -> None:
        if self.log_met_dialog is not None:
            self.log_met_dialog.deleteLater()
            self.log_met_dialog = None

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

    def _warm_search(self) -> None:
        warmed = guarded(
            lambda: self.search.warm_up(SEARCH_WARM_UP_STEP),
            folder=self._session.folder,
            where="search warm-up",
        )
        if isinstance(warmed, Exception):
            # Data the index cannot read: stop here rather than fail again on every idle tick;
            # Ctrl+K then reads as it goes.
            self._search_warmer.stop()
            return
        if warmed:
            self._search_warmer.stop()
            self.search_warmed = True
            forget_module_sources()
        # The folded index lives as long as the window: keep the garbage collector's full
        # passes from walking it (a 30 ms stall at 10,000 people; see app.py's freeze).
        gc.freeze()

    def open_preferences(self) -> None:
        """Window-modal and non-blocking, so the event loop (and tests) keep running."""
        section = ProtectionSection(
            self._session.key_mode,
            keychain_available=keys.keychain_available(),
            auto_lock_minutes=self._settings.current.auto_lock_minutes,
        )
        dialog = PreferencesDialog(self._settings.current, self.window, sections=(section,))
        self.protection = ProtectionController(self._session, section, dialog)
        dialog.accepted.connect(lambda: self._on_preferences_accepted(dialog))
        dialog.accepted.connect(
            lambda: self._settings.update(auto_lock_minutes=section.auto_lock.value())
        )
        dialog.finished.connect(dialog.deleteLater)
        self.preferences_dialog = dialog
        dialog.open()

    def open_quick_capture(self) -> None:
        """A top-level dialog (no parent), so it shows even while the window is hidden."""
        dialog = self.capture_dialog
        if dialog is None:
            dialog = CaptureDialog(
                store=self._session.store, changes=self._changes, today=self._today, now=self._now
            )
            dialog.finished.connect(self._on_capture_dialog_finished)
            self.capture_dialog = dialog
            capture_probe.watch(dialog)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _on_capture_dialog_finished(self) -> None:
        if self.capture_dialog is not None:
            self.capture_dialog.deleteLater()
            self.capture_dialog = None

    def open_duplicates(self) -> None:
        """People > Find duplicates: window-modal and non-blocking; merges go on the undo stack."""
        # Imported here: rapidfuzz and the merge service are not needed before this.
        from companion.ui.people.duplicates_dialog import DuplicatesDialog

        if self.duplicates_dialog is not None:
            self.duplicates_dialog.raise_()
            return
        self.window.show_page(PageKey.PEOPLE)
        dialog = DuplicatesDialog(
            context=CommandContext(self._session.store, self._changes, self._show_merge_error),
            changes=self._changes,
            undo_stack=self.window.undo_stack,
            parent=self.window,
        )
        dialog.finished.connect(self._on_duplicates_dialog_finished)
        self.duplicates_dialog = dialog
        dialog.open()

    def open_merges(self) -> None:
        """People Merges…: the merges so far, each undoable (window-modal, non-blocking)."""
        # Imported here: the dialog is rarely opened.
        from companion.ui.people.merges_dialog import MergesDialog

        store = self._session.store
        self.merges_dialog.open(
            lambda: MergesDialog(store=store, changes=self._changes, parent=self.window)
        )

    def _on_duplicates_dialog_finished(self) -> None:
        if self.duplicates_dialog is not None:
            self.duplicates_dialog.deleteLater()
            self.duplicates_dialog = None

    def _show_merge_error(self, message: str) -> None:
        QMessageBox.warning(self.duplicates_dialog or self.window, _("Merge"), message)

    def open_search(self) -> None:
        dialog = self.search_dialog
        if dialog is None:
            dialog = SearchDialog(self.search, self.window)
            dialog.chosen.connect(self._on_search_dialog_chosen)
            self.search_dialog = dialog
        dialog.open()
        # After the box has painted: folding 10,000 people takes a moment, the first key waits.
        QTimer.singleShot(0, self.search.prepare)

    def _on_search_dialog_chosen(self, kind: str, record_id: str) -> None:
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

    def open_restore(self) -> None:
        from companion.services.data.folder_problems import unreadable_backups

        problem = unreadable_backups(self._session.folder)
        if problem is not None:
            # "There are no backups yet" would be untrue: they are there, but out of reach.
            QMessageBox.warning(self.window, _("Restore from Backup"), problem)
            return
        backups = self._session.backups
        add_file = None
        if backups is not None:
            from companion.services.data.backup_file import add_backup_file

            folder = self._session.folder

            def add_file(path: Path) -> Snapshot:
                return add_backup_file(backups, folder, path)

        dialog = RestoreDialog(backups.list() if backups else [], self.window, add_file=add_file)
        dialog.accepted.connect(lambda: self._on_restore_accepted(dialog.chosen_id()))
        dialog.finished.connect(dialog.deleteLater)
        self.restore_dialog = dialog
        dialog.open()

    def _on_restore_accepted(self, snapshot_id: str | None) -> None:
        if snapshot_id is None:
            return
        try:
            changes = self._session.restore(snapshot_id)
        except StoreError as error:
            QMessageBox.warning(self.window, _("Restore failed"), str(error))
            return
        self._changes.announce(changes)
        self.window.statusBar().showMessage(
            _("Backup restored. Your previous data was backed up first."), STATUS_TIMEOUT_MS
        )

    def open_about(self) -> None:
        dialog = AboutDialog(self.window)
        dialog.finished.connect(dialog.deleteLater)
        self.about_dialog = dialog
        dialog.open()

    def _on_preferences_accepted(self, dialog: PreferencesDialog) -> None:
        chosen = dialog.chosen_settings()
        self._settings.update(
            locale=chosen.locale,
            color_scheme=chosen.color_scheme,
            start_at_login=chosen.start_at_login,
            show_reminders=chosen.show_reminders,
            feed_refresh_hours=chosen.feed_refresh_hours,
            notify_fitting_events=chosen.notify_fitting_events,
        )
        self._theme.apply(chosen.color_scheme)
        self._apply_start_at_login(chosen.start_at_login)

    def _apply_start_at_login(self, wanted: bool) -> None:
        if not autostart.is_supported() or wanted == autostart.is_enabled():
            return
        try:
            if wanted:
                autostart.enable()
            else:
                autostart.disable()
        except OSError as error:
            QMessageBox.warning(
                self.window,
                _("Start at login"),
                _("The login item could not be changed: {reason}").format(
                    reason=error.strerror or error
                ),
            )

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
