"""My interests and offers: the Edit menu entry, the dialog, and the first-run welcome."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from companion.i18n import _
from companion.services.session import Session
from companion.ui.data_changes import DataChanges
from companion.ui.main_window import MainWindow
from companion.ui.profile_dialog import ProfileDialog
from companion.ui.saved_settings import SavedSettings
from companion.ui.welcome import WelcomeDialog


class ProfileController(QObject):
    def __init__(
        self,
        window: MainWindow,
        *,
        session: Session,
        changes: DataChanges,
        settings: SavedSettings,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._session = session
        self._changes = changes
        self._settings = settings
        self.profile_dialog: ProfileDialog | None = None
        self.welcome_dialog: WelcomeDialog | None = None
        self.action = QAction(_("My &Interests and Offers…"), window)
        window.edit_menu.insertAction(window.preferences_action, self.action)
        self.action.triggered.connect(self.open_profile)

    def open_profile(self) -> None:
        dialog = ProfileDialog(
            store=self._session.store, changes=self._changes, parent=self._window
        )
        dialog.finished.connect(dialog.deleteLater)
        self.profile_dialog = dialog
        dialog.open()

    def open_welcome(self) -> None:
        """Shown once, on the first start; skipping it counts as seen."""
        dialog = WelcomeDialog(
            store=self._session.store, changes=self._changes, parent=self._window
        )
        dialog.finished.connect(lambda _result: self._settings.update(welcome_shown=True))
        dialog.finished.connect(dialog.deleteLater)
        self.welcome_dialog = dialog
        dialog.open()
