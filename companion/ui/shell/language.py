"""Which language the window speaks, and Qt's own catalogue for its standard buttons."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from companion.i18n.languages import negotiate


def choose_language(*, requested: str | None, saved: str) -> str:
    """``--locale``, else the language saved in Preferences, else the system's languages."""
    if requested:
        return negotiate([requested])
    if saved:
        return negotiate([saved])
    return negotiate(QLocale.system().uiLanguages())


def install_qt_translations(app: QApplication, locale: str) -> QTranslator | None:
    """Load ``qtbase_<locale>.qm`` so OK, Cancel, Undo… match the rest of the window."""
    QLocale.setDefault(QLocale(locale))
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QLocale(locale), "qtbase", "_", folder):
        return None
    app.installTranslator(translator)
    return translator
