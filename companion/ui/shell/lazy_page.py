"""A page of the main window built the first time it is shown or asked for, not at start.

At 10,000 people the Events, People, Openers and Promises pages (their modules, widgets,
models and controllers) took a good part of the start and several MiB, for pages nobody had
looked at yet. The window holds a plain stand-in for each until then. The page is built when
the navigation is about to show it (``MainWindow.page_wanted``), so the stack switches straight
to the filled page, or when code asks for its widget or controller (the tray, Ctrl+K, a
notification, sync): it reads the store as it is then, and follows ``DataChanges`` from then on.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar, cast

from PySide6.QtWidgets import QWidget

from companion.i18n import _
from companion.ui.shell.main_window import MainWindow
from companion.ui.shell.page_failure import Unavailable, failed_page, guarded
from companion.ui.shell.pages import PAGES, PageKey

Page = TypeVar("Page", bound=QWidget)
Controller = TypeVar("Controller")


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
