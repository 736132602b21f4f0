"""The Promises view: every open promise by due date, Done / Snooze / Drop, filters (issue 17)."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from companion.domain.events import Event
from companion.domain.people import Encounter, Person, Promise, PromiseStatus
from companion.services.changes import ChangeSet
from companion.ui.home.home_page import HomePage
from companion.ui.shell.pages import PageKey
from companion.ui.shell.saved_settings import SavedSettings
from companion.ui.tray.tray import Tray
from companion.ui.tray.tray_agenda import TrayAgenda
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS, TODAY, RunningWindow

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS)

GO_NIGHT = Event(id="go", title="Go club night", start=datetime(2026, 11, 20, 18, tzinfo=UTC))


@pytest.fixture
def filled(running: RunningWindow) -> RunningWindow:
    store = running.store
    store.events.put(GO_NIGHT)
    store.people.put(Person(id="ada", name="Ada Lovelace"))
    store.people.put(Person(id="ben", name="Ben Okri"))
    store.encounters.put(Encounter(person_id="ben", on=GO_NIGHT.start.date(), event_id="go"))
    store.promises.put(
        Promise(id="later", person_id="ada", text="Intro to Cleo", due=TODAY + timedelta(20))
    )
    store.promises.put(
        Promise(id="late", person_id="ben", text="Lend the Go book", due=TODAY - timedelta(2))
    )
    store.promises.put(Promise(id="someday", person_id="ada", text="Knit a scarf"))
    store.promises.put(
        Promise(id="soon", person_id="ben", text="Send the joseki link", due=TODAY + timedelta(2))
    )
    store.promises.put(
        Promise(id="kept", person_id="ada", text="Old", due=TODAY, status=PromiseStatus.DONE)
    )
    running.changes.announce(ChangeSet(reset=True))
    return running


def _texts(running: RunningWindow) -> list[str]:
    return [item.text for item in running.controller.promises.visible_promises()]


def _go_to_promises(qtbot: QtBot, running: RunningWindow) -> None:
    running.window.activateWindow()
    qtbot.waitUntil(running.window.isActiveWindow)
    qtbot.keyClick(running.window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert running.window.current_page() is PageKey.PROMISES


def test_every_open_promise_is_listed_by_due_date(qtbot: QtBot, filled: RunningWindow) -> None:
    # When Ctrl+5 opens the Promises page
    _go_to_promises(qtbot, filled)
    # Then every open promise is there, the overdue one first and the undated one last
    assert _texts(filled) == [
        "Lend the Go book",
        "Send the joseki link",
        "Intro to Cleo",
        "Knit a scarf",
    ]
    model = filled.controller.promises.proxy
    assert model.index(0, 0).data() == "2 days overdue"
    assert model.index(3, 0).data() == "No due date"
    assert model.index(0, 2).data() == "Ben Okri"
    if os.environ.get("COMPANION_SCREENSHOT_DIR"):
        filled.window.resize(1040, 680)
        filled.window.grab().save(f"{os.environ['COMPANION_SCREENSHOT_DIR']}/promises.png")


def test_done_snooze_and_drop_act_on_the_selected_promise_and_undo(
    qtbot: QtBot, filled: RunningWindow
) -> None:
    # Given the page, the overdue promise selected
    _go_to_promises(qtbot, filled)
    page = filled.controller.promises_page
    # When Done is clicked
    qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    # Then it is kept, off the list, and the next one is selected
    done = filled.store.promises.get("late")
    assert done is not None and done.status is PromiseStatus.DONE
    assert "Lend the Go book" not in _texts(filled)
    selected = filled.controller.promises.selected_promise()
    assert selected is not None and selected.promise_id == "soon"
    # When Snooze is clicked, then Drop on the promise after it
    qtbot.mouseClick(page.snooze_button, Qt.MouseButton.LeftButton)
    snoozed = filled.store.promises.get("soon")  # due in 2 days: a week past that
    assert snoozed is not None and snoozed.due == TODAY + timedelta(
        days=9
    )  # a week past its own date
    filled.controller.promises.select_promise("someday")
    qtbot.mouseClick(page.drop_button, Qt.MouseButton.LeftButton)
    dropped = filled.store.promises.get("someday")
    assert dropped is not None and dropped.status is PromiseStatus.DROPPED
    # When Ctrl+Z is pressed three times
    for _time in range(3):
        filled.window.undo_action.trigger()
    # Then all three promises are open as before
    assert _texts(filled) == [
        "Lend the Go book",
        "Send the joseki link",
        "Intro to Cleo",
        "Knit a scarf",
    ]


def test_filters_by_person_and_by_event(qtbot: QtBot, filled: RunningWindow) -> None:
    # Given the page
    _go_to_promises(qtbot, filled)
    page = filled.controller.promises_page
    # When Ada is chosen in the person filter
    page.person_combo.setCurrentIndex(page.person_combo.findText("Ada Lovelace"))
    # Then only her promises are listed
    assert _texts(filled) == ["Intro to Cleo", "Knit a scarf"]
    # When everyone is shown again and the Go club night chosen as the event
    page.person_combo.setCurrentIndex(0)
    page.event_combo.setCurrentIndex(page.event_combo.findData("go"))
    # Then the promises to people met there are listed
    assert _texts(filled) == ["Lend the Go book", "Send the joseki link"]
    # When Ada is chosen too, nothing matches and the page says so
    page.person_combo.setCurrentIndex(page.person_combo.findText("Ada Lovelace"))
    assert _texts(filled) == []
    assert page.empty_label.text() == "No open promise matches the filters."


def test_a_long_event_title_keeps_the_filters_inside_the_window(
    qtbot: QtBot, filled: RunningWindow
) -> None:
    # Given a promise to someone met at an event with a very long title
    long_title = "Community gardens autumn workday and potluck, " * 4
    filled.store.events.put(Event(id="long", title=long_title, start=GO_NIGHT.start))
    filled.store.encounters.put(
        Encounter(person_id="ada", on=GO_NIGHT.start.date(), event_id="long")
    )
    filled.changes.announce(ChangeSet(reset=True))
    # When the page is shown in the window at its default size
    filled.window.resize(1040, 680)
    _go_to_promises(qtbot, filled)
    page = filled.controller.promises_page
    assert page.event_combo.findData("long") >= 0
    # Then the event filter asks for the room of a name, not of its longest entry (which put
    # its right end past the window's edge), and ends inside the window
    combo = page.event_combo
    window = filled.window
    assert combo.sizeHint().width() < window.width() // 3
    window.grab()
    QApplication.processEvents()
    assert combo.mapTo(window, combo.rect().topRight()).x() < window.width()
    # And its list still holds the whole title
    assert combo.itemText(combo.findData("long")).startswith("Community gardens")


def test_reached_from_home_and_from_ctrl_k(qtbot: QtBot, filled: RunningWindow) -> None:
    # Given Home
    filled.window.show_page(PageKey.HOME)
    home = filled.window.pages.widget(0)
    assert isinstance(home, HomePage) and home.promises is not None
    # When "All promises…" is clicked under Home's promises
    qtbot.mouseClick(home.promises.all_button, Qt.MouseButton.LeftButton)
    # Then the Promises page shows
    assert filled.window.current_page() is PageKey.PROMISES
    # When, back on Home, Ctrl+K is pressed, "prom" typed and Enter pressed
    filled.window.show_page(PageKey.HOME)
    filled.window.activateWindow()
    qtbot.waitUntil(filled.window.isActiveWindow)
    qtbot.keyClick(filled.window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: filled.controller.search_dialog.dialog is not None)
    dialog = filled.controller.search_dialog.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.query_edit.hasFocus)
    qtbot.keyClicks(dialog.query_edit, "prom")
    qtbot.keyClick(dialog.query_edit, Qt.Key.Key_Return)
    # Then the Promises page shows again
    assert filled.window.current_page() is PageKey.PROMISES


@pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS, "This plugin does not support raise")
def test_the_tray_and_home_count_the_same_promises(
    qtbot: QtBot, filled: RunningWindow, tmp_path: Path
) -> None:
    # Given Home, and the tray's agenda over the same data (promises overdue and due in 2 days)
    home = filled.window.pages.widget(0)
    assert isinstance(home, HomePage) and home.promises is not None
    holder = QWidget()
    qtbot.addWidget(holder)
    tray = Tray(holder, settings=SavedSettings(tmp_path / "tray-settings.json"))
    opened: list[str] = []
    TrayAgenda(
        tray,
        store=filled.store,
        changes=filled.changes,
        today=lambda: TODAY,
        now=lambda: datetime(2026, 11, 25, 12, tzinfo=UTC),
        prepare_event=opened.append,
        show_person=opened.append,
        show_home=lambda: opened.append("home"),
        show_promises=filled.controller.show_promises,
    )
    # Then both say two
    assert len(home.promises.cards) == 2
    assert tray.promises_menu.menuAction().text() == "Promises due (2)"
    # When "All promises…" is chosen in the tray
    tray.promises_menu.actions()[-1].trigger()
    # Then the Promises view lists those two among the rest
    assert filled.window.current_page() is PageKey.PROMISES
    assert {"Lend the Go book", "Send the joseki link"} <= set(_texts(filled))


def test_arriving_by_keyboard_the_first_promise_is_chosen_and_the_arrows_move(
    qtbot: QtBot, filled: RunningWindow
) -> None:
    # When Ctrl+5 opens the page
    _go_to_promises(qtbot, filled)
    page = filled.controller.promises_page
    # Then the list has the keys, on the first (most urgent) promise
    qtbot.waitUntil(page.table_view.hasFocus)
    assert page.table_view.currentIndex().row() == 0
    # And Down moves to the next one
    qtbot.keyClick(page.table_view, Qt.Key.Key_Down)
    assert page.table_view.currentIndex().row() == 1


def test_the_promises_are_read_when_the_page_is_first_shown(
    qtbot: QtBot, filled: RunningWindow
) -> None:
    # Given the window on Home, with open promises in the store
    assert filled.window.current_page() is PageKey.HOME
    # Then the hidden Promises page has not read them (it would slow every start)
    assert filled.controller.promises.model.rowCount() == 0
    # When Ctrl+5 opens it
    _go_to_promises(qtbot, filled)
    # Then they are there
    assert filled.controller.promises.model.rowCount() == 4
