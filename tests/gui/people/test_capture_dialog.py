"""The quick-capture dialog, driven with real key presses (offscreen Qt)."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from companion.domain.events import Event
from companion.domain.interests import Interest
from companion.domain.people import Person
from companion.storage.store import Store
from companion.ui.capture.capture_dialog import CaptureDialog
from companion.ui.shell.data_changes import DataChanges
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS, TODAY, RunningWindow

#: The offscreen platform cannot raise windows; on a desktop ``raise_()`` works.
OFFSCREEN_RAISE = "This plugin does not support raise"
NOW = datetime(2026, 11, 25, 21, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "capture-data")
    yield opened
    opened.close()


def _dialog(qtbot: QtBot, store: Store, changes: DataChanges | None = None) -> CaptureDialog:
    dialog = CaptureDialog(
        store=store, changes=changes or DataChanges(), today=lambda: TODAY, now=lambda: NOW
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.name_edit.hasFocus())
    return dialog


def test_dialog_is_small_on_top_and_focused_on_the_name(qtbot: QtBot, store: Store) -> None:
    # When the dialog opens
    dialog = _dialog(qtbot, store)
    # Then it is titled, stays on top and the name field has the focus
    assert "Quick capture" in dialog.windowTitle()
    assert dialog.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert dialog.name_edit.hasFocus()
    assert dialog.width() < 700


def test_typing_and_enter_stores_the_capture(qtbot: QtBot, store: Store) -> None:
    # Given an event that ended an hour ago, and the dialog
    event = Event(
        title="Climbing meetup",
        start=NOW - timedelta(hours=3),
        end=NOW - timedelta(hours=1),
        interests=("climbing",),
    )
    store.interests.put(Interest(slug="climbing", label="Climbing"))
    store.events.put(event)
    changes = DataChanges()
    dialog = _dialog(qtbot, store, changes)
    # Then that event is pre-selected, with its interests filled in
    assert dialog.event_combo.currentData() == event.id
    assert dialog.interest_chips.chosen() == ["climbing"]
    # When a name, a note, an offer and a due date are typed and Enter is pressed
    qtbot.keyClicks(dialog.name_edit, "Ada Lovelace")
    qtbot.keyClicks(dialog.note_edit, "Builds route-setting software")
    qtbot.keyClicks(dialog.promised_edit, "Intro to Grace")
    qtbot.keyClicks(dialog.due_edit, "Fri")
    assert dialog.due_hint.text()
    with qtbot.waitSignals([dialog.captured, changes.changed]):
        qtbot.keyClick(dialog.due_edit, Qt.Key.Key_Return)
    # Then the dialog closed and everything is stored
    assert not dialog.isVisible()
    [person] = store.people.all()
    [encounter] = store.encounters.all()
    [promise] = store.promises.all()
    assert person.name == "Ada Lovelace"
    assert person.interests == ("climbing",)
    assert (encounter.note, encounter.event_id) == ("Builds route-setting software", event.id)
    assert (promise.text, promise.due) == ("Intro to Grace", date(2026, 11, 27))


def test_escape_stores_nothing(qtbot: QtBot, store: Store) -> None:
    # Given a dialog with a name typed
    dialog = _dialog(qtbot, store)
    qtbot.keyClicks(dialog.name_edit, "Ada")
    # When Esc is pressed
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Escape)
    # Then nothing was stored
    assert not store.people.all()
    assert not store.encounters.all()


def test_an_empty_name_gets_a_clear_message(qtbot: QtBot, store: Store) -> None:
    dialog = _dialog(qtbot, store)
    # When Enter is pressed with no name
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    # Then the dialog stays open and says what is missing
    assert dialog.isVisible()
    assert dialog.error_label.isVisible()
    assert "name" in dialog.error_label.text()
    assert not store.people.all()


def test_a_bad_due_date_keeps_the_dialog_open(qtbot: QtBot, store: Store) -> None:
    dialog = _dialog(qtbot, store)
    qtbot.keyClicks(dialog.name_edit, "Ada")
    qtbot.keyClicks(dialog.promised_edit, "A book")
    qtbot.keyClicks(dialog.due_edit, "someday")
    # When Enter is pressed
    qtbot.keyClick(dialog.due_edit, Qt.Key.Key_Return)
    # Then the message names the text and nothing is stored
    assert dialog.isVisible()
    assert "someday" in dialog.error_label.text()
    assert dialog.due_edit.hasFocus()
    assert not store.people.all()


def test_a_similar_name_offers_to_add_to_that_person(qtbot: QtBot, store: Store) -> None:
    # Given Zoë in the log
    zoe = Person(name="Zoë Ångström")
    store.people.put(zoe)
    dialog = _dialog(qtbot, store)
    # When "zoe" is typed and Enter pressed at once
    qtbot.keyClicks(dialog.name_edit, "zoe")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    # Then nothing is saved yet: the dialog offers "Add to Zoë Ångström" or "New person"
    assert dialog.isVisible()
    assert dialog.matches.isVisible()
    labels = [button.text() for button in dialog.match_buttons.buttons()]
    assert labels == ["New person", "Add to Zoë Ångström"]
    assert len(store.people) == 1
    # When "Add to" is chosen and Enter pressed again
    dialog.match_buttons.buttons()[1].setChecked(True)
    with qtbot.waitSignal(dialog.captured):
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    # Then the encounter belongs to Zoë and no duplicate was made
    assert len(store.people) == 1
    assert [encounter.person_id for encounter in store.encounters] == [zoe.id]


def test_suggestions_appear_while_typing(qtbot: QtBot, store: Store) -> None:
    store.people.put(Person(name="Jörg Müller"))
    dialog = _dialog(qtbot, store)
    # When a similar name is typed (no Enter)
    qtbot.keyClicks(dialog.name_edit, "jorg muller")
    # Then the suggestion shows up after a short pause, the exact name chosen for the user
    qtbot.waitUntil(dialog.matches.isVisible)
    assert dialog.chosen_person_id() == store.people.all()[0].id


def test_a_failed_save_keeps_the_text_and_says_why(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = _dialog(qtbot, store)
    qtbot.keyClicks(dialog.name_edit, "Ada")
    qtbot.keyClicks(dialog.note_edit, "Do not lose me")

    # Given a full disk
    def failing_write(descriptor: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", failing_write)
    # When Enter is pressed
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return)
    monkeypatch.undo()
    # Then the dialog stays open with the text, says why, and nothing is stored
    assert dialog.isVisible()
    assert dialog.note_edit.text() == "Do not lose me"
    assert os.strerror(errno.ENOSPC) in dialog.error_label.text()
    assert not store.people.all()
    # And once the disk is back, Enter saves it
    with qtbot.waitSignal(dialog.captured):
        qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return)
    assert [person.name for person in store.people] == ["Ada"]


@pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS, OFFSCREEN_RAISE)
def test_ctrl_shift_n_in_the_window_opens_quick_capture(
    qtbot: QtBot, running: RunningWindow, qapp: QApplication
) -> None:
    # When Ctrl+Shift+N is pressed in the main window
    qtbot.keyClick(
        running.window,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    # Then the quick-capture dialog is shown
    qtbot.waitUntil(lambda: running.controller.capture_dialog.dialog is not None)
    dialog = running.controller.capture_dialog.dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    assert "Quick capture" in dialog.windowTitle()
    dialog.reject()


@pytest.mark.qt_log_ignore(
    OFFSCREEN_SIZE_HINTS, OFFSCREEN_RAISE, "This plugin does not support grabbing the keyboard"
)
def test_interest_chips_come_from_the_event_and_can_be_toggled_and_added(
    qtbot: QtBot, store: Store
) -> None:
    # Given an event about board games and climbing (built-in interests) that just ended
    event = Event(
        title="Boulder & board games",
        start=NOW - timedelta(hours=2),
        end=NOW - timedelta(minutes=30),
        interests=("board-games", "climbing"),
    )
    store.events.put(event)
    dialog = _dialog(qtbot, store)
    chips = dialog.interest_chips
    # Then both are chips, checked
    assert chips.chosen() == ["board-games", "climbing"]
    # When climbing is toggled off, a catalogue label and a new one are typed in the add field
    chips.toggle("climbing")
    qtbot.keyClicks(chips.add_edit, "Chess")
    chips.add_edit.completer().popup().hide()
    qtbot.keyClick(chips.add_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(chips.add_edit, "Kite flying")
    chips.add_edit.completer().popup().hide()
    qtbot.keyClick(chips.add_edit, Qt.Key.Key_Return)
    # Then the dialog is still open and the chosen interests are what the chips show
    assert dialog.isVisible()
    assert chips.chosen() == ["board-games", "chess", "Kite flying"]
    # When saved
    qtbot.keyClicks(dialog.name_edit, "Ada")
    with qtbot.waitSignal(dialog.captured):
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    # Then the person has the built-in slugs and one new interest was made
    [person] = store.people.all()
    assert person.interests == ("board-games", "chess", "kite-flying")
    assert [interest.slug for interest in store.interests] == ["kite-flying"]


def test_the_date_picker_sets_the_due_date(qtbot: QtBot, store: Store) -> None:
    # Given the dialog with a name and an offer
    dialog = _dialog(qtbot, store)
    qtbot.keyClicks(dialog.name_edit, "Ada")
    qtbot.keyClicks(dialog.promised_edit, "Lend the rope")
    # When a day is picked in the calendar
    calendar = dialog.due_picker.ensure_calendar()
    assert calendar is not None
    dialog.due_picker.pick(date(2026, 12, 3))
    # Then the due field holds it, the hint spells it out, and saving stores it
    assert dialog.due_edit.text() == "2026-12-03"
    assert "December 3, 2026" in dialog.due_hint.text()
    with qtbot.waitSignal(dialog.captured):
        dialog.accept()
    [promise] = store.promises.all()
    assert promise.due == date(2026, 12, 3)
