"""The main window: title, pages, keyboard navigation, remembered geometry."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from companion.settings import ColorScheme
from companion.ui.home.home_page import HomePage
from companion.ui.shell.pages import PageKey
from companion.ui.widgets.empty_state import EmptyState
from companion.ui.widgets.theme import Theme
from tests.gui.conftest import RunningWindow


def test_window_is_titled_common_ground(running: RunningWindow) -> None:
    # Given the main window is shown / Then its title is the product name
    assert running.window.windowTitle() == "Common Ground"


def test_navigation_lists_the_pages_and_starts_at_home(running: RunningWindow) -> None:
    # Given a first start
    navigation = running.window.navigation
    # Then the navigation offers the pages, Home selected
    assert [navigation.item(row).text() for row in range(navigation.count())] == [
        "Home",
        "Events",
        "People",
        "Openers",
        "Promises",
    ]
    assert running.window.current_page() is PageKey.HOME
    assert isinstance(running.window.pages.currentWidget(), HomePage)


def test_ctrl_number_switches_pages(running: RunningWindow, qtbot: QtBot) -> None:
    window = running.window
    # When the user presses Ctrl+2, then Ctrl+4, then Ctrl+1
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    # Then Events is shown and selected in the navigation
    assert window.current_page() is PageKey.EVENTS
    assert window.navigation.currentRow() == 1
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() is PageKey.OPENERS
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() is PageKey.HOME


def test_arrow_keys_move_through_the_navigation(running: RunningWindow, qtbot: QtBot) -> None:
    # Given the navigation has the keyboard focus
    navigation = running.window.navigation
    navigation.setFocus()
    qtbot.waitUntil(navigation.hasFocus)
    # When the user presses Down twice, then Up
    qtbot.keyClick(navigation, Qt.Key.Key_Down)
    qtbot.keyClick(navigation, Qt.Key.Key_Down)
    # Then People is shown
    assert running.window.current_page() is PageKey.PEOPLE
    qtbot.keyClick(navigation, Qt.Key.Key_Up)
    assert running.window.current_page() is PageKey.EVENTS


def test_tab_moves_from_the_navigation_into_the_page(running: RunningWindow, qtbot: QtBot) -> None:
    # Given the Events page is shown and the navigation has the focus
    window = running.window
    window.show_page(PageKey.EVENTS)
    window.navigation.setFocus()
    qtbot.waitUntil(window.navigation.hasFocus)
    # When the user presses Tab
    qtbot.keyClick(window.navigation, Qt.Key.Key_Tab)
    # Then the page's first control has the focus
    events_page = running.controller.events_page
    assert window.pages.currentWidget() is events_page
    qtbot.waitUntil(lambda: events_page.isAncestorOf(QApplication.focusWidget()))


def test_every_empty_page_offers_a_first_action(running: RunningWindow) -> None:
    # Openers is never empty: the built-in library is there from the start.
    for key in (PageKey.EVENTS, PageKey.PEOPLE):
        # When the page is shown (with no data yet)
        running.window.show_page(key)
        page = running.window.pages.currentWidget()
        if key is PageKey.EVENTS:
            assert page is running.controller.events_page
            page = running.controller.events_page.empty_state
            assert page.isVisible()
        if key is PageKey.PEOPLE:
            assert page is running.controller.people_page
            page = running.controller.people_page.empty_state
            assert page.isVisible()
        # Then it explains itself and offers an enabled button
        assert isinstance(page, EmptyState)
        assert page.headline.text()
        assert len(page.explanation.text()) > 40
        assert page.action_button.isEnabled()
        assert page.action_button.text().endswith("…")


def test_home_shows_a_welcome_and_todays_date(running: RunningWindow) -> None:
    home = running.window.pages.widget(0)
    assert isinstance(home, HomePage)
    assert home.headline.text() == "Welcome to Common Ground"
    assert home.date_label.text() == "Wednesday, November 25, 2026"


def test_geometry_and_page_are_remembered(
    open_window: Callable[[], RunningWindow], qtbot: QtBot
) -> None:
    # Given a window resized, moved to the People page and closed
    first = open_window()
    first.window.show()
    qtbot.waitExposed(first.window)
    first.window.setGeometry(31, 42, 733, 511)  # inside the 800 x 600 offscreen screen
    first.window.show_page(PageKey.PEOPLE)
    first.window.close()
    first.store.close()
    assert first.settings.current.window_geometry
    # When the window is opened again with the saved settings
    second = open_window()
    second.window.show()
    qtbot.waitExposed(second.window)
    # Then it has the same size and shows the same page
    assert second.window.geometry() == first.window.geometry()
    assert (second.window.width(), second.window.height()) == (733, 511)
    assert second.window.current_page() is PageKey.PEOPLE


def test_theme_switches_between_light_and_dark(qapp: QApplication) -> None:
    # When the dark scheme is chosen, then the light one
    theme = Theme(qapp, ColorScheme.DARK)
    dark_window = qapp.palette().window().color().lightness()
    theme.apply(ColorScheme.LIGHT)
    light_window = qapp.palette().window().color().lightness()
    theme.apply(ColorScheme.SYSTEM)
    # Then the window background follows
    assert dark_window < 80 < 200 < light_window


def test_primary_buttons_are_marked_for_the_accent_style(running: RunningWindow) -> None:
    buttons = running.window.findChildren(QPushButton)
    assert any(button.property("primary") for button in buttons)
