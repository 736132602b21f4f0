"""Events, People, Openers and Promises are built the first time they are shown or asked for,
not at start; the user sees no difference (filled at once, failures shown, changes and Undo)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from companion import paths
from companion.domain.events import Event
from companion.domain.people import Person, Promise
from companion.services.changes import ChangeSet
from companion.services.people.people import save_person
from companion.services.search.everything_search import ResultKind
from companion.ui.home.home_page import HomePage
from companion.ui.shell.page_failure import FailedPage
from companion.ui.shell.pages import PAGES, PageKey
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS, TODAY, RunningWindow

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS)

LATER = (PageKey.EVENTS, PageKey.PEOPLE, PageKey.OPENERS, PageKey.PROMISES)
GO_NIGHT = Event(id="go", title="Go club night", start=datetime(2026, 11, 20, 18, tzinfo=UTC))


@pytest.fixture
def forget_undo_history(running: RunningWindow) -> Iterator[None]:
    """The stack outlives the window (its parent is the app): leave it empty for the next test."""
    yield
    running.window.undo_stack.clear()


def _widget(running: RunningWindow, key: PageKey) -> object:
    return running.window.pages.widget([info.key for info in PAGES].index(key))


def _names(running: RunningWindow) -> list[str]:
    proxy = running.controller.people.proxy
    return sorted(str(proxy.index(row, 0).data()) for row in range(proxy.rowCount()))


def test_the_window_controller_module_does_not_load_the_pages_after_home() -> None:
    # Given a fresh interpreter
    # When it imports the window controller (as the start does, to show the data)
    pages = [
        f"companion.ui.{package}.{package}_{part}"
        for package in ("events", "people", "openers", "promises")
        for part in ("page", "controller")
    ]
    probe = (
        "import sys; import companion.ui.shell.window_controller; "
        f"print(sorted(m for m in {pages!r} if m in sys.modules))"
    )
    found = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    # Then none of the four pages' widgets or controllers came with it
    assert found.strip() == "[]"


def test_at_start_only_home_is_built(running: RunningWindow) -> None:
    # Given a window just opened at Home
    # Then Home is built, and the other pages are stand-ins with no controller yet
    assert isinstance(running.window.pages.currentWidget(), HomePage)
    assert running.controller.page_built(PageKey.HOME)
    for key in LATER:
        assert not running.controller.page_built(key), key
        assert type(_widget(running, key)).__name__ == "QWidget", key


def test_choosing_people_shows_the_filled_page_at_once(
    running: RunningWindow, qtbot: QtBot
) -> None:
    # Given people saved while the People page was not built
    for name in ("Ada Lovelace", "Ben Okri", "Cleo Park"):
        running.changes.announce(save_person(running.store, Person(name=name)))
    shown: list[str] = []
    pages = running.window.pages
    pages.currentChanged.connect(lambda index: shown.append(type(pages.widget(index)).__name__))
    # When the user chooses People in the navigation
    running.window.activateWindow()
    qtbot.waitUntil(running.window.isActiveWindow)
    qtbot.keyClick(running.window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    # Then the stack switched straight to the built page (never to the stand-in), filled
    assert shown == ["PeoplePage"]
    assert pages.currentWidget() is running.controller.people_page
    assert running.controller.people_page.isVisible()
    assert _names(running) == ["Ada Lovelace", "Ben Okri", "Cleo Park"]
    # And its context menu offers the window's People actions, as before
    menu = running.controller.people_page.context_menu.actions()
    assert running.window.find_duplicates_action in menu
    assert running.window.merges_action in menu
    # And a change after that refreshes it as before
    running.changes.announce(save_person(running.store, Person(name="Dan Brown")))
    assert "Dan Brown" in _names(running)


def test_show_person_builds_and_shows_the_people_page(running: RunningWindow) -> None:
    # Given a person, and the People page not built (the tray, a notification, Home ask)
    running.changes.announce(save_person(running.store, Person(id="ada", name="Ada Lovelace")))
    # When their page is asked for
    running.controller.show_person("ada")
    # Then People is built and shown with the person's own page open
    assert running.window.current_page() is PageKey.PEOPLE
    page = running.controller.people_page
    assert running.window.pages.currentWidget() is page
    assert page.showing_person()
    assert running.controller.people.person.person.id == "ada"
    assert not running.controller.page_built(PageKey.EVENTS)


def test_ctrl_k_choosing_an_event_builds_and_shows_the_events_page(
    running: RunningWindow,
) -> None:
    # Given an event, and the Events page not built
    running.store.events.put(GO_NIGHT)
    running.changes.announce(ChangeSet(reset=True))
    # When Ctrl+K's search chooses it
    running.controller._on_search_dialog_chosen(ResultKind.EVENT, "go")
    # Then Events is shown with the event selected
    assert running.window.pages.currentWidget() is running.controller.events_page
    selected = running.controller.events.selected_event()
    assert selected is not None and selected.id == "go"


def test_show_promises_builds_the_page_with_its_list_focused(
    running: RunningWindow, qtbot: QtBot
) -> None:
    # Given an open promise, and the Promises page not built
    running.store.people.put(Person(id="ada", name="Ada Lovelace"))
    running.store.promises.put(Promise(id="map", person_id="ada", text="Send the map", due=TODAY))
    running.changes.announce(ChangeSet(reset=True))
    # When the promises are asked for (Home, the tray, Ctrl+K)
    running.controller.show_promises()
    # Then the page is shown, filled, its list focused
    page = running.controller.promises_page
    assert running.window.pages.currentWidget() is page
    assert [item.text for item in running.controller.promises.visible_promises()] == [
        "Send the map"
    ]
    qtbot.waitUntil(page.table_view.hasFocus)


def test_a_people_controller_that_fails_shows_the_failed_page_when_first_shown(
    running: RunningWindow, gui_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a People controller that raises while it is built (data it cannot show)
    from companion.ui.people import people_controller

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("year 9999 is out of range")

    monkeypatch.setattr(people_controller.PeopleController, "__init__", broken)
    # When People is shown for the first time
    running.window.show_page(PageKey.PEOPLE)
    # Then the page says it cannot be shown, and why is logged for the user
    page = running.window.pages.currentWidget()
    assert isinstance(page, FailedPage)
    assert page.headline.text() == "People cannot be shown"
    log = paths.failure_log_file(gui_data_dir).read_text(encoding="utf-8")
    assert "People page failed" in log
    # And code asking for the page goes on working (its calls do nothing)
    running.controller.show_person("nobody")
    assert running.window.current_page() is PageKey.PEOPLE
    # And the other pages still build and show
    running.window.show_page(PageKey.OPENERS)
    assert running.window.pages.currentWidget() is running.controller.openers_page


def test_sync_delete_check_reaches_the_people_page_when_it_is_built(
    running: RunningWindow,
) -> None:
    # Given a check registered before the People page was built (sync, at start)
    seen: list[object] = []
    running.controller.when_people_built(seen.append)
    assert seen == []
    # When the page is built
    running.window.show_page(PageKey.PEOPLE)
    # Then the check was given its controller, once
    assert seen == [running.controller.people]
    running.window.show_page(PageKey.HOME)
    running.window.show_page(PageKey.PEOPLE)
    assert len(seen) == 1


@pytest.mark.usefixtures("forget_undo_history")
def test_done_on_home_then_undo_shows_on_a_promises_page_built_in_between(
    running: RunningWindow, qtbot: QtBot
) -> None:
    # Given a promise marked done on Home while the Promises page was not built
    running.store.people.put(Person(id="ada", name="Ada Lovelace"))
    running.store.promises.put(Promise(id="map", person_id="ada", text="Send the map", due=TODAY))
    home = running.window.pages.widget(0)
    assert isinstance(home, HomePage)
    home.refresh()
    assert home.promises is not None
    (card,) = home.promises.cards
    qtbot.mouseClick(card.done_button, Qt.MouseButton.LeftButton)
    # When the Promises page is shown, and then Ctrl+Z pressed
    running.controller.show_promises()
    texts: Callable[[], list[str]] = lambda: [  # noqa: E731 - read twice below
        item.text for item in running.controller.promises.visible_promises()
    ]
    assert texts() == []
    running.window.activateWindow()
    qtbot.waitUntil(running.window.isActiveWindow)
    qtbot.keyClick(running.window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    # Then the promise is open again, on the page too
    qtbot.waitUntil(lambda: texts() == ["Send the map"])


def test_a_restored_last_page_is_built_at_start_and_no_other(
    open_window: Callable[[], RunningWindow],
) -> None:
    # Given a window last closed on the Openers page
    first = open_window()
    first.window.show_page(PageKey.OPENERS)
    first.window.close()
    first.store.close()
    # When the window opens again
    again = open_window()
    # Then Openers is built and shown; Events, People and Promises wait
    built = [key for key in LATER if again.controller.page_built(key)]
    assert built == [PageKey.OPENERS]
    assert again.window.pages.currentWidget() is again.controller.openers_page
