"""Sync elsewhere in the window: the tray's Sync now and status, Home's "New from your phone",
the question before deleting someone who is on a server, and an account's error in
Preferences — with screenshots to look at."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from companion.domain.events import Event
from companion.domain.people import Person
from companion.domain.sync_accounts import SyncAccount, SyncedCard, synced_card_id
from companion.i18n.languages import activate
from companion.services.changes import added
from companion.ui.home.home_page import HomePage
from companion.ui.home.phone_arrivals_section import PhoneArrivalsSection
from companion.ui.sync.sync_controller import SyncController, account_status
from companion.ui.sync.sync_section import SyncSection
from companion.ui.sync.sync_wiring import connect_sync
from companion.ui.tray.tray import Tray
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS, TODAY, RunningWindow
from tests.support.fake_sync_round import FakeRound, put_account

NOW = datetime(TODAY.year, TODAY.month, TODAY.day, 21, 0, tzinfo=UTC)
SHOTS = os.environ.get("COMPANION_SCREENSHOTS", "")

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS)


def _shot(widget: QWidget, name: str, tmp_path: Path) -> None:
    assert widget.grab().save(str((Path(SHOTS) if SHOTS else tmp_path) / f"{name}.png"))


def _connect(running: RunningWindow, round_: FakeRound, tray: Tray | None) -> SyncController:
    return connect_sync(
        running.window,
        session=running.session,
        changes=running.changes,
        now=lambda: NOW,
        today=lambda: TODAY,
        preferences=running.controller.preferences,
        home=running.window.pages.widget(0),
        show_person=running.controller.show_person,
        tray=tray,
        steps=round_.steps,
    )


def test_the_tray_offers_sync_now_only_with_an_account_and_says_how_it_went(
    qtbot: QtBot, running: RunningWindow, tmp_path: Path
) -> None:
    # Given the tray and no sync account
    tray = Tray(running.window, settings=running.settings)
    round_ = FakeRound(problem="Could not reach dav.example.org.")
    sync = _connect(running, round_, tray)
    # Then it has no Sync now
    assert not tray.sync_action.isVisible()
    assert tray.icon.toolTip() == "Common Ground"
    # When an account is added (announced as Preferences does)
    account = put_account(running.store)
    running.changes.announce(added("sync_accounts", account.id))
    # Then Sync now is there; choosing it runs a round, whose problem shows in the tooltip
    assert tray.sync_action.isVisible()
    with qtbot.waitSignal(sync.runner.finished, timeout=10_000):
        tray.sync_requested.connect(sync.sync_now)
        tray.sync_action.trigger()
    assert tray.icon.toolTip() == "Common Ground\nPhone: Could not reach dav.example.org."
    _shot(tray.menu, "tray-menu", tmp_path)


def test_home_lists_people_new_from_the_phone_and_logs_where_we_met(
    qtbot: QtBot, running: RunningWindow, tmp_path: Path
) -> None:
    # Given tonight's event, and Ana added on the phone today (she came in with a round)
    event = Event(title="Go club", start=NOW - timedelta(hours=2), end=NOW + timedelta(hours=1))
    running.store.events.put(event)
    put_account(running.store)
    round_ = FakeRound(incoming=("Ana Lopez",), arrived_on=TODAY)
    sync = _connect(running, round_, None)
    home = running.window.pages.widget(0)
    assert isinstance(home, HomePage)
    section = home.findChild(PhoneArrivalsSection)
    assert section is not None and not section.isVisibleTo(home)
    with qtbot.waitSignal(sync.runner.finished, timeout=10_000):
        sync.sync_now()
    # Then Home shows her, with one click for where we met
    assert section.isVisibleTo(home)
    [card] = section.cards
    assert card.met_button.text() == "Met at Go club"
    _shot(home, "home-new-from-phone", tmp_path)
    # When it is clicked
    card.met_button.click()
    # Then the encounter is logged at the event, and she leaves the section
    [encounter] = running.store.encounters.all()
    assert encounter.event_id == event.id and encounter.on == TODAY
    assert encounter.person_id == card.arrival.person.id
    assert not section.cards and not section.isVisibleTo(home)


def test_without_an_event_that_day_the_button_says_met_today(
    qtbot: QtBot, running: RunningWindow
) -> None:
    account = put_account(running.store)
    running.store.people.put(Person(name="Ben", arrived_from=account.id, arrived_on=TODAY))
    section = PhoneArrivalsSection(
        store=running.store, changes=running.changes, today=lambda: TODAY
    )
    qtbot.addWidget(section)
    assert [card.met_button.text() for card in section.cards] == ["Met today"]
    section.cards[0].met_button.click()
    [encounter] = running.store.encounters.all()
    assert encounter.event_id is None and encounter.on == TODAY


def test_a_contact_made_on_the_phone_days_ago_is_met_then_and_there(
    qtbot: QtBot, running: RunningWindow, tmp_path: Path
) -> None:
    # Given a contact the phone made two days ago at the meetup, which came in only today
    account = put_account(running.store)
    made = NOW - timedelta(days=2, hours=7)
    meetup = Event(title="Design meetup", start=made - timedelta(hours=1))
    running.store.events.put(meetup)
    running.store.people.put(
        Person(name="Anna Berg", arrived_from=account.id, arrived_on=TODAY, added_on_phone=made)
    )
    # When Home shows her
    section = PhoneArrivalsSection(
        store=running.store, changes=running.changes, today=lambda: TODAY
    )
    qtbot.addWidget(section)
    section.resize(520, 140)
    _shot(section, "phone-arrival-met-days-ago", tmp_path)
    # Then she is offered as met at the meetup, on the day the phone made her card
    [card] = section.cards
    assert card.met_button.text() == "Met at Design meetup"
    assert card.when_label.full_text() == "Added on your phone 2 days ago"
    card.met_button.click()
    [encounter] = running.store.encounters.all()
    assert (encounter.event_id, encounter.on) == (meetup.id, made.astimezone().date())
    assert not section.cards


def test_deleting_someone_on_a_server_asks_once_per_account(
    running: RunningWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given two people whose cards are on an account's address book
    account = put_account(running.store)
    people = [Person(name="Ana"), Person(name="Ben")]
    for person in people:
        running.store.people.put(person)
        running.store.synced_cards.put(
            SyncedCard(
                id=synced_card_id(account.id, person.id),
                account_id=account.id,
                person_id=person.id,
                href=f"{person.id}.vcf",
            )
        )
    sync = _connect(running, FakeRound(), None)
    asked: list[str] = []

    def answer(person: Person, *_args: object) -> bool | None:
        asked.append(person.name)
        return None if len(asked) == 1 else True

    monkeypatch.setattr(sync, "ask_delete_on_server", answer)
    # When the first deletion is cancelled at the question
    assert not sync.confirm_delete(people[0])
    # Then nothing is remembered; when asked again and answered "delete there too"
    assert sync.confirm_delete(people[0])
    stored = running.store.sync_accounts.get(account.id)
    assert stored is not None and stored.delete_on_server is True
    # Then the next deletion does not ask again
    assert sync.confirm_delete(people[1])
    assert asked == ["Ana", "Ana"]


def test_deleting_through_the_people_page_is_stopped_by_a_cancel(
    running: RunningWindow,
) -> None:
    person = Person(name="Ana")
    running.store.people.put(person)
    running.controller.people.set_delete_check(lambda _person: False)
    running.controller.people.reload()
    assert running.controller.people.select_person(person.id)
    running.controller.people.delete_selected()
    assert person.id in running.store.people


def test_an_accounts_problem_shows_in_preferences(
    qtbot: QtBot, running: RunningWindow, tmp_path: Path
) -> None:
    put_account(
        running.store,
        last_error="dav.example.org did not accept the user name or password.",
        last_sync=NOW - timedelta(days=1),
    )
    _connect(running, FakeRound(), None)
    running.window.preferences_action.trigger()
    dialog = running.controller.preferences_dialog
    assert dialog is not None and dialog.tabs is not None
    dialog.tabs.setCurrentIndex(1)
    section = dialog.tabs.currentWidget()
    assert isinstance(section, SyncSection)
    # The name is the group's title; the status line says only what went wrong
    assert section.details.title() == "Phone"
    assert section.status.text() == "dav.example.org did not accept the user name or password."
    row = section.accounts.item(0).text()
    assert row.count("Phone") == 1
    assert row.endswith("· dav.example.org did not accept the user name or password.")
    assert section.status.property("role") == "error"
    _shot(dialog, "sync-error", tmp_path)
    dialog.reject()


def test_preferences_sync_reads_in_german(
    qtbot: QtBot, open_window: Callable[[], RunningWindow], tmp_path: Path
) -> None:
    # Given the app in German and an account that synced
    assert activate("de") == "de"
    running = open_window()
    put_account(running.store, last_sync=NOW)
    _connect(running, FakeRound(), None)
    # When Preferences > Sync is opened
    running.controller.open_preferences()
    dialog = running.controller.preferences_dialog
    assert dialog is not None and dialog.tabs is not None
    dialog.tabs.setCurrentIndex(1)
    section = dialog.tabs.currentWidget()
    assert isinstance(section, SyncSection)
    # Then it speaks German, down to the sentence about what goes where
    assert dialog.tabs.tabText(0) == "All&gemein"
    assert section.sync_button.text() == "Jetzt synchr&onisieren"
    assert section.what_is_sent.text().startswith("Namen, Telefonnummern, E-Mails")
    assert section.status.text().startswith("Zuletzt synchronisiert ")
    _shot(dialog, "sync-account-de", tmp_path)
    dialog.reject()


def test_the_tray_names_a_problem_by_its_first_clause() -> None:
    # Given an account whose last problem says what to do after a semicolon
    problem = (
        "dav.example.org did not accept the user name or password; if it changed, give the new "
        "one: Preferences > Sync > Change Password…, or companion sync password “Phone”."
    )
    account = SyncAccount(
        name="Phone", url="https://dav.example.org/", user="a", last_error=problem
    )
    # When the tray's tooltip line is made (tray tooltips are short: 127 characters on Windows)
    line = account_status(account, now=NOW)
    # Then it is the problem's first clause; Preferences has all of it
    assert line == "Phone: dav.example.org did not accept the user name or password"
