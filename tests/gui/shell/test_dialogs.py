"""Preferences and About, driven through the Edit and Help menus' actions."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from companion import __version__, settings
from companion.settings import ColorScheme
from companion.ui.settings.preferences_dialog import PreferencesDialog
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS, RunningWindow

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS)


def _open_preferences(running: RunningWindow, qtbot: QtBot) -> PreferencesDialog:
    running.window.preferences_action.trigger()
    dialog = running.controller.preferences_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_preferences_offers_system_english_and_german(running: RunningWindow, qtbot: QtBot) -> None:
    dialog = _open_preferences(running, qtbot)
    names = [dialog.language.itemText(i) for i in range(dialog.language.count())]
    codes = [dialog.language.itemData(i) for i in range(dialog.language.count())]
    assert codes[:1] == [""] and "en" in codes and "de" in codes
    assert "English" in names and "Deutsch" in names
    dialog.reject()


def test_cancelling_preferences_changes_nothing(running: RunningWindow, qtbot: QtBot) -> None:
    # Given the preferences dialog, with another language and dark chosen
    before = running.settings.current
    palette_before = QApplication.palette().window().color()
    dialog = _open_preferences(running, qtbot)
    dialog.language.setCurrentIndex(dialog.language.findData("de"))
    dialog.color_scheme.setCurrentIndex(dialog.color_scheme.findData("dark"))
    # When the user presses Escape (Cancel)
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    # Then neither the settings nor the colours changed, and nothing was written
    assert running.settings.current == before
    assert QApplication.palette().window().color() == palette_before
    assert not running.settings.path.exists()


def test_accepting_preferences_saves_and_applies_them(running: RunningWindow, qtbot: QtBot) -> None:
    # Given the preferences dialog with German and the dark scheme chosen
    dialog = _open_preferences(running, qtbot)
    dialog.language.setCurrentIndex(dialog.language.findData("de"))
    dialog.color_scheme.setCurrentIndex(dialog.color_scheme.findData("dark"))
    # When the user clicks OK
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    # Then the choices are saved to disk and dark colours are in use
    saved = settings.load(running.settings.path)
    assert (saved.locale, saved.color_scheme) == ("de", ColorScheme.DARK)
    assert running.settings.current == saved
    assert QApplication.palette().window().color().lightness() < 80


def test_preferences_say_that_a_new_language_needs_a_restart(
    running: RunningWindow, qtbot: QtBot
) -> None:
    dialog = _open_preferences(running, qtbot)
    assert "next time you start" in dialog.language_note.text()
    dialog.reject()


def test_about_opens_and_closes(running: RunningWindow, qtbot: QtBot) -> None:
    # When the user picks Help > About Common Ground
    running.window.about_action.trigger()
    dialog = running.controller.about_dialog.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    # Then it names the app, its version and its licence
    assert dialog.name.text() == "Common Ground"
    assert __version__ in dialog.version.text()
    assert "GPL-3.0-or-later" in dialog.licence.text()
    # And Close closes it
    close = dialog.buttons.button(QDialogButtonBox.StandardButton.Close)
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_restore_says_so_when_the_backups_folder_cannot_be_read(
    running: RunningWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os
    from pathlib import Path

    from PySide6.QtWidgets import QMessageBox

    # Given a backups folder the user may not read
    backups = running.data_dir / "backups"
    backups.mkdir(exist_ok=True)
    real_scandir = os.scandir

    def refused(path: object = ".") -> object:
        if Path(str(path)) == backups:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", refused)
    said: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, _title, text, *rest: said.append(text)
    )
    # When File > Restore from Backup… is chosen
    running.controller.open_restore()
    # Then it says why, instead of "There are no backups yet"
    assert said and "cannot be read" in said[0]
    assert running.controller.restore_dialog is None
