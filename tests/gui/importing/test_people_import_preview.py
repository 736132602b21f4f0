"""Importing contacts through the preview: vCards, LinkedIn, a CSV with the column step."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from companion.domain.people import Person
from companion.interop.csv_columns import ContactField
from companion.interop.people_csv import read_csv_table
from companion.services.people.people_import import PeopleDecision
from companion.ui.importing import people_import_start
from companion.ui.importing.calendar_import import CalendarImport
from companion.ui.importing.csv_mapping_dialog import CsvMappingDialog
from companion.ui.importing.people_plan_model import PeoplePlanModel
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS, RunningWindow

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS)

FIXTURES = Path(__file__).parents[2] / "fixtures" / "people"


class _Recorder:
    def __init__(self, result: Any = None) -> None:
        self.calls: list[tuple[Any, ...]] = []
        self.result = result

    def __call__(self, *args: Any) -> Any:
        self.calls.append(args)
        return self.result


def _open(running: RunningWindow, monkeypatch: pytest.MonkeyPatch, path: Path) -> CalendarImport:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", _Recorder((str(path), "")))
    running.window.import_action.trigger()
    flow = running.controller.transfer.calendar_import
    assert flow is not None
    return flow


def _people_model(flow: CalendarImport, qtbot: QtBot) -> PeoplePlanModel:
    dialog = flow.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.people_model is not None)
    assert dialog.people_model is not None
    return dialog.people_model


def test_preview_shows_merge_reasons_and_user_can_change_a_decision(
    running: RunningWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Given a person already known by her email
    ana = Person(name="Ana", emails=("ana.lopez@example.org",), notes="Met at the gym.")
    running.store.people.put(ana)
    # When the user imports a Google export through File > Import…
    flow = _open(running, monkeypatch, FIXTURES / "google-contacts.vcf")
    model = _people_model(flow, qtbot)
    dialog = flow.dialog
    assert dialog is not None
    # Then the preview lists people with the decision and why, and nothing is written yet
    assert dialog.summary.text() == "2 new people, 1 merged, 0 skipped."
    assert model.index(0, model.DECISION).data() == "Merge with Ana"
    assert model.index(0, model.NOTE).data() == "same email ana.lopez@example.org"
    assert len(running.store.people) == 1
    dialog.grab().save(str(tmp_path / "people-preview.png"))
    # When the user skips the third person and confirms
    assert model.setData(model.index(2, model.DECISION), PeopleDecision.SKIP.value)
    assert dialog.summary.text() == "1 new person, 1 merged, 1 skipped."
    with qtbot.waitSignal(running.changes.changed):
        dialog.import_button.click()
    # Then Ana is completed (her notes kept) and one new person is added
    merged = running.store.people.get(ana.id)
    assert merged is not None and merged.notes.startswith("Met at the gym.")
    assert merged.organization == "Climbing Collective"
    assert sorted(person.name for person in running.store.people) == ["Ana", "Tom Becker"]
    qtbot.waitUntil(lambda: running.controller.transfer.calendar_import is None)


def test_generic_csv_asks_for_columns_first(
    running: RunningWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given the user will confirm the guessed columns of a German CSV
    asked = _Recorder()

    def confirm(table: Any, file_name: str, parent: Any) -> tuple[ContactField, ...]:
        asked.calls.append((file_name,))
        return tuple(table.guessed_mapping())

    monkeypatch.setattr(people_import_start, "ask_mapping_in_dialog", confirm)
    # When they import it
    flow = _open(running, monkeypatch, FIXTURES / "latin1-contacts.csv")
    model = _people_model(flow, qtbot)
    # Then the column step was shown and the preview has the three people
    assert asked.calls == [("latin1-contacts.csv",)]
    assert [model.index(row, model.NAME).data() for row in range(3)] == [
        "Jürgen Groß",
        "Zoë Brontë",
        "Renée Müller-Lüdenscheidt",
    ]
    assert flow.dialog is not None
    flow.dialog.reject()
    qtbot.waitUntil(lambda: running.controller.transfer.calendar_import is None)
    assert len(running.store.people) == 0


def test_mapping_dialog_needs_a_name_column(qtbot: QtBot, tmp_path: Path) -> None:
    # Given the column step for a German CSV
    table = read_csv_table((FIXTURES / "latin1-contacts.csv").read_bytes())
    dialog = CsvMappingDialog(table, "latin1-contacts.csv")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.grab().save(str(tmp_path / "csv-mapping.png"))
    # Then the guessed columns can be used
    assert dialog.mapping()[:3] == (
        ContactField.FIRST_NAME,
        ContactField.LAST_NAME,
        ContactField.EMAIL,
    )
    assert dialog.next_button.isEnabled()
    # When both name columns are left out
    for combo in dialog.combos[:2]:
        combo.setCurrentIndex(combo.findData(ContactField.IGNORE.value))
    # Then the user cannot go on, and is told why
    assert not dialog.next_button.isEnabled()
    assert not dialog.warning.isHidden()


def test_a_file_nobody_can_be_read_from_warns_and_changes_nothing(
    running: RunningWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Given an empty vCard file
    empty = tmp_path / "empty.vcf"
    empty.write_bytes(b"")
    warnings = _Recorder(QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "warning", warnings)
    # When the user imports it
    monkeypatch.setattr(QFileDialog, "getOpenFileName", _Recorder((str(empty), "")))
    running.window.import_action.trigger()
    # Then a warning names the file and the reason, and nothing is stored
    qtbot.waitUntil(lambda: bool(warnings.calls))
    assert "empty.vcf: the file is empty" in warnings.calls[0][2]
    qtbot.waitUntil(lambda: running.controller.transfer.calendar_import is None)
    assert len(running.store.people) == 0


def test_merge_with_any_person_through_the_searchable_picker(
    running: RunningWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Given Tom is known under another name and without his details
    thomas = Person(name="Thomas Bäcker", notes="Old friend from school.")
    running.store.people.put_many([thomas, Person(name="Zoë Brontë")])
    flow = _open(running, monkeypatch, FIXTURES / "google-contacts.vcf")
    model = _people_model(flow, qtbot)
    dialog = flow.dialog
    assert dialog is not None
    tom_row = next(
        row for row in range(model.rowCount()) if model.plan.items[row].name == "Tom Becker"
    )
    assert model.decision(tom_row) is PeopleDecision.ADD
    # When the user picks "Merge with…" for Tom's row and types his old name without accents
    dialog.table.setCurrentIndex(dialog.proxy.mapFromSource(model.index(tom_row, model.DECISION)))
    dialog.merge_with_button.click()
    picker = dialog.person_picker.dialog
    assert picker is not None
    qtbot.waitExposed(picker)
    qtbot.keyClicks(picker.query, "backer")
    # Then the picker finds Thomas Bäcker
    assert picker.results.count() == 1
    assert picker.chosen() == thomas
    picker.grab().save(str(tmp_path / "person-picker.png"))
    # When the user presses Enter
    qtbot.keyClick(picker.query, Qt.Key.Key_Return)
    # Then the row merges with Thomas, and the preview says what the merge would fill in
    qtbot.waitUntil(lambda: dialog.person_picker.dialog is None)
    assert model.decision(tom_row) is PeopleDecision.MERGE
    assert model.index(tom_row, model.DECISION).data() == "Merge with Thomas Bäcker"
    assert model.index(tom_row, model.NOTE).data() == "chosen by you"
    shown = dialog.merge_changes.text()
    assert "Merging into Thomas Bäcker:" in shown
    assert "adds Email: tom.becker@example.com" in shown
    assert "fills in Organisation: Becker & Söhne GmbH, Engineering" in shown
    label = dialog.merge_changes
    qtbot.waitUntil(lambda: label.height() >= label.sizeHint().height())
    dialog.grab().save(str(tmp_path / "people-preview-merge.png"))
    # When the user imports
    with qtbot.waitSignal(running.changes.changed):
        dialog.import_button.click()
    # Then Thomas has Tom's details and his own notes, and no second Tom was added
    merged = running.store.people.get(thomas.id)
    assert merged is not None and "tom.becker@example.com" in merged.emails
    assert merged.notes.startswith("Old friend from school.")
    assert not any(person.name == "Tom Becker" for person in running.store.people)
    qtbot.waitUntil(lambda: running.controller.transfer.calendar_import is None)


def test_the_decision_can_be_changed_with_the_keyboard(
    running: RunningWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given the preview of a Google export with its first row focused
    flow = _open(running, monkeypatch, FIXTURES / "google-contacts.vcf")
    model = _people_model(flow, qtbot)
    dialog = flow.dialog
    assert dialog is not None
    dialog.table.setFocus()
    dialog.table.setCurrentIndex(dialog.proxy.index(0, model.DECISION))
    assert model.decision(0) is PeopleDecision.ADD
    # When the user presses F2 to open the choice and Down to take the next one
    qtbot.keyClick(dialog.table, Qt.Key.Key_F2)
    editor = dialog.table.findChild(QComboBox, "decisionEditor")
    assert editor is not None
    qtbot.keyClick(editor, Qt.Key.Key_Down)
    # Then the row is skipped
    qtbot.waitUntil(lambda: model.decision(0) is PeopleDecision.SKIP)
    assert dialog.summary.text().endswith("1 skipped.")
    dialog.reject()
    qtbot.waitUntil(lambda: running.controller.transfer.calendar_import is None)
