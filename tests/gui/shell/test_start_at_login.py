"""Preferences > Start Common Ground when I log in writes and removes the autostart entry."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from companion import autostart
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS, RunningWindow

pytestmark = [
    pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS),
    pytest.mark.skipif(not autostart.is_supported(), reason="XDG autostart is Linux/BSD only"),
]


def _set_start_at_login(running: RunningWindow, qtbot: QtBot, wanted: bool) -> None:
    running.window.preferences_action.trigger()
    dialog = running.controller.preferences_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.start_at_login.isVisible()
    dialog.start_at_login.setChecked(wanted)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )


def test_switch_writes_and_removes_the_autostart_entry(
    running: RunningWindow, qtbot: QtBot
) -> None:
    # Given no autostart entry
    assert not autostart.is_enabled()
    # When the user turns the switch on
    _set_start_at_login(running, qtbot, True)
    # Then the entry starts the app in the background, and the choice is remembered
    entry = autostart.entry_path()
    assert entry.is_file()
    assert "--background" in entry.read_text(encoding="utf-8")
    assert running.settings.current.start_at_login
    # When the user turns it off again, the entry is gone
    _set_start_at_login(running, qtbot, False)
    assert not entry.exists()
    assert not running.settings.current.start_at_login
