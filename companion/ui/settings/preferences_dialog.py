"""Edit > Preferences…: language, colour scheme, and the sections other parts add."""

from __future__ import annotations

import dataclasses

from babel import Locale
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSystemTrayIcon,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from companion import autostart
from companion.i18n import _
from companion.i18n.languages import shipped_locales
from companion.settings import ColorScheme, Settings


def language_name(code: str) -> str:
    """A language named in itself ("Deutsch", "English"), so a user can always find theirs."""
    name = Locale.parse(code).display_name or code
    return name[:1].upper() + name[1:]


class PreferencesDialog(QDialog):
    """Shows ``settings``; ``chosen_settings()`` gives them with the user's choices applied."""

    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        sections: tuple[QWidget, ...] = (),
        pages: tuple[tuple[str, QWidget], ...] = (),
    ) -> None:
        """``pages``: (title, widget) shown as tabs after the general settings."""
        super().__init__(parent)
        self._settings = settings
        self.setWindowTitle(_("Preferences"))
        self.setMinimumWidth(420)

        self.language = QComboBox()
        self.language.setAccessibleName(_("Language"))
        self.language.addItem(_("System default"), "")
        for code in shipped_locales():
            self.language.addItem(language_name(code), code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.locale)))
        self.language_note = QLabel(
            _("A new language takes effect the next time you start Common Ground.")
        )
        self.language_note.setWordWrap(True)
        self.language_note.setProperty("role", "subtle")

        self.color_scheme = QComboBox()
        self.color_scheme.setAccessibleName(_("Appearance"))
        for scheme, label in (
            (ColorScheme.SYSTEM, _("Follow the system")),
            (ColorScheme.LIGHT, _("Light")),
            (ColorScheme.DARK, _("Dark")),
        ):
            self.color_scheme.addItem(label, scheme.value)
        self.color_scheme.setCurrentIndex(
            max(0, self.color_scheme.findData(settings.color_scheme.value))
        )

        self.start_at_login = QCheckBox(_("Start Common Ground when I log in"))
        # The desktop may have removed the entry: show what is really there.
        self.start_at_login.setChecked(
            autostart.is_enabled() if autostart.is_supported() else settings.start_at_login
        )
        self.start_at_login.setVisible(autostart.is_supported())

        self.show_reminders = QCheckBox(
            _("Remind me of events starting or just ended, and of promises due")
        )
        self.show_reminders.setChecked(settings.show_reminders)
        # Reminders pop up from the tray icon: without a tray there are none to switch.
        self.show_reminders.setVisible(QSystemTrayIcon.isSystemTrayAvailable())

        self.feed_refresh = QComboBox()
        self.feed_refresh.setAccessibleName(_("How often to refresh calendar subscriptions"))
        for hours, label in (
            (1, _("Every hour")),
            (6, _("Every 6 hours")),
            (24, _("Once a day")),
            (0, _("Only when I ask")),
        ):
            self.feed_refresh.addItem(label, hours)
        self.feed_refresh.setCurrentIndex(
            max(0, self.feed_refresh.findData(settings.feed_refresh_hours))
        )
        self.notify_fitting = QCheckBox(_("Tell me about new events that fit me well"))
        self.notify_fitting.setChecked(settings.notify_fitting_events)
        self.notify_fitting.setVisible(QSystemTrayIcon.isSystemTrayAvailable())

        form = QFormLayout()
        form.setSpacing(10)
        form.addRow(_("&Language:"), self.language)
        form.addRow("", self.language_note)
        form.addRow(_("&Appearance:"), self.color_scheme)
        form.addRow("", self.start_at_login)
        form.addRow("", self.show_reminders)
        form.addRow(_("Refresh &subscriptions:"), self.feed_refresh)
        form.addRow("", self.notify_fitting)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(16)
        general = layout
        self.tabs: QTabWidget | None = None
        if pages:
            self.setMinimumWidth(600)  # an account's details need the room
            self.tabs = QTabWidget()
            first = QWidget()
            general = QVBoxLayout(first)
            general.setContentsMargins(12, 12, 12, 12)
            general.setSpacing(16)
            self.tabs.addTab(first, _("&General"))
            for title, page in pages:
                self.tabs.addTab(page, title)
            layout.addWidget(self.tabs)
        general.addLayout(form)
        for section in sections:
            general.addWidget(section)
        if pages:
            general.addStretch(1)
        layout.addWidget(self.buttons)

    def chosen_settings(self) -> Settings:
        return dataclasses.replace(
            self._settings,
            locale=str(self.language.currentData()),
            color_scheme=ColorScheme(str(self.color_scheme.currentData())),
            start_at_login=self.start_at_login.isChecked(),
            show_reminders=self.show_reminders.isChecked(),
            feed_refresh_hours=int(self.feed_refresh.currentData()),
            notify_fitting_events=self.notify_fitting.isChecked(),
        )
