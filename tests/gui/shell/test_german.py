"""With the German catalogue active, the window speaks German, dates included."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from companion.i18n.languages import activate
from companion.ui.home.home_page import HomePage
from companion.ui.shell.language import install_qt_translations
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS, RunningWindow

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS)


@pytest.fixture
def german(qapp: QApplication) -> Iterator[None]:
    previous_locale = QLocale()
    assert activate("de") == "de"
    translator = install_qt_translations(qapp, "de")
    yield
    if translator is not None:
        qapp.removeTranslator(translator)
    QLocale.setDefault(previous_locale)
    activate("en")


@pytest.mark.usefixtures("german")
def test_menus_and_date_are_german(open_window: Callable[[], RunningWindow]) -> None:
    # Given the German catalogue is active / When the window is built
    running = open_window()
    # Then the menus and the navigation are German
    assert running.window.file_menu.title() == "&Datei"
    assert running.window.navigation.item(2).text() == "Personen"
    # And Home shows the date the German way
    home = running.window.pages.widget(0)
    assert isinstance(home, HomePage)
    assert home.date_label.text() == "Mittwoch, 25. November 2026"


@pytest.mark.usefixtures("german")
def test_standard_buttons_come_from_qts_german_catalogue(
    open_window: Callable[[], RunningWindow], qtbot: QtBot
) -> None:
    running = open_window()
    running.window.show()
    running.window.preferences_action.trigger()
    dialog = running.controller.preferences_dialog
    assert dialog is not None
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel.text().replace("&", "") == "Abbrechen"
    dialog.reject()
