"""All-day events in the window: made with the form's box, listed with days and no time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from companion.domain.events import Event
from companion.ui.events.events_model import EventRole, when_text
from companion.ui.shell.pages import PageKey
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS, RunningWindow
from tests.gui.events.test_events_page import _add, _event_rows, _events_page, _open_form

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS)
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(autouse=True)
def forget_undo_history(running: RunningWindow) -> Iterator[None]:
    yield
    running.window.undo_stack.clear()


def test_given_the_form_when_all_day_is_ticked_then_an_all_day_event_is_saved(
    running: RunningWindow, qtbot: QtBot
) -> None:
    # Given the new-event form with a title, a first and a last day
    controller = _events_page(running)
    controller.open_new_form()
    form = _open_form(controller, qtbot)
    qtbot.keyClicks(form.title_edit, "Board game festival")
    form.all_day_check.setChecked(True)
    form.start_edit.setDate(QDate(2027, 1, 16))
    form.end_check.setChecked(True)
    form.end_edit.setDate(QDate(2027, 1, 17))
    # Then the times are hidden
    assert "h" not in form.start_edit.displayFormat().lower()
    # When it is saved
    with qtbot.waitSignal(running.changes.changed):
        qtbot.keyClick(form.title_edit, Qt.Key.Key_Return)
    # Then it covers the two days, all day
    (stored,) = running.store.events.all()
    assert stored.all_day
    assert (stored.first_day, stored.last_day) == (date(2027, 1, 16), date(2027, 1, 17))


def test_given_an_all_day_event_when_listed_and_edited_untouched_then_it_keeps_its_days(
    running: RunningWindow, qtbot: QtBot
) -> None:
    # Given an all-day event in Berlin, ten days from now
    day = date.today() + timedelta(days=10)
    event = Event(title="Festival", start=datetime.combine(day, time(0), BERLIN), all_day=True)
    controller = _events_page(running)
    _add(running, event)
    # Then the list shows its day without a time, in any zone
    [row] = [index for index in _event_rows(controller) if index.data() == "Festival"]
    assert str(row.data(EventRole.WHEN)).endswith(", all day")
    far_west = when_text(event, now=datetime.now(BERLIN), zone=ZoneInfo("America/Los_Angeles"))
    assert far_west == row.data(EventRole.WHEN)
    # When it is opened and saved untouched
    assert controller.select_event(event.id)
    controller.page.list_view.setFocus()
    qtbot.keyClick(controller.page.list_view, Qt.Key.Key_Return)
    form = _open_form(controller, qtbot)
    assert form.all_day_check.isChecked()
    assert form.start_edit.date() == QDate(day.year, day.month, day.day)
    form.accept()
    # Then it is the same all-day event
    assert running.store.events.get(event.id) == event
    running.window.show_page(PageKey.HOME)


def test_given_the_event_form_when_a_far_date_is_entered_then_it_stays_in_the_kept_years(
    running: RunningWindow, qtbot: QtBot
) -> None:
    controller = _events_page(running)
    controller.open_new_form()
    form = _open_form(controller, qtbot)
    form.start_edit.setDate(QDate(9999, 12, 31))
    assert form.start_edit.date() == QDate(2200, 12, 31)
    form.start_edit.setDate(QDate(1066, 10, 14))
    assert form.start_edit.date() == QDate(1900, 1, 1)
    form.reject()


def test_given_an_all_day_event_when_home_shows_its_card_then_it_has_days_and_no_time(
    qtbot: QtBot,
) -> None:
    from companion.ui.home.home_cards import EventCard

    event = Event(
        title="Festival",
        start=datetime(2027, 1, 16, tzinfo=BERLIN),
        end=datetime(2027, 1, 18, tzinfo=BERLIN),
        all_day=True,
    )
    card = EventCard(event, (), now=datetime(2027, 1, 10, 12, 0, tzinfo=BERLIN))
    qtbot.addWidget(card)
    # (Babel puts thin spaces around the dash)
    assert card.when_label.text() == "Sat, Jan 16\u2009–\u2009Sun, Jan 17, all day"
