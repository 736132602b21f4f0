"""Log who I met: several people from one event, one durable change, no duplicates."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from companion.domain.events import Event
from companion.domain.people import Person
from companion.services.changes import ChangeSet
from companion.storage.store import Store
from companion.ui.capture.log_met_dialog import LogMetDialog
from companion.ui.shell.data_changes import DataChanges
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS, TODAY, RunningWindow

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS)

MEETUP = Event(
    title="Go club night",
    start=datetime(2026, 11, 20, 18, tzinfo=UTC),
    interests=("board-games",),
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "data")
    opened.events.put(MEETUP)
    yield opened
    opened.close()


def _dialog(qtbot: QtBot, store: Store, changes: DataChanges | None = None) -> LogMetDialog:
    dialog = LogMetDialog(
        store=store, changes=changes or DataChanges(), event=MEETUP, today=lambda: TODAY
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_three_people_are_logged_and_the_known_one_gets_an_encounter(
    qtbot: QtBot, store: Store
) -> None:
    # Given Zoë already in the log, and the dialog for the Go club night
    zoe = Person(name="Zoë Ångström")
    store.people.put(zoe)
    changes = DataChanges()
    dialog = _dialog(qtbot, store, changes)
    # Then the first row is pre-filled with the event's interests
    assert dialog.rows[0].interest_chips.chosen() == ["board-games"]
    # When three names are typed, Enter in the last row adding the next
    qtbot.keyClicks(dialog.rows[0].name_edit, "Zoe Angstrom")
    qtbot.keyClicks(dialog.rows[0].note_edit, "Plays 5 dan")
    qtbot.keyClick(dialog.rows[0].note_edit, Qt.Key.Key_Return)
    assert len(dialog.rows) == 2
    qtbot.keyClicks(dialog.rows[1].name_edit, "Ada Lovelace")
    qtbot.keyClicks(dialog.rows[1].promised_edit, "Send the joseki book")
    qtbot.keyClicks(dialog.rows[1].due_edit, "Fri")
    qtbot.keyClick(dialog.rows[1].due_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.rows[2].name_edit, "Grace Hopper")
    qtbot.keyClick(dialog.rows[2].name_edit, Qt.Key.Key_Return)
    assert len(dialog.rows) == 4  # the blank fourth row is ignored on save
    # Then Zoë is suggested (identical but for accents, so chosen) once the typing pauses
    qtbot.waitUntil(lambda: dialog.rows[0].match_combo.isVisible())
    assert dialog.rows[0].match_combo.currentData() == zoe.id
    # When Ctrl+Enter saves
    with qtbot.waitSignals([dialog.logged, changes.changed]):
        qtbot.keyClick(
            dialog.rows[3].name_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )
    # Then three people exist (no second Zoë), each with an encounter at the event
    assert sorted(p.name for p in store.people) == ["Ada Lovelace", "Grace Hopper", "Zoë Ångström"]
    encounters = store.encounters.all()
    assert len(encounters) == 3
    assert {e.event_id for e in encounters} == {MEETUP.id}
    assert {e.on for e in encounters} == {MEETUP.start.astimezone().date()}
    zoe_note = [e.note for e in encounters if e.person_id == zoe.id]
    assert zoe_note == ["Plays 5 dan"]
    [promise] = store.promises.all()
    assert promise.text == "Send the joseki book" and promise.due is not None
    stored_zoe = store.people.get(zoe.id)
    assert stored_zoe is not None and stored_zoe.interests == ("board-games",)
    assert not dialog.isVisible()


def test_cancel_writes_nothing(qtbot: QtBot, store: Store) -> None:
    # Given a dialog with a name typed
    dialog = _dialog(qtbot, store)
    qtbot.keyClicks(dialog.rows[0].name_edit, "Ada")
    # When it is cancelled
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog.rows[0].name_edit, Qt.Key.Key_Escape)
    # Then nothing was stored
    assert not store.people.all() and not store.encounters.all()


def test_a_bad_due_date_keeps_everything_unsaved(qtbot: QtBot, store: Store) -> None:
    # Given two rows, the second with a due date that is not one
    dialog = _dialog(qtbot, store)
    qtbot.keyClicks(dialog.rows[0].name_edit, "Ada")
    dialog.add_row()
    qtbot.keyClicks(dialog.rows[1].name_edit, "Bob")
    qtbot.keyClicks(dialog.rows[1].promised_edit, "A book")
    qtbot.keyClicks(dialog.rows[1].due_edit, "someday")
    # When saving
    dialog.accept()
    # Then the dialog stays open, says why, and nothing (not even Ada) was stored
    assert dialog.isVisible()
    assert "someday" in dialog.error_label.text()
    assert not store.people.all()


def test_the_events_page_action_opens_the_dialog(running: RunningWindow, qtbot: QtBot) -> None:
    # Given an event selected on the Events page
    running.store.events.put(MEETUP)
    running.changes.announce(ChangeSet(added={"events": frozenset({MEETUP.id})}))
    controller = running.controller
    controller.events.select_event(MEETUP.id)
    # When "Log who I met…" is chosen
    controller.events_page.log_met_action.trigger()
    # Then the dialog is open for that event
    qtbot.waitUntil(lambda: controller.log_met_dialog.dialog is not None)
    dialog = controller.log_met_dialog.dialog
    assert dialog is not None and "Go club night" in dialog.windowTitle()
    if os.environ.get("LOG_MET_GRAB"):
        qtbot.keyClicks(dialog.rows[0].name_edit, "Ada Lovelace")
        qtbot.keyClick(dialog.rows[0].name_edit, Qt.Key.Key_Return)
        dialog.grab().save(os.environ["LOG_MET_GRAB"])
    dialog.reject()
