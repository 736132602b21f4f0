"""Unlocking, restoring from backup, recovery from a damaged store and the Privacy settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from companion import paths
from companion.domain.people import Person
from companion.services.changes import ChangeSet
from companion.services.data.backup import export_backup
from companion.services.data.session import open_session
from companion.storage import keys
from companion.storage.backups import SnapshotReason
from companion.storage.errors import StoreCorruptError
from companion.storage.keys import KeyMode
from companion.ui.shell.passphrase_dialog import PassphraseDialog
from companion.ui.shell.recovery import offer_recovery
from tests.gui.conftest import GUI_PASSPHRASE, OFFSCREEN_SIZE_HINTS, RunningWindow

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS)


def _click_ok(qtbot: QtBot, dialog: PassphraseDialog) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def test_new_passphrase_must_be_long_enough_and_typed_twice(qtbot: QtBot) -> None:
    # Given the dialog that asks for a new passphrase
    dialog = PassphraseDialog(new=True)
    qtbot.addWidget(dialog)
    dialog.show()
    # When it is too short, the dialog stays open and says why
    qtbot.keyClicks(dialog.passphrase, "short")
    qtbot.keyClicks(dialog.confirmation, "short")
    _click_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert "8" in dialog.problem.text()
    # When the repetition differs, it says so
    dialog.passphrase.setText("long enough passphrase")
    dialog.confirmation.setText("long enough passphrasE")
    _click_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.problem.text() == "The two passphrases differ."
    # When both match, it is accepted with that value
    dialog.confirmation.setText("long enough passphrase")
    with qtbot.waitSignal(dialog.accepted):
        _click_ok(qtbot, dialog)
    assert dialog.value() == "long enough passphrase"


def test_retry_says_the_last_passphrase_was_wrong(qtbot: QtBot) -> None:
    dialog = PassphraseDialog(new=False, retry=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.confirmation.isVisible()
    assert dialog.problem.isVisible()
    assert "does not unlock" in dialog.problem.text()


def test_restore_from_backup_brings_the_old_data_back(running: RunningWindow, qtbot: QtBot) -> None:
    # Given a backup holding Ada, and Grace added after it
    running.store.people.put(Person(id="ada", name="Ada"))
    assert running.session.backups is not None
    running.session.backups.snapshot(SnapshotReason.MANUAL)
    running.store.people.put(Person(id="grace", name="Grace"))
    # When the user restores that backup from the File menu
    running.window.restore_action.trigger()
    dialog = running.controller.restore_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.list.topLevelItemCount() == 1
    with qtbot.waitSignal(running.changes.changed) as announced:
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    # Then only Ada is there, every view is told to reload, and the replaced data was kept
    assert {person.id for person in running.store.people} == {"ada"}
    change = announced.args[0]
    assert isinstance(change, ChangeSet) and change.reset
    reasons = {snapshot.reason for snapshot in running.session.backups.list()}
    assert SnapshotReason.RESTORE in reasons
    assert "restored" in running.window.statusBar().currentMessage()


def test_restore_dialog_without_backups_explains_and_cannot_restore(
    running: RunningWindow, qtbot: QtBot
) -> None:
    running.window.restore_action.trigger()
    dialog = running.controller.restore_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.list.topLevelItemCount() == 0
    assert not dialog.restore_button.isEnabled()
    dialog.reject()


def test_import_through_the_window_makes_a_backup_first(
    running: RunningWindow, tmp_path: Path
) -> None:
    running.store.people.put(Person(name="Ada"))
    backup_file = tmp_path / "backup.json"
    backup_file.write_bytes(export_backup(running.store))
    assert running.controller.transfer.import_path(backup_file)
    assert running.session.backups is not None
    assert [s.reason for s in running.session.backups.list()] == [SnapshotReason.IMPORT]


def test_export_warns_that_the_file_is_not_encrypted(
    running: RunningWindow, tmp_path: Path
) -> None:
    assert running.controller.transfer.export_to(tmp_path / "out.json")
    assert "not encrypted" in running.window.statusBar().currentMessage()


def test_privacy_settings_move_the_key_to_a_passphrase_and_back(
    running: RunningWindow, qtbot: QtBot
) -> None:
    # Given data whose key is in the (test) keychain
    assert running.session.key_mode is KeyMode.KEYCHAIN
    running.store.people.put(Person(id="ada", name="Ada"))
    running.window.preferences_action.trigger()
    preferences = running.controller.preferences_dialog
    protection = running.controller.protection
    assert preferences is not None and protection is not None
    qtbot.waitExposed(preferences)
    section = preferences.findChild(type(protection._section))
    assert section is not None and "keychain" in section.summary.text()
    # When the user chooses a passphrase instead
    qtbot.mouseClick(section.change_passphrase, Qt.MouseButton.LeftButton)
    dialog = protection.passphrase_dialog.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.passphrase, "a new passphrase")
    qtbot.keyClicks(dialog.confirmation, "a new passphrase")
    with qtbot.waitSignal(dialog.accepted):
        _click_ok(qtbot, dialog)
    # Then the data is unlocked by that passphrase, and the section says so
    assert keys.key_mode(running.data_dir) is KeyMode.PASSPHRASE
    assert "passphrase" in section.summary.text()
    assert section.use_keychain.isVisible()
    # And moving back to the keychain works too
    qtbot.mouseClick(section.use_keychain, Qt.MouseButton.LeftButton)
    assert keys.key_mode(running.data_dir) is KeyMode.KEYCHAIN
    preferences.reject()
    running.session.close()
    with open_session(running.data_dir, lambda prompt: None) as reopened:
        assert reopened.store.people.get("ada") is not None


def test_damaged_store_offers_the_newest_good_backup(data_dir: Path, qtbot: QtBot) -> None:
    # Given a store with a backup, then damaged on disk
    with open_session(data_dir, lambda prompt: GUI_PASSPHRASE) as session:
        session.store.people.put(Person(id="ada", name="Ada"))
        assert session.backups is not None
        session.backups.snapshot(SnapshotReason.MANUAL)
    store_file = paths.store_file(data_dir)
    store_file.write_bytes(b"this is not a store")
    with pytest.raises(StoreCorruptError) as raised:
        open_session(data_dir, lambda prompt: GUI_PASSPHRASE)

    # When the recovery question appears and the user picks the backup
    def choose_restore() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        [restore] = [b for b in box.buttons() if b.text() == "Restore this backup"]
        restore.click()

    QTimer.singleShot(0, choose_restore)
    assert offer_recovery(data_dir, raised.value, lambda prompt: GUI_PASSPHRASE)
    # Then the data opens again with Ada, and the damaged file was kept aside
    with open_session(data_dir, lambda prompt: GUI_PASSPHRASE) as session:
        assert session.store.people.get("ada") is not None
    kept = list(data_dir.glob("store.damaged-*.json"))
    assert len(kept) == 1 and kept[0].read_bytes() == b"this is not a store"
    # together with the journal that belonged to it
    assert kept[0].with_name(kept[0].name + ".journal").is_file()
