"""Import, export and the Prepare windows are made when first used; a dropped file is still
imported once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from companion.services.changes import ChangeSet
from tests.gui.conftest import RunningWindow
from tests.support.fake_format import register_notes


def test_each_dropped_file_is_imported_once_before_and_after_the_first_use(
    running: RunningWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a window whose import and export were never used
    register_notes(monkeypatch)
    assert running.controller._transfer is None
    imports: list[ChangeSet] = []
    running.changes.changed.connect(imports.append)
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_bytes(b"CG-NOTES\nAda\n")
    second.write_bytes(b"CG-NOTES\nGrace\n")
    # When one file is dropped, and then another
    with qtbot.waitSignal(running.changes.changed):
        running.window.files_dropped.emit([first])
    with qtbot.waitSignal(running.changes.changed):
        running.window.files_dropped.emit([second])
    # Then each was imported once
    assert sorted(person.name for person in running.store.people) == ["Ada", "Grace"]
    assert len(imports) == 2


def test_the_window_module_does_not_load_the_import_machinery() -> None:
    # Given a fresh interpreter
    # When it imports the window controller (as the start does, to show the data)
    probe = (
        "import sys; import companion.ui.shell.window_controller; "
        "print(sorted(m for m in ('vobject', 'rapidfuzz', "
        "'companion.ui.importing.import_export', 'companion.services.people.people_import', "
        "'companion.ui.prepare.prepare_dialog') "
        "if m in sys.modules))"
    )
    found = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    # Then neither the readers and writers of every format nor the Prepare window came with it
    assert found.strip() == "[]"
