"""Edit > Preferences…: the dialog with its privacy section, and applying what was chosen."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from companion import autostart
from companion.i18n import _
from companion.services.data.session import Session
from companion.storage import keys
from companion.ui.shell.child_dialog import ChildDialog
from companion.ui.shell.saved_settings import SavedSettings
from companion.ui.widgets.theme import Theme

if TYPE_CHECKING:
    from companion.ui.settings.preferences_dialog import PreferencesDialog
    from companion.ui.settings.protection_controller import ProtectionController


class PreferencesFlow(QObject):
    """``open()`` shows the dialog (``dialog``, ``protection`` while it is up)."""

    def __init__(
        self,
        window: QWidget,
        *,
        session: Session,
        settings: SavedSettings,
        theme: Theme,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._session = session
        self._settings = settings
        self._theme = theme
        self._dialog: ChildDialog[PreferencesDialog] = ChildDialog()
        self.protection: ProtectionController | None = None
        self._pages: list[tuple[str, Callable[[], QWidget]]] = []

    def add_page(self, title: str, build: Callable[[], QWidget]) -> None:
        """A tab another feature adds (Sync); ``build()`` makes it each time the dialog opens."""
        self._pages.append((title, build))

    @property
    def dialog(self) -> PreferencesDialog | None:
        return self._dialog.dialog

    def open(self) -> None:
        """Window-modal and non-blocking, so the event loop (and tests) keep running."""
        self._dialog.open(self._make_dialog)

    def _make_dialog(self) -> PreferencesDialog:
        # Loaded when first opened: the dialog, its sections and the passphrase dialog.
        from companion.ui.settings.preferences_dialog import PreferencesDialog
        from companion.ui.settings.protection_controller import ProtectionController
        from companion.ui.settings.protection_section import ProtectionSection

        section = ProtectionSection(
            self._session.key_mode,
            keychain_available=keys.keychain_available(),
            auto_lock_minutes=self._settings.current.auto_lock_minutes,
        )
        dialog = PreferencesDialog(
            self._settings.current,
            self._window,
            sections=(section,),
            pages=tuple((title, build()) for title, build in self._pages),
        )
        self.protection = ProtectionController(self._session, section, dialog)
        dialog.accepted.connect(lambda: self._on_dialog_accepted(dialog))
        dialog.accepted.connect(
            lambda: self._settings.update(auto_lock_minutes=section.auto_lock.value())
        )
        return dialog

    def _on_dialog_accepted(self, dialog: PreferencesDialog) -> None:
        chosen = dialog.chosen_settings()
        self._settings.update(
            locale=chosen.locale,
            color_scheme=chosen.color_scheme,
            start_at_login=chosen.start_at_login,
            show_reminders=chosen.show_reminders,
            feed_refresh_hours=chosen.feed_refresh_hours,
            notify_fitting_events=chosen.notify_fitting_events,
        )
        self._theme.apply(chosen.color_scheme)
        self._apply_start_at_login(chosen.start_at_login)

    def _apply_start_at_login(self, wanted: bool) -> None:
        if not autostart.is_supported() or wanted == autostart.is_enabled():
            return
        try:
            if wanted:
                autostart.enable()
            else:
                autostart.disable()
        except OSError as error:
            QMessageBox.warning(
                self._window,
                _("Start at login"),
                _("The login item could not be changed: {reason}").format(
                    reason=error.strerror or error
                ),
            )
