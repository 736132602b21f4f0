"""The main flows end to end in one app instance, by keyboard where a person would use it.

First start → welcome → import events → prepare the next one → quick capture → the person's
page → a promise done → search → undo (issue 17).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from companion.domain.people import PromiseStatus
from companion.ui.shell.pages import PageKey
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS, RunningWindow

pytestmark = pytest.mark.qt_log_ignore(
    OFFSCREEN_SIZE_HINTS,
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",
)

CALENDAR = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tests//EN\r\n"
    "BEGIN:VEVENT\r\nUID:go@x\r\nDTSTAMP:20261101T090000Z\r\n"
    "DTSTART:20270115T180000Z\r\nDTEND:20270115T210000Z\r\n"
    "SUMMARY:Go club night\r\nLOCATION:Café Müller\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def _enter(qtbot: QtBot, window: QWidget) -> None:
    """Enter where the keyboard focus is (in ``window``, when no widget has it offscreen)."""
    focused = QApplication.focusWidget()
    qtbot.keyClick(
        focused if focused is not None and focused.window() is window else window, Qt.Key.Key_Return
    )


def _keys(
    qtbot: QtBot, running: RunningWindow, key: Qt.Key, modifiers: Qt.KeyboardModifier
) -> None:
    running.window.activateWindow()
    qtbot.waitUntil(running.window.isActiveWindow)
    qtbot.keyClick(running.window, key, modifiers)


def _search_and_open(qtbot: QtBot, running: RunningWindow, text: str) -> None:
    _keys(qtbot, running, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: running.controller.search_dialog.dialog is not None)
    dialog = running.controller.search_dialog.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.query_edit.hasFocus)
    qtbot.keyClicks(dialog.query_edit, text)
    qtbot.keyClick(dialog.query_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_first_start_to_undo_in_one_app(
    qtbot: QtBot,
    open_window: Callable[[], RunningWindow],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given a first start: no data, the welcome not yet seen
    running = open_window()
    running.window.show()
    qtbot.waitExposed(running.window)
    assert not running.settings.current.welcome_shown
    calendar = tmp_path / "meetup.ics"
    calendar.write_text(CALENDAR, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(calendar), ""))

    # Welcome: Enter goes on; an interest picked; it ends by importing events
    profile = running.controller.profile
    profile.open_welcome()
    welcome = profile.welcome_dialog.dialog
    assert welcome is not None
    qtbot.waitExposed(welcome)
    _enter(qtbot, welcome)
    assert welcome.step() == 1
    welcome.picker.set_check("board-games", True)
    qtbot.mouseClick(welcome.next_button, Qt.MouseButton.LeftButton)
    _enter(qtbot, welcome)
    assert welcome.next_button.text() == "Import your events…"
    _enter(qtbot, welcome)
    qtbot.waitUntil(lambda: profile.welcome_dialog.dialog is None)
    assert running.settings.current.welcome_shown

    # Import: the preview opens on the chosen calendar; Import adds the event
    flow = running.controller.transfer.calendar_import
    assert flow is not None and flow.dialog is not None
    preview = flow.dialog
    qtbot.waitUntil(lambda: preview.model is not None)
    with qtbot.waitSignal(running.changes.changed):
        preview.import_button.click()
    (event,) = running.store.events
    assert event.title == "Go club night"

    # Prepare: the next event's Prepare window opens
    prepare = running.controller.prepare_windows.prepare(event.id)
    assert prepare is not None
    qtbot.waitExposed(prepare)
    prepare.close()

    # Capture: Ctrl+Shift+N, a name, a note, a promise due today, Enter
    _keys(
        qtbot,
        running,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: running.controller.capture_dialog.dialog is not None)
    capture = running.controller.capture_dialog.dialog
    assert capture is not None
    qtbot.waitUntil(capture.name_edit.hasFocus)
    qtbot.keyClicks(capture.name_edit, "Ada Lovelace")
    qtbot.keyClick(capture.name_edit, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClicks(capture.note_edit, "Plays Go, 5 dan")
    qtbot.keyClick(capture.note_edit, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClicks(capture.promised_edit, "Send the joseki book")
    qtbot.keyClick(capture.promised_edit, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClicks(capture.due_edit, "2026-11-25")
    with qtbot.waitSignal(capture.captured):
        qtbot.keyClick(capture.due_edit, Qt.Key.Key_Return)
    (ada,) = running.store.people
    (promise,) = running.store.promises

    # Person page: Ctrl+K, her name, Enter
    _search_and_open(qtbot, running, "ada")
    people = running.controller.people
    assert running.window.current_page() is PageKey.PEOPLE
    assert people.page.showing_person()
    assert people.person.person is not None and people.person.person.id == ada.id

    # Promise done, from her page
    page = people.page.person_page
    with qtbot.waitSignal(running.changes.changed):
        page.promise_buttons[(promise.id, "done")].click()
    done = running.store.promises.get(promise.id)
    assert done is not None and done.status is PromiseStatus.DONE

    # Search: a word of the promise finds her again; the Promises page no longer lists it
    running.window.show_page(PageKey.HOME)
    _search_and_open(qtbot, running, "joseki")
    assert people.page.showing_person()
    _keys(qtbot, running, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert running.controller.promises.visible_promises() == []

    # Undo: Ctrl+Z opens the promise again, and the Promises page lists it
    _keys(qtbot, running, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    reopened = running.store.promises.get(promise.id)
    assert reopened is not None and reopened.status is PromiseStatus.OPEN
    assert [item.promise_id for item in running.controller.promises.visible_promises()] == [
        promise.id
    ]
