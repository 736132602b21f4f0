"""A small calendar button: click, pick a day, and ``picked`` carries it.

The calendar is built on first use: a QCalendarWidget costs a few milliseconds, and quick
capture must show in under 100 ms.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCalendarWidget, QMenu, QToolButton, QWidget, QWidgetAction

from companion.domain.date_range import EARLIEST, LATEST
from companion.i18n import _

#: Qt paints the menu arrow over the end of the text ("Pick a da…▾"); the "…" already says a
#: calendar opens, so the arrow is left out.
NO_MENU_INDICATOR = "QToolButton::menu-indicator { image: none; width: 0px; }"


class DatePickerButton(QToolButton):
    picked = Signal(object)  # a datetime.date

    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self.calendar: QCalendarWidget | None = None
        self.setText(_("Pick a date…"))
        self.setToolTip(_("Pick a date from a calendar"))
        self.setAccessibleName(_("Pick a date"))
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setStyleSheet(NO_MENU_INDICATOR)
        self._menu = QMenu(self)
        self._menu.aboutToShow.connect(self._on_menu_about_to_show)
        self.setMenu(self._menu)

    def _on_menu_about_to_show(self) -> None:
        calendar = self.ensure_calendar()
        today = self._today()
        calendar.setSelectedDate(QDate(today.year, today.month, today.day))

    def ensure_calendar(self) -> QCalendarWidget:
        if self.calendar is None:
            calendar = QCalendarWidget()
            calendar.setGridVisible(False)
            # The years every record keeps (domain.date_range).
            calendar.setDateRange(
                QDate(EARLIEST.year, EARLIEST.month, EARLIEST.day),
                QDate(LATEST.year, LATEST.month, LATEST.day),
            )
            calendar.clicked.connect(self._on_calendar_chosen)
            calendar.activated.connect(self._on_calendar_chosen)
            action = QWidgetAction(self._menu)
            action.setDefaultWidget(calendar)
            self._menu.addAction(action)
            self.calendar = calendar
        return self.calendar

    def pick(self, day: date) -> None:
        """Choose ``day`` as if clicked in the calendar."""
        self._on_calendar_chosen(QDate(day.year, day.month, day.day))

    def _on_calendar_chosen(self, chosen: QDate) -> None:
        self._menu.hide()
        self.picked.emit(date(chosen.year(), chosen.month(), chosen.day()))
