"""People > Find duplicates: see the pairs, merge one, undo it from the main window."""

from __future__ import annotations

import copy
from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from companion.domain.people import Encounter, Person, Promise
from tests.gui.conftest import RunningWindow


def _fill(running: RunningWindow) -> tuple[Person, Person, Person]:
    store = running.store
    ada = Person(name="Ada Lovelace", emails=("ada@example.org",), notes="Likes poetry.")
    twin = Person(name="Ada King", emails=("ADA@example.org",), notes="Met at the salon.")
    other = Person(name="Grace Hopper")
    store.people.put_many([ada, twin, other])
    store.encounters.put(Encounter(person_id=twin.id, on=date(2026, 1, 5)))
    store.promises.put(Promise(person_id=twin.id, text="Send the notes"))
    return ada, twin, other


def _open(running: RunningWindow, qtbot: QtBot):  # type: ignore[no-untyped-def]
    running.window.find_duplicates_action.trigger()
    dialog = running.controller.duplicates_dialog.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_merge_then_undo_from_the_main_window(running: RunningWindow, qtbot: QtBot) -> None:
    # Given two records of Ada (same email in two spellings) and Grace
    ada, twin, _grace = _fill(running)
    before = copy.deepcopy(running.store.record_tables())
    # When the duplicates dialog is opened
    dialog = _open(running, qtbot)
    # Then it lists the one pair with its reason, side by side with the encounter counts
    assert dialog.pair_list.count() == 1
    assert "Same email" in dialog.pair_list.item(0).text()
    shown = {dialog.values[0][0].text(), dialog.values[0][1].text()}
    assert shown == {"Ada Lovelace", "Ada King"}
    dialog.grab().save("/tmp/duplicates-dialog.png")
    # When the user keeps the left one and presses Merge
    keep = ada if dialog.values[0][0].text() == "Ada Lovelace" else twin
    dialog.keep_first.setChecked(True)
    with qtbot.waitSignal(running.changes.changed):
        dialog.merge_button.click()
    # Then one Ada remains with both notes and the encounter and promise, and the list is empty
    remaining = [person for person in running.store.people if person.name.startswith("Ada")]
    assert [person.id for person in remaining] == [keep.id]
    assert "Likes poetry." in remaining[0].notes and "Met at the salon." in remaining[0].notes
    assert {item.person_id for item in running.store.encounters} == {keep.id}
    assert dialog.pair_list.count() == 0
    assert dialog.empty_label.isVisibleTo(dialog)
    # When the dialog is closed and Ctrl+Z is pressed in the main window
    dialog.reject()
    qtbot.waitUntil(lambda: running.controller.duplicates_dialog.dialog is None)
    running.window.activateWindow()
    qtbot.waitUntil(running.window.isActiveWindow)
    with qtbot.waitSignal(running.changes.changed):
        qtbot.keyClick(running.window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    # Then the store is exactly as before the merge
    assert running.store.record_tables() == before


def test_not_duplicates_is_remembered_in_the_store_and_can_be_taken_back(
    running: RunningWindow, qtbot: QtBot
) -> None:
    # Given the pair of Ada records, shown in the dialog
    ada, twin, _grace = _fill(running)
    dialog = _open(running, qtbot)
    # When the user says they are not duplicates and reopens the dialog
    with qtbot.waitSignal(running.changes.changed):
        dialog.not_duplicates_button.click()
    assert dialog.pair_list.count() == 0
    dialog.reject()
    qtbot.waitUntil(lambda: running.controller.duplicates_dialog.dialog is None)
    again = _open(running, qtbot)
    # Then the pair is not offered again, the store remembers it, both people are still there
    assert again.pair_list.count() == 0
    assert {record.key for record in running.store.not_duplicates} == {
        tuple(sorted((ada.id, twin.id)))
    }
    assert len(running.store.people) == 3
    # When the user shows the dismissed pairs
    again.show_dismissed.setChecked(True)
    # Then the pair is listed as marked, and the button offers to take the mark back
    assert again.pair_list.count() == 1
    assert "marked as not duplicates" in again.pair_list.item(0).text()
    assert again.not_duplicates_button.text() == "&Duplicates after all"
    again.grab().save("/tmp/duplicates-dismissed.png")
    with qtbot.waitSignal(running.changes.changed):
        again.not_duplicates_button.click()
    assert len(running.store.not_duplicates) == 0
    # When the user undoes that with Ctrl+Z in the dialog / Then the mark is back
    with qtbot.waitSignal(running.changes.changed):
        again.undo_action.trigger()
    assert len(running.store.not_duplicates) == 1
    again.show_dismissed.setChecked(False)
    assert again.pair_list.count() == 0


def test_undo_inside_the_dialog_brings_the_pair_back(running: RunningWindow, qtbot: QtBot) -> None:
    # Given a merged pair in the open dialog
    _fill(running)
    dialog = _open(running, qtbot)
    with qtbot.waitSignal(running.changes.changed):
        dialog.merge_button.click()
    assert dialog.pair_list.count() == 0
    # When Ctrl+Z is pressed in the dialog
    with qtbot.waitSignal(running.changes.changed):
        dialog.undo_action.trigger()
    # Then the pair is listed again
    assert dialog.pair_list.count() == 1
    assert len(running.store.people) == 3
