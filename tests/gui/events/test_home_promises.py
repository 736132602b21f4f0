"""Home's Promises and Reconnect sections: ordering, Done, Snooze, log a contact, next date."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from companion.domain.people import Encounter, FollowUp, Person, Promise, PromiseStatus
from companion.services.promises.promises import reconnects
from companion.settings import ColorScheme
from companion.storage.store import Store
from companion.ui.home.home_page import HomePage
from companion.ui.shell.data_changes import DataChanges
from companion.ui.widgets.theme import OVERDUE_ON_LIGHT, Theme
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS)

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
SCREENSHOT_ENV = "COMPANION_SCREENSHOT_DIR"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "data")
    yield opened
    opened.close()


def _home(store: Store, qtbot: QtBot, opened: list[str] | None = None) -> HomePage:
    home = HomePage(
        today=lambda: TODAY,
        record_counts=lambda: {"people": len(store.people), "events": len(store.events)},
        changes=DataChanges(),
        import_file=lambda: None,
        store=store,
        now=lambda: NOW,
        show_person=None if opened is None else opened.append,
    )
    qtbot.addWidget(home)
    home.resize(1100, 800)
    home.show()
    qtbot.waitExposed(home)
    return home


def _fill_promises(store: Store) -> None:
    store.people.put(Person(id="ada", name="Ada Lovelace"))
    store.people.put(Person(id="ben", name="Ben Okri"))
    store.promises.put(Promise(id="today", person_id="ada", text="Send the route map", due=TODAY))
    store.promises.put(
        Promise(id="late", person_id="ben", text="Lend the Go book", due=TODAY - timedelta(3))
    )
    store.promises.put(
        Promise(id="soon", person_id="ada", text="Intro to Cleo", due=TODAY + timedelta(2))
    )
    store.promises.put(Promise(id="far", person_id="ben", text="Visit", due=TODAY + timedelta(30)))
    store.promises.put(
        Promise(
            id="kept",
            person_id="ben",
            text="Old",
            due=TODAY - timedelta(9),
            status=PromiseStatus.DONE,
        )
    )


@pytest.fixture
def light_theme(qapp: QApplication) -> Iterator[None]:
    """The app's look: its style sheet highlights what is overdue."""
    Theme(qapp, ColorScheme.LIGHT)
    yield
    Theme(qapp, ColorScheme.SYSTEM)


@pytest.mark.usefixtures("light_theme")
def test_promises_show_overdue_first_then_today_then_soon(store: Store, qtbot: QtBot) -> None:
    # Given promises overdue, due today, due in two days, in a month, and one kept
    _fill_promises(store)
    # When Home opens
    home = _home(store, qtbot)
    # Then the open ones due within a week are listed, the most overdue first
    assert home.promises is not None
    cards = home.promises.cards
    assert [card.promise_id for card in cards] == ["late", "today", "soon"]
    assert [card.due_label.text() for card in cards] == [
        "3 days overdue",
        "Due today",
        "Due in 2 days",
    ]
    # And only the overdue one is highlighted, its person named on it
    late, on_time = cards[0].due_label, cards[1].due_label
    assert late.property("overdue") is True and on_time.property("overdue") is None
    assert late.font().weight() > on_time.font().weight()
    assert late.palette().color(late.foregroundRole()) == QColor(OVERDUE_ON_LIGHT)
    assert on_time.palette().color(on_time.foregroundRole()) != QColor(OVERDUE_ON_LIGHT)
    assert cards[0].person_button.text() == "Ben Okri"
    assert home.promises.hint.isHidden()


def test_done_marks_the_promise_kept_durably_and_it_leaves_home(
    store: Store, qtbot: QtBot, tmp_path: Path
) -> None:
    # Given Home with an overdue promise
    _fill_promises(store)
    home = _home(store, qtbot)
    assert home.promises is not None
    section = home.promises
    late = home.promises.cards[0]
    # When Done is clicked
    late.done_button.click()
    # Then it disappears from Home
    qtbot.waitUntil(lambda: [c.promise_id for c in section.cards] == ["today", "soon"])
    # And it is stored as done today, also after the store is opened again
    store.close()
    reopened = Store.open(tmp_path / "data")
    try:
        promise = reopened.promises.get("late")
        assert promise is not None
        assert (promise.status, promise.done_on) == (PromiseStatus.DONE, TODAY)
    finally:
        reopened.close()


def test_snooze_moves_the_due_date_a_week_ahead(store: Store, qtbot: QtBot) -> None:
    # Given Home with a promise due today
    _fill_promises(store)
    home = _home(store, qtbot)
    assert home.promises is not None
    section = home.promises
    today_card = home.promises.cards[1]
    # When it is snoozed
    today_card.snooze_button.click()
    # Then it is due a week from today and no longer on Home's list for this week
    qtbot.waitUntil(lambda: "today" not in [c.promise_id for c in section.cards])
    promise = store.promises.get("today")
    assert promise is not None and promise.due == TODAY + timedelta(days=7)
    assert promise.status is PromiseStatus.OPEN


def test_the_person_on_a_promise_opens_their_page(store: Store, qtbot: QtBot) -> None:
    # Given Home with promises
    _fill_promises(store)
    opened: list[str] = []
    home = _home(store, qtbot, opened)
    assert home.promises is not None
    # When the person's name on the first card is clicked
    home.promises.cards[0].person_button.click()
    # Then that person is asked for
    assert opened == ["ben"]


def test_empty_sections_say_what_to_do(store: Store, qtbot: QtBot) -> None:
    # Given no promises and nobody to reconnect with
    # When Home opens
    home = _home(store, qtbot)
    # Then both sections explain how things get there
    assert home.promises is not None and home.reconnects is not None
    assert home.promises.cards == [] and home.reconnects.cards == []
    assert "Quick capture" in home.promises.hint.text()
    assert "follow-up" in home.reconnects.hint.text()
    assert home.promises.hint.isVisible() and home.reconnects.hint.isVisible()


def _fill_reconnects(store: Store) -> None:
    store.people.put(
        Person(id="cleo", name="Cleo", follow_up=FollowUp(next_date=TODAY - timedelta(5)))
    )
    store.people.put(Person(id="dan", name="Dan", follow_up=FollowUp(cadence_days=30)))
    store.encounters.put(Encounter(person_id="dan", on=TODAY - timedelta(days=40)))
    store.people.put(
        Person(id="eve", name="Eve", follow_up=FollowUp(next_date=TODAY + timedelta(9)))
    )


def test_reconnects_list_who_is_due_with_their_last_contact(store: Store, qtbot: QtBot) -> None:
    # Given Cleo due by date 5 days ago, Dan due by a monthly cadence (last met 40 days ago)
    # and Eve not due yet
    _fill_reconnects(store)
    # When Home opens
    home = _home(store, qtbot)
    # Then Cleo (most overdue) and Dan are listed, with when we were last in touch
    assert home.reconnects is not None
    cards = home.reconnects.cards
    assert [card.person_id for card in cards] == ["dan", "cleo"]
    assert cards[0].contact_label.full_text() == "Last contact 1 month ago"
    assert cards[1].contact_label.full_text() == "No contact logged yet"


def test_logging_a_contact_and_setting_a_next_date_clear_the_reconnect(
    store: Store, qtbot: QtBot
) -> None:
    # Given Home with two people to reconnect with
    _fill_reconnects(store)
    home = _home(store, qtbot)
    assert home.reconnects is not None
    section = home.reconnects
    dan, cleo = home.reconnects.cards
    # When a call with Dan is logged and Cleo's next date is set a month ahead
    [call] = [a for a in dan.log_menu.actions() if a.text() == "Call"]
    call.trigger()
    qtbot.waitUntil(lambda: len(section.cards) == 1)
    [month] = [a for a in section.cards[0].next_date_menu.actions() if a.text() == "In a month"]
    month.trigger()
    # Then nobody waits any more, and the store says why
    qtbot.waitUntil(lambda: section.cards == [])
    assert reconnects(store, TODAY) == []
    person = store.people.get("cleo")
    assert person is not None and person.follow_up == FollowUp(next_date=TODAY + timedelta(30))
    assert cleo.person_id == "cleo"
    assert any(e.person_id == "dan" and e.on == TODAY for e in store.encounters)


@pytest.mark.parametrize("scheme", [ColorScheme.LIGHT, ColorScheme.DARK])
def test_screenshot_of_home_with_promises(
    store: Store, qtbot: QtBot, qapp: QApplication, tmp_path: Path, scheme: ColorScheme
) -> None:
    # Given Home with promises and reconnects, in the light or dark theme
    Theme(qapp, scheme)
    _fill_promises(store)
    _fill_reconnects(store)
    home = _home(store, qtbot)
    # When it is grabbed
    target = Path(os.environ.get(SCREENSHOT_ENV, tmp_path)) / f"home-promises-{scheme}.png"
    try:
        qapp.processEvents()  # let the cards added at refresh take their size first
        saved = home.grab().save(str(target))
    finally:
        Theme(qapp, ColorScheme.SYSTEM)
    # Then the picture was written (look at it: COMPANION_SCREENSHOT_DIR=/tmp/x pytest …)
    assert saved and target.stat().st_size > 0


def test_a_home_left_open_over_midnight_shows_the_new_day(store: Store, qtbot: QtBot) -> None:
    # Given Home shown with a promise due tomorrow (listed as coming soon)
    _fill_promises(store)
    day = [TODAY]
    home = HomePage(
        today=lambda: day[0],
        record_counts=lambda: {"people": len(store.people), "events": len(store.events)},
        changes=DataChanges(),
        import_file=lambda: None,
        store=store,
        now=lambda: NOW,
    )
    qtbot.addWidget(home)
    home.show()
    assert home.promises is not None
    before = home.date_label.text()
    assert _due_texts(home)["soon"] == "Due in 2 days"
    # When midnight passes while it stays on screen and the minute timer ticks
    day[0] = TODAY + timedelta(days=1)
    home.day_timer.timeout.emit()
    # Then the date and what is due follow the new day
    assert home.date_label.text() != before
    assert _due_texts(home)["soon"] == "Due in 1 day"


def _due_texts(home: HomePage) -> dict[str, str]:
    assert home.promises is not None
    return {card.promise_id: card.due_label.text() for card in home.promises.cards}
