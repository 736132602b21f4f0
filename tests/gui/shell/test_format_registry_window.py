"""The window's file dialogs and export dialog list what the format registry holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from companion.domain.people import Person
from companion.services.data.formats_entry import FileFormat
from companion.services.people.people import save_person
from tests.gui.conftest import RunningWindow
from tests.support.fake_format import register_notes


@pytest.fixture
def notes(monkeypatch: pytest.MonkeyPatch) -> FileFormat:
    return register_notes(monkeypatch)


def test_the_open_dialog_offers_a_registered_format(
    running: RunningWindow, notes: FileFormat, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a format registered beside the built-in ones
    asked: list[tuple[Any, ...]] = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *args: asked.append(args) or ("", "")
    )
    # When the user opens File > Import…
    running.window.import_action.trigger()
    # Then the filters offer its files, with the people it holds and among all supported ones
    filters = asked[0][3].split(";;")
    assert "All supported files (*.json *.ics *.vcf *.csv *.cgnotes)" in filters
    assert "Contacts (*.vcf *.csv *.cgnotes)" in filters


def test_a_dropped_file_of_a_registered_format_is_imported(
    running: RunningWindow, notes: FileFormat, qtbot: QtBot, tmp_path: Path
) -> None:
    # Given a note list under a name that says nothing
    path = tmp_path / "friends.txt"
    path.write_bytes(b"CG-NOTES\nAda\nGrace\n")
    # When it is dropped on the window
    with qtbot.waitSignal(running.changes.changed):
        running.window.files_dropped.emit([path])
    # Then the format's reader imported it
    assert sorted(person.name for person in running.store.people) == ["Ada", "Grace"]


def test_the_export_dialog_writes_a_registered_format(
    running: RunningWindow, notes: FileFormat, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given one person, and a save dialog that answers with a path
    save_person(running.store, Person(name="Ada"))
    target = tmp_path / "people"
    asked: list[tuple[Any, ...]] = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *args: asked.append(args) or (str(target), "")
    )
    # When the user picks the new format in File > Export…
    running.window.export_action.trigger()
    dialog = running.controller.transfer.export_dialog.dialog
    assert dialog is not None
    index = dialog.format_box.findData("notes")
    assert dialog.format_box.itemText(index) == "People as a note list (.cgnotes)"
    dialog.format_box.setCurrentIndex(index)
    assert dialog.hint.text() == "One name a line."
    dialog.accept()
    # Then the save dialog suggested its name and filter, and its writer wrote the file
    (_parent, _caption, suggested, file_filter) = asked[0]
    assert Path(suggested).name == "common-ground-notes-2026-11-25.cgnotes"
    assert file_filter == "Note lists (*.cgnotes)"
    assert target.with_suffix(".cgnotes").read_bytes() == b"CG-NOTES\nAda"
