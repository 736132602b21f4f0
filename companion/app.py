"""Composition root: builds the store, the services and the window, and runs Qt."""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QMessageBox

from companion import APP_ID, APP_NAME, __version__, paths
from companion.i18n.languages import activate
from companion.storage.errors import StoreError
from companion.storage.store import Store
from companion.ui import icons
from companion.ui.data_changes import DataChanges
from companion.ui.first_paint import AfterFirstPaint
from companion.ui.language import choose_language, install_qt_translations
from companion.ui.main_window import MainWindow
from companion.ui.saved_settings import SavedSettings
from companion.ui.smoke_test import run_smoke_test
from companion.ui.theme import Theme
from companion.ui.window_controller import MainWindowController

EXIT_FAILED = 1


def _application() -> QApplication:
    existing = QCoreApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Common Ground")
    app.setOrganizationDomain("commonground.org")
    app.setDesktopFileName(APP_ID)
    icon = icons.app_icon()
    if icon is not None:
        app.setWindowIcon(icon)
    return app


def run_app(options: argparse.Namespace, *, data_dir: Path, locale_requested: str | None) -> int:
    app = _application()
    if options.smoke_test:
        # Never touch the user's data: the smoke test gets a folder of its own.
        with tempfile.TemporaryDirectory(prefix="companion-smoke-") as folder:
            return _run(app, options, data_dir=Path(folder), locale_requested=locale_requested)
    return _run(app, options, data_dir=data_dir, locale_requested=locale_requested)


def _run(
    app: QApplication,
    options: argparse.Namespace,
    *,
    data_dir: Path,
    locale_requested: str | None,
) -> int:
    settings = SavedSettings(paths.settings_file(data_dir))
    language = activate(choose_language(requested=locale_requested, saved=settings.current.locale))
    install_qt_translations(app, language)
    theme = Theme(app, settings.current.color_scheme)
    try:
        store = Store.open(data_dir)
    except StoreError as error:
        # Checks and benchmarks run unattended: a message box would wait for ever.
        if options.smoke_test or options.quit_when_shown:
            print(f"companion: {error}", file=sys.stderr)
        else:
            QMessageBox.critical(None, APP_NAME, str(error))
        return EXIT_FAILED
    try:
        changes = DataChanges()
        window = MainWindow(undo_stack=QUndoStack(app))
        MainWindowController(
            window,
            store=store,
            changes=changes,
            settings=settings,
            theme=theme,
            today=date.today,
            record_counts=lambda: {"people": len(store.people), "events": len(store.events)},
        )
        # A hidden start (--background) needs a tray icon to bring the window back; the tray
        # comes in a later issue, so until then the window always shows.
        window.show()
        if options.smoke_test:
            status = run_smoke_test(window=window, store=store, changes=changes, data_dir=data_dir)
            window.close()
            return status
        if options.quit_when_shown:
            AfterFirstPaint(window, app.quit)
        return app.exec()
    finally:
        store.close()
