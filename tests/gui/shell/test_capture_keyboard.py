"""Quick capture and Log who I met by keyboard: completion, accelerators, Tab order (issue 17)."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QRadioButton, QWidget
from pytestqt.qtbot import QtBot

from companion.domain.events import Event
from companion.domain.people import Person
from companion.storage.store import Store
from companion.ui.capture.capture_dialog import CaptureDialog
from companion.ui.capture.log_met_dialog import LogMetDialog
from companion.ui.people.person_chips import InterestChips
from companion.ui.shell.data_changes import DataChanges
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS, TODAY

pytestmark = pytest.mark.qt_log_ignore(
    OFFSCREEN_SIZE_HINTS,
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",
)

NOW = datetime(2026, 11, 25, 21, 0, tzinfo=UTC)
MEETUP = Event(title="Go club night", start=datetime(2026, 11, 20, 18, tzinfo=UTC))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "data")
    opened.events.put(MEETUP)
    yield opened
    opened.close()


def _capture(qtbot: QtBot, store: Store) -> CaptureDialog:
    dialog = CaptureDialog(store=store, changes=DataChanges(), today=lambda: TODAY, now=lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.name_edit.hasFocus)
    return dialog


def _log_met(qtbot: QtBot, store: Store) -> LogMetDialog:
    dialog = LogMetDialog(store=store, changes=DataChanges(), event=MEETUP, today=lambda: TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    return dialog


def _type_and_see_completions(qtbot: QtBot, chips: InterestChips) -> None:
    # Python's collector runs between the dialog opening and the first key in real use.
    gc.collect()
    chips.add_edit.setFocus()
    qtbot.keyClicks(chips.add_edit, "boa")
    completer = chips.add_edit.completer()
    qtbot.waitUntil(completer.popup().isVisible)
    shown = [
        completer.completionModel().index(row, 0).data()
        for row in range(completer.completionModel().rowCount())
    ]
    assert "Board games" in shown


def test_quick_capture_offers_interest_completions_as_you_type(qtbot: QtBot, store: Store) -> None:
    # Given quick capture / When "boa" is typed into the add-interest field
    dialog = _capture(qtbot, store)
    # Then a list of catalogue interests pops up, Board games among them
    _type_and_see_completions(qtbot, dialog.interest_chips)


def test_log_who_i_met_offers_interest_completions_as_you_type(qtbot: QtBot, store: Store) -> None:
    # Given Log who I met / When "boa" is typed into a row's add-interest field
    dialog = _log_met(qtbot, store)
    # Then the completions pop up
    _type_and_see_completions(qtbot, dialog.rows[0].interest_chips)


def test_a_word_and_enter_pick_the_catalogue_interest_it_begins(qtbot: QtBot, store: Store) -> None:
    # Given quick capture
    dialog = _capture(qtbot, store)
    chips = dialog.interest_chips
    chips.add_edit.setFocus()
    # When "board" is typed and Enter pressed (Esc first closes the completion list)
    qtbot.keyClicks(chips.add_edit, "board")
    qtbot.keyClick(chips.add_edit.completer().popup(), Qt.Key.Key_Escape)
    qtbot.keyClick(chips.add_edit, Qt.Key.Key_Return)
    # Then the catalogue's Board games is added, not a free-text "board"
    assert chips.chosen() == ["board-games"]
    assert dialog.isVisible()


def test_the_add_interest_field_stays_visible_after_many_interests(
    qtbot: QtBot, store: Store
) -> None:
    # Given quick capture
    dialog = _capture(qtbot, store)
    chips = dialog.interest_chips
    # When four interests are added by typing each and pressing Enter
    for word in ("Hiking", "Board games", "Climbing", "Photography"):
        chips.add_edit.setFocus()
        qtbot.keyClicks(chips.add_edit, word)
        qtbot.keyClick(chips.add_edit.completer().popup(), Qt.Key.Key_Escape)
        qtbot.keyClick(chips.add_edit, Qt.Key.Key_Return)
    assert len(chips.chosen()) == 4
    # Then the chips wrap and the add field is still inside the visible row, under the chips
    qtbot.waitUntil(lambda: chips.rect().contains(chips.add_edit.geometry()))
    assert chips.add_edit.isVisible()


def _mnemonics(dialog: QWidget) -> list[str]:
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    texts += [button.text() for button in dialog.findChildren(QAbstractButton)]
    return [
        match.group(1).lower()
        for text in texts
        if (match := re.search(r"(?<!&)&([^&\s])", text)) is not None
    ]


def test_every_accelerator_in_quick_capture_is_distinct(qtbot: QtBot, store: Store) -> None:
    # Given quick capture / Then no two labels or buttons share an Alt+ letter
    dialog = _capture(qtbot, store)
    letters = _mnemonics(dialog)
    assert len(letters) >= 6
    assert len(letters) == len(set(letters)), letters


def test_alt_o_goes_to_the_note_and_not_to_the_promise(qtbot: QtBot, store: Store) -> None:
    # Given quick capture with a name typed
    dialog = _capture(qtbot, store)
    qtbot.keyClicks(dialog.name_edit, "Ada")
    # When Alt+O is pressed and a line typed
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClicks(dialog.focusWidget(), "Loves Go")
    # Then the line is the note; the promise stays empty
    assert dialog.note_edit.text() == "Loves Go"
    assert dialog.promised_edit.text() == ""


def test_tab_from_the_name_reaches_add_to_existing_person_before_cancel(
    qtbot: QtBot, store: Store
) -> None:
    # Given Jonas in the log and quick capture with his name typed
    store.people.put(Person(id="p1", name="Jonas Berg"))
    dialog = _capture(qtbot, store)
    qtbot.keyClicks(dialog.name_edit, "Jonas Berg")
    qtbot.waitUntil(dialog.matches.isVisible)
    # When Tab is pressed in the name field
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Tab)
    # Then the choice between a new person and "Add to Jonas Berg" comes right after the name
    focused = dialog.focusWidget()
    assert isinstance(focused, QRadioButton)
    assert focused in dialog.match_buttons.buttons()
