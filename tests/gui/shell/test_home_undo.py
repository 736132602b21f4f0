"""Done and Snooze on Home go on the window's undo stack; Ctrl+Z undoes exactly them (issue 17)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from companion.domain.people import Person, Promise, PromiseStatus
from companion.ui.home.home_page import HomePage
from companion.ui.shell.pages import PageKey
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS, TODAY, RunningWindow

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS)


def _home_with_a_promise(running: RunningWindow, text: str = "Send the route map") -> HomePage:
    running.store.people.put(Person(id="ada", name="Ada Lovelace"))
    running.store.promises.put(Promise(id="map", person_id="ada", text=text, due=TODAY))
    home = running.window.pages.widget(0)
    assert isinstance(home, HomePage)
    home.refresh()
    running.window.show_page(PageKey.HOME)
    return home


def _press_ctrl_z(qtbot: QtBot, running: RunningWindow) -> None:
    running.window.activateWindow()
    qtbot.waitUntil(running.window.isActiveWindow)
    qtbot.keyClick(running.window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def test_done_on_home_is_undone_by_ctrl_z(qtbot: QtBot, running: RunningWindow) -> None:
    # Given a promise due today on Home
    home = _home_with_a_promise(running)
    assert home.promises is not None
    (card,) = home.promises.cards
    # When Done is clicked
    qtbot.mouseClick(card.done_button, Qt.MouseButton.LeftButton)
    promise = running.store.promises.get("map")
    assert promise is not None and promise.status is PromiseStatus.DONE
    # Then Edit > Undo names it, and Ctrl+Z opens the promise again
    assert running.window.undo_action.text().endswith("Mark “Send the route map” done")
    _press_ctrl_z(qtbot, running)
    promise = running.store.promises.get("map")
    assert promise is not None and promise.status is PromiseStatus.OPEN
    qtbot.waitUntil(lambda: [c.done_button.isVisible() for c in home.promises.cards] == [True])


def test_ctrl_z_after_snooze_undoes_the_snooze_and_not_an_older_change(
    qtbot: QtBot, running: RunningWindow
) -> None:
    # Given an earlier, unrelated change on the undo stack (Ben added on the People page)
    home = _home_with_a_promise(running)
    running.controller.people._push(
        running.controller.people._add_command(Person(id="ben", name="Ben Okri"))
    )
    assert running.store.people.get("ben") is not None
    assert home.promises is not None
    (card,) = home.promises.cards
    # When Snooze is clicked on Home, then Ctrl+Z pressed
    qtbot.mouseClick(card.snooze_button, Qt.MouseButton.LeftButton)
    snoozed = running.store.promises.get("map")
    assert snoozed is not None and snoozed.due is not None and snoozed.due > TODAY
    _press_ctrl_z(qtbot, running)
    # Then the promise is due today again, and Ben is still there
    promise = running.store.promises.get("map")
    assert promise is not None and promise.due == TODAY
    assert running.store.people.get("ben") is not None


def test_the_undo_menu_shows_an_ampersand_in_a_title(qtbot: QtBot, running: RunningWindow) -> None:
    # Given a promise with "&" in it, marked done on Home
    home = _home_with_a_promise(running, text="Maps & tips")
    assert home.promises is not None
    (card,) = home.promises.cards
    qtbot.mouseClick(card.done_button, Qt.MouseButton.LeftButton)
    # Then the Undo entry keeps the "&" (doubled, so Qt shows it instead of underlining)
    assert "Maps && tips" in running.window.undo_action.text()
    stack = running.window.undo_stack
    assert stack.command(stack.index() - 1).text() == "Mark “Maps & tips” done"


def test_a_snooze_is_due_a_few_days_out(running: RunningWindow) -> None:
    # Given / When a promise is snoozed on Home
    home = _home_with_a_promise(running)
    assert home.promises is not None
    home.promises.snooze("map")
    # Then its due date moved into the future (and is undoable)
    promise = running.store.promises.get("map")
    assert promise is not None and promise.due is not None
    assert TODAY < promise.due <= TODAY + timedelta(days=14)
    assert running.window.undo_stack.canUndo()
