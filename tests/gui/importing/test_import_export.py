"""File > Import… and File > Export… through the real actions (file dialogs stubbed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from companion.domain.people import Person
from companion.services.changes import ChangeSet
from companion.services.data.backup import export_backup
from companion.services.data.importing import import_file
from companion.services.people.people import save_person
from companion.storage.store import Store
from companion.ui.home.home_page import HomePage
from tests.gui.conftest import RunningWindow


class _Recorder:
    """Stands in for a static Qt dialog function; remembers its calls."""

    def __init__(self, result: Any = None) -> None:
        self.calls: list[tuple[Any, ...]] = []
        self.result = result

    def __call__(self, *args: Any) -> Any:
        self.calls.append(args)
        return self.result


def _backup_with(tmp_path: Path, *names: str) -> Path:
    with Store.open(tmp_path / "elsewhere") as other:
        for name in names:
            save_person(other, Person(name=name, notes="met at the climbing meetup"))
        data = export_backup(other)
    path = tmp_path / "friends.json"
    path.write_bytes(data)
    return path


def test_import_adds_people_and_shows_the_summary(
    running: RunningWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a backup with two people, picked in the open dialog
    backup = _backup_with(tmp_path, "Ada", "Grace")
    chooser = _Recorder((str(backup), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", chooser)
    # When the user picks File > Import…
    with qtbot.waitSignal(running.changes.changed) as changed:
        running.window.import_action.trigger()
    # Then both people are stored, the views are told, and the summary is shown
    assert sorted(person.name for person in running.store.people) == ["Ada", "Grace"]
    change = changed.args[0]
    assert isinstance(change, ChangeSet) and len(change.added["people"]) == 2
    assert running.window.statusBar().currentMessage() == (
        "friends.json: 2 added, 0 updated, 0 skipped as duplicates"
    )
    home = running.window.pages.widget(0)
    assert isinstance(home, HomePage)
    assert "2 people" in home.summary.text()


def test_a_bad_file_warns_and_changes_nothing(
    running: RunningWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a file that is not a backup
    bad = tmp_path / "notes.json"
    bad.write_text("{ this is not json", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", _Recorder((str(bad), "")))
    warning = _Recorder(QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "warning", warning)
    # When the user imports it
    with qtbot.assertNotEmitted(running.changes.changed):
        running.window.import_action.trigger()
    # Then a warning names the file, and the store is still empty
    assert len(warning.calls) == 1
    _parent, title, text = warning.calls[0]
    assert title == "Import failed"
    assert "notes.json" in text and "Nothing was imported" in text
    assert len(running.store.people) == 0


def test_cancelling_the_import_dialog_does_nothing(
    running: RunningWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", _Recorder(("", "")))
    with qtbot.assertNotEmitted(running.changes.changed):
        running.window.import_action.trigger()
    assert running.window.statusBar().currentMessage() == ""


def test_the_events_page_button_opens_import_with_calendars_selected(
    running: RunningWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    chooser = _Recorder(("", ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", chooser)
    running.controller.events_page.empty_state.action_button.click()
    (_parent, _caption, _folder, filters, selected) = chooser.calls[0]
    assert selected == "Calendars (*.ics)" and selected in filters.split(";;")


def test_export_writes_a_backup_that_imports_back(
    running: RunningWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given one person in the store
    save_person(running.store, Person(name="Ada", working_on="a board game café"))
    target = tmp_path / "out" / "my-backup.json"
    target.parent.mkdir()
    chooser = _Recorder((str(target), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", chooser)
    # When the user picks File > Export…, the readable complete backup, and Export
    running.window.export_action.trigger()
    dialog = running.controller.transfer.export_dialog.dialog
    assert dialog is not None
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("json"))
    dialog.accept()
    # Then the dialog suggested a dated name, and the file restores the person elsewhere
    suggested = Path(chooser.calls[0][2]).name
    assert suggested == "common-ground-backup-2026-11-25.json"
    with Store.open(tmp_path / "restored") as restored:
        summary = import_file(restored, target)
        assert summary.added == 1
        assert [person.working_on for person in restored.people] == ["a board game café"]
    assert "my-backup.json" in running.window.statusBar().currentMessage()
