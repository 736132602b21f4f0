"""The Events, People, Openers and Promises pages of the window, each built (its modules,
widget and controller) the first time it is shown or asked for; Home is built at start by
``MainWindowController``.

At 10,000 people these four pages took a good part of the start and several MiB, for pages
nobody had looked at yet. The window holds a plain stand-in for each until then. A page is
built when the navigation is about to show it (``MainWindow.page_wanted``), so the stack
switches straight to the filled page, or when code asks for its widget or controller (the tray,
Ctrl+K, a notification, sync): it reads the store as it is then, and follows ``DataChanges``
from then on.

``WindowPages`` is a part of ``MainWindowController`` (its base): ``events``, ``people``,
``openers``, ``promises`` and their ``…_page`` widgets build their page when first read, so
callers need not know whether it was built yet.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from PySide6.QtWidgets import QWidget

from companion.i18n import _
from companion.services.clock import Clock
from companion.services.data.session import Session
from companion.ui.shell.data_changes import DataChanges
from companion.ui.shell.main_window import MainWindow
from companion.ui.shell.page_failure import Unavailable, failed_page, guarded
from companion.ui.shell.pages import PAGES, PageKey

if TYPE_CHECKING:
    from companion.ui.events.events_controller import EventsController
    from companion.ui.events.events_page import EventsPage
    from companion.ui.importing.import_export import ImportExportController
    from companion.ui.openers.openers_controller import OpenersController
    from companion.ui.openers.openers_page import OpenersPage
    from companion.ui.people.people_controller import PeopleController
    from companion.ui.people.people_page import PeoplePage
    from companion.ui.prepare.prepare_windows import PrepareWindows
    from companion.ui.promises.promises_controller import PromisesController
    from companion.ui.promises.promises_page import PromisesPage

Page = TypeVar("Page", bound=QWidget)
Controller = TypeVar("Controller")


class WindowPages:
    """The pages after Home, built on first use."""

    # Set by MainWindowController and WindowDialogs.
    window: MainWindow
    _session: Session
    _changes: DataChanges
    _today: Callable[[], date]
    _now: Clock
    transfer: ImportExportController
    prepare_windows: PrepareWindows
    prepare_event: Callable[[str], None]
    show_person: Callable[[str], None]
    _on_log_met_action_triggered: Callable[[], None]

    def _init_pages(self) -> None:
        """Stand-ins in the window now (after Home), in the order of ``PAGES``."""
        self._built_later: dict[PageKey, LazyPage[Any, Any]] = {}
        self._events = self._later(
            PageKey.EVENTS, self._make_events_page, self._make_events_controller
        )
        self._people = self._later(
            PageKey.PEOPLE, self._make_people_page, self._make_people_controller
        )
        self._openers = self._later(
            PageKey.OPENERS, self._make_openers_page, self._make_openers_controller
        )
        self._promises = self._later(
            PageKey.PROMISES, self._make_promises_page, self._make_promises_controller
        )

    def _later(
        self,
        key: PageKey,
        make_page: Callable[[], Page],
        make_controller: Callable[[Page], Controller],
    ) -> LazyPage[Page, Controller]:
        lazy = LazyPage(
            key,
            self.window,
            folder=self._session.folder,
            make_page=make_page,
            make_controller=make_controller,
        )
        self._built_later[key] = lazy
        return lazy

    def page_built(self, key: PageKey) -> bool:
        """Whether ``key``'s page exists yet (Home always does)."""
        lazy = self._built_later.get(key)
        return lazy is None or lazy.built

    @property
    def events(self) -> EventsController:
        return self._events.controller

    @property
    def events_page(self) -> EventsPage:
        return self._events.page

    @property
    def people(self) -> PeopleController:
        return self._people.controller

    @property
    def people_page(self) -> PeoplePage:
        return self._people.page

    def when_people_built(self, call: Callable[[PeopleController], None]) -> None:
        """``call`` with the People page's controller, now or once the page is built."""
        self._people.when_built(call)

    @property
    def openers(self) -> OpenersController:
        return self._openers.controller

    @property
    def openers_page(self) -> OpenersPage:
        return self._openers.page

    @property
    def promises(self) -> PromisesController:
        return self._promises.controller

    @property
    def promises_page(self) -> PromisesPage:
        return self._promises.page

    def _make_events_page(self) -> EventsPage:
        from companion.ui.events.events_page import EventsPage

        page = EventsPage(import_events=lambda: self.transfer.ask_and_import("events"))
        page.log_met_action.triggered.connect(self._on_log_met_action_triggered)
        return page

    def _make_events_controller(self, page: EventsPage) -> EventsController:
        from companion.ui.events.events_controller import EventsController

        return EventsController(
            page,
            store=self._session.store,
            changes=self._changes,
            undo_stack=self.window.undo_stack,
            now=self._now,
            prepare_event=self.prepare_event,
            review_openers=lambda event_id: self.prepare_windows.review_openers(event_id),
        )

    def _make_people_page(self) -> PeoplePage:
        from companion.ui.people.people_page import PeoplePage

        page = PeoplePage(import_people=lambda: self.transfer.ask_and_import("people"))
        page.context_menu.addAction(self.window.find_duplicates_action)
        page.context_menu.addAction(self.window.merges_action)
        return page

    def _make_people_controller(self, page: PeoplePage) -> PeopleController:
        from companion.ui.people.people_controller import PeopleController

        return PeopleController(
            page,
            store=self._session.store,
            changes=self._changes,
            undo_stack=self.window.undo_stack,
            today=self._today,
        )

    def _make_openers_page(self) -> OpenersPage:
        from companion.ui.openers.openers_page import OpenersPage

        return OpenersPage(on_empty_action=lambda: self.openers.open_new_form())

    def _make_openers_controller(self, page: OpenersPage) -> OpenersController:
        from companion.ui.openers.openers_controller import OpenersController

        return OpenersController(
            page,
            store=self._session.store,
            changes=self._changes,
            undo_stack=self.window.undo_stack,
        )

    def _make_promises_page(self) -> PromisesPage:
        from companion.ui.promises.promises_page import PromisesPage

        return PromisesPage()

    def _make_promises_controller(self, page: PromisesPage) -> PromisesController:
        from companion.ui.promises.promises_controller import PromisesController

        return PromisesController(
            page,
            store=self._session.store,
            changes=self._changes,
            undo_stack=self.window.undo_stack,
            today=self._today,
            show_person=self.show_person,
        )


class LazyPage(Generic[Page, Controller]):
    """One page: its widget (``make_page``) and the controller that fills it
    (``make_controller``), made together on first use.

    As at start before: the widget is made unguarded (it reads no data), the controller is
    guarded; when it raises, the window shows ``failed_page`` in the page's place and the
    controller stands in as ``Unavailable`` (every call does nothing).
    """

    def __init__(
        self,
        key: PageKey,
        window: MainWindow,
        *,
        folder: Path,
        make_page: Callable[[], Page],
        make_controller: Callable[[Page], Controller],
    ) -> None:
        self.key = key
        self._window = window
        self._folder = folder
        self._make_page = make_page
        self._make_controller = make_controller
        self._page: Page | None = None
        self._controller: Controller | None = None
        self._building = False
        self._when_built: list[Callable[[Controller], None]] = []
        window.add_page(key, QWidget())
        window.page_wanted.connect(self._on_page_wanted)

    @property
    def built(self) -> bool:
        return self._controller is not None

    @property
    def page(self) -> Page:
        """The page's widget (kept even when its controller failed, as before)."""
        self.build()
        assert self._page is not None
        return self._page

    @property
    def controller(self) -> Controller:
        self.build()
        assert self._controller is not None
        return self._controller

    def when_built(self, call: Callable[[Controller], None]) -> None:
        """``call(controller)`` now if the page is built, else right after it is."""
        if self._controller is not None:
            call(self._controller)
        else:
            self._when_built.append(call)

    def build(self) -> None:
        if self._controller is not None:
            return
        if self._building:
            # The controller asked for itself while being made: a bug, said plainly.
            raise RuntimeError(f"the {self.key.value} page was asked for while being built")
        self._building = True
        try:
            page = self._page = self._make_page()
            made = guarded(
                lambda: self._make_controller(page),
                folder=self._folder,
                where=f"{self.key.value.capitalize()} page",
            )
        finally:
            self._building = False
        if isinstance(made, Exception):
            title = next(info.title for info in PAGES if info.key is self.key)
            self._controller = cast(Controller, Unavailable())
            self._window.replace_page(self.key, failed_page(_(title), folder=self._folder))
        else:
            self._controller = made
            self._window.replace_page(self.key, page)
        calls, self._when_built = self._when_built, []
        for call in calls:
            call(self._controller)

    def _on_page_wanted(self, key: PageKey) -> None:
        if key is self.key:
            self.build()
