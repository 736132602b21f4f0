"""Fixtures for tests that drive the real main window (offscreen Qt, temp data folder)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

# Before anything imports Qt: tests never need (or touch) a real display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from companion import paths
from companion.i18n.languages import activate
from companion.services.data.session import Session, open_session
from companion.settings import ColorScheme
from companion.storage.store import Store
from companion.ui.shell.data_changes import DataChanges
from companion.ui.shell.main_window import MainWindow
from companion.ui.shell.saved_settings import SavedSettings
from companion.ui.shell.window_controller import MainWindowController
from companion.ui.widgets.theme import Theme

#: Qt's offscreen platform warns whenever a dialog's size constraints change; harmless.
OFFSCREEN_SIZE_HINTS = "This plugin does not support propagateSizeHints"
TODAY = date(2026, 11, 25)
GUI_PASSPHRASE = "a passphrase for gui tests"


@dataclass
class RunningWindow:
    window: MainWindow
    controller: MainWindowController
    store: Store
    changes: DataChanges
    settings: SavedSettings
    theme: Theme
    data_dir: Path
    session: Session


@pytest.fixture
def gui_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The window's data folder, inside the test's temp folder (also ``COMPANION_DATA_DIR``)."""
    folder = tmp_path / "gui-data"
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(folder))
    return folder


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Every test starts in English and leaves the language as it found it."""
    activate("en")
    yield
    activate("en")


@pytest.fixture
def open_window(
    qtbot: QtBot, qapp: QApplication, gui_data_dir: Path
) -> Iterator[Callable[[], RunningWindow]]:
    """A factory for the real main window over the temp data folder (one store at a time)."""
    opened: list[RunningWindow] = []

    def build() -> RunningWindow:
        session = open_session(gui_data_dir, lambda prompt: GUI_PASSPHRASE)
        store = session.store
        settings = SavedSettings(paths.settings_file(gui_data_dir))
        theme = Theme(qapp, settings.current.color_scheme)
        changes = DataChanges()
        window = MainWindow(undo_stack=QUndoStack(qapp))
        qtbot.addWidget(window)
        controller = MainWindowController(
            window,
            session=session,
            changes=changes,
            settings=settings,
            theme=theme,
            today=lambda: TODAY,
            record_counts=lambda: {"people": len(store.people), "events": len(store.events)},
        )
        running = RunningWindow(
            window, controller, store, changes, settings, theme, gui_data_dir, session
        )
        opened.append(running)
        return running

    yield build
    for running in opened:
        running.session.close()
    Theme(qapp, ColorScheme.SYSTEM)


@pytest.fixture
def running(open_window: Callable[[], RunningWindow], qtbot: QtBot) -> RunningWindow:
    """The main window, shown and active."""
    running = open_window()
    running.window.show()
    qtbot.waitExposed(running.window)
    running.window.activateWindow()
    qtbot.waitUntil(running.window.isActiveWindow)
    return running
