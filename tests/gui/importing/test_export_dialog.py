"""File > Export…: choose a format and its options, then a file."""

from __future__ import annotations

from pathlib import Path

import pytest
import vobject
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from companion.domain.people import Person
from companion.interop.vcard_write import VCardVersion
from companion.services.data.exporting import ExportFormat
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
    dialog = running.controller.transfer.export_dialog.dialog
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
    dialog = running.controller.transfer.export_dialog.dialog
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


def test_the_encrypted_backup_is_the_default_and_plain_formats_are_flagged_before_writing(
    running: RunningWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a file chooser that would fail the test if asked
    asked: list[object] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: asked.append(args))
    # When File > Export… opens
    running.window.export_action.trigger()
    dialog = running.controller.transfer.export_dialog.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    # Then the encrypted backup is chosen, with no warning
    assert dialog.encrypted_chosen()
    assert dialog.format_box.currentText() == "Encrypted backup (.cgbackup)"
    assert not dialog.warning.isVisibleTo(dialog)
    # When each other format is chosen in turn
    for export_format in ExportFormat:
        dialog.format_box.setCurrentIndex(dialog.format_box.findData(export_format.value))
        # Then the dialog says, before anything is written, that it is not encrypted
        assert dialog.warning.isVisibleTo(dialog)
        assert dialog.warning.text().startswith("Not encrypted")
    assert "not encrypted" in dialog.format_box.itemText(dialog.format_box.findData("json"))
    assert asked == []
    dialog.reject()


def test_an_encrypted_backup_file_restores_through_restore_from_backup(
    running: RunningWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given Ada in the store, exported as an encrypted backup (the default choice)
    running.store.people.put(Person(id="ada", name="Ada Lovelace"))
    target = tmp_path / "keep" / "mine.cgbackup"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(target), ""))
    running.window.export_action.trigger()
    dialog = running.controller.transfer.export_dialog.dialog
    assert dialog is not None
    dialog.accept()
    # Then the file is written, and her name is nowhere readable in it
    assert target.is_file()
    assert b"Ada" not in target.read_bytes()
    assert "mine.cgbackup" in running.window.statusBar().currentMessage()
    # When Ada is deleted, every automatic backup lost, and the file opened from
    # File > Restore from Backup…
    running.store.people.remove("ada")
    for old in (running.data_dir / "backups").iterdir():
        old.unlink()
    running.window.restore_action.trigger()
    restore = running.controller.restore_dialog
    assert restore is not None
    assert restore.open_file_button.isVisible()
    assert restore.add_backup_file(target)
    # Then it is listed and selected, and restoring it brings Ada back
    assert restore.chosen_id() is not None
    with qtbot.waitSignal(running.changes.changed):
        restore.accept()
    assert running.store.people.get("ada") is not None


def test_a_file_that_is_not_an_encrypted_backup_is_refused_with_words(
    running: RunningWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a file that is no backup
    stranger = tmp_path / "holiday.cgbackup"
    stranger.write_bytes(b"PK not really a zip")
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warned.append(text))
    # When it is opened in Restore from Backup…
    running.window.restore_action.trigger()
    restore = running.controller.restore_dialog
    assert restore is not None
    # Then it is refused, saying why, and nothing is listed
    assert not restore.add_backup_file(stranger)
    assert warned == ["holiday.cgbackup is not an encrypted Common Ground backup of this data."]
    assert restore.chosen_id() is None
    restore.reject()
