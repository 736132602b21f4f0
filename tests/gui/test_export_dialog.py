"""File > Export…: choose a format and its options, then a file."""

from __future__ import annotations

from pathlib import Path

import pytest
import vobject
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from companion.domain.people import Person
from companion.interop.vcard_write import VCardVersion
from companion.services.exporting import ExportFormat
from tests.gui.conftest import RunningWindow


def test_vcard_3_export_through_the_dialog(
    running: RunningWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given one person, and a file chooser that answers with a path
    running.store.people.put(Person(name="Ada Lovelace", emails=("ada@example.org",)))
    target = tmp_path / "people.vcf"
    asked: list[tuple[object, ...]] = []

    def choose(*args: object) -> tuple[str, str]:
        asked.append(args)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    # When File > Export… is chosen, vCard 3.0 picked and Export pressed
    running.window.export_action.trigger()
    dialog = running.controller.transfer.export_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData(ExportFormat.VCARD.value))
    assert dialog.vcard_group.isVisibleTo(dialog)
    assert not dialog.ics_group.isVisibleTo(dialog)
    dialog.version_box.setCurrentIndex(dialog.version_box.findData(VCardVersion.V3.value))
    dialog.grab().save("/tmp/export-dialog.png")
    dialog.accept()
    # Then the chooser suggested a dated .vcf name and the file holds the person as 3.0
    assert Path(str(asked[0][2])).name == "common-ground-people-2026-11-25.vcf"
    [card] = vobject.readComponents(target.read_text(encoding="utf-8"))
    assert card.version.value == "3.0"
    assert card.fn.value == "Ada Lovelace"
    assert "people.vcf" in running.window.statusBar().currentMessage()


def test_calendar_options_are_shown_and_read(running: RunningWindow, qtbot: QtBot) -> None:
    # Given the export dialog
    running.window.export_action.trigger()
    dialog = running.controller.transfer.export_dialog
    assert dialog is not None
    # When the calendar format is chosen and tasks are asked for as events
    dialog.format_box.setCurrentIndex(dialog.format_box.findData(ExportFormat.ICS.value))
    dialog.tasks_as_events_check.setChecked(True)
    dialog.reconnects_check.setChecked(False)
    dialog.grab().save("/tmp/export-dialog-ics.png")
    # Then the calendar options are visible and the chosen options say so
    assert dialog.ics_group.isVisibleTo(dialog)
    options = dialog.chosen_options()
    assert options.format == ExportFormat.ICS
    assert options.ics_tasks_as_events and not options.ics_reconnects
    dialog.reject()
