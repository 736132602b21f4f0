"""My interests and offers: the Edit menu entry, the dialog, and the first-run welcome."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from companion.i18n import _
from companion.services.data.session import Session
from companion.ui.shell.child_dialog import ChildDialog
from companion.ui.shell.data_changes import DataChanges
from companion.ui.shell.main_window import MainWindow
from companion.ui.shell.saved_settings import SavedSettings

if TYPE_CHECKING:
    # Imported when first opened: neither is needed to show the data at start.
    from companion.ui.settings.profile_dialog import ProfileDialog
    from companion.ui.settings.welcome import WelcomeDialog


class ProfileController(QObject):
    def __init__(
        self,
        window: MainWindow,
        *,
        session: Session,
        changes: DataChanges,
        settings: SavedSettings,
        has_upcoming_event: Callable[[], bool] = lambda: False,
        next_step: Callable[[str], None] = lambda _step: None,
    ) -> None:
        """``next_step`` gets the welcome's chosen ``NextStep`` value once it has closed."""
        super().__init__(window)
        self._window = window
        self._session = session
        self._changes = changes
        self._settings = settings
        self._has_upcoming_event = has_upcoming_event
        self._next_step = next_step
        self.profile_dialog: ChildDialog[ProfileDialog] = ChildDialog()
        self.welcome_dialog: ChildDialog[WelcomeDialog] = ChildDialog()
        self.action = QAction(_("My &Interests and Offers…"), window)
        window.edit_menu.insertAction(window.preferences_action, self.action)
        self.action.triggered.connect(self.open_profile)
        self.welcome_action = QAction(_("Show &Welcome Again…"), window)
        window.help_menu.insertAction(window.about_action, self.welcome_action)
        self.welcome_action.triggered.connect(self.open_welcome)

    def open_profile(self) -> None:
        from companion.ui.settings.profile_dialog import ProfileDialog

        self.profile_dialog.open(
            lambda: ProfileDialog(
                store=self._session.store, changes=self._changes, parent=self._window
            )
        )

    def open_welcome(self) -> None:
        """Shown on the first start (skipping it counts as seen) and from Help."""
        from companion.ui.settings.welcome import WelcomeDialog

        def make() -> WelcomeDialog:
            dialog = WelcomeDialog(
                store=self._session.store,
                changes=self._changes,
                has_upcoming_event=self._has_upcoming_event(),
                parent=self._window,
            )
            dialog.finished.connect(lambda _result: self._settings.update(welcome_shown=True))
            dialog.next_step_chosen.connect(self._next_step)
            return dialog

        self.welcome_dialog.open(make)
