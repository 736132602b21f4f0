"""The CalDAV side of a sync round against a real Radicale: events of the chosen calendars come
in through the .ics import, promises and reconnects go out as tasks, a task completed on the
server keeps the promise here, and a task changed on the server is never overwritten blindly."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from companion.domain.events import EventStatus
from companion.domain.people import FollowUp, Person, Promise, PromiseStatus
from companion.domain.sync_accounts import SyncAccount
from companion.remote.dav_discovery import new_dav_session
from companion.services.sync.sync_accounts import add_account, remove_account
from companion.services.sync.sync_calendar import (
    TASK,
    CalendarOutcome,
    apply_calendar,
    exchange_calendar,
    plan_calendar,
)
from companion.storage.store import Store
from tests.support.icaljs import parse_text_with_icaljs
from tests.support.radicale_server import PASSWORD, USER, RadicaleServer, running_radicale

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[RadicaleServer]:
    with running_radicale(tmp_path) as (server, _allowed):
        server.add_collection(f"{USER}/calendar", tag="VCALENDAR", name="Calendar")
        server.add_collection(f"{USER}/work", tag="VCALENDAR", name="Work")
        yield server


@pytest.fixture
def account(core_store: Store, radicale: RadicaleServer) -> SyncAccount:
    added, _changes = add_account(
        core_store, "Phone", url=radicale.url, user=USER, password=PASSWORD, now=NOW
    )
    return added


def event_text(uid: str, title: str, start: str, *, extra: str = "") -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Phone//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:20270201T000000Z\r\nDTSTART:{start}\r\nSUMMARY:{title}\r\n"
        f"{extra}END:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def put(url: str, text: str, *, etag: str = "") -> int:
    """What the phone does: a plain HTTP PUT."""
    session = new_dav_session(USER, PASSWORD)
    try:
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        if etag:
            headers["If-Match"] = etag
        return int(session.put(url, data=text.encode("utf-8"), headers=headers).status_code or 0)
    finally:
        session.close()


def get(url: str) -> tuple[str, str]:
    session = new_dav_session(USER, PASSWORD)
    try:
        response = session.get(url)
        assert response.status_code == 200, response.status_code
        return str(response.text), str(response.headers.get("ETag", ""))
    finally:
        session.close()


def delete(url: str) -> None:
    session = new_dav_session(USER, PASSWORD)
    try:
        session.delete(url)
    finally:
        session.close()


def sync(store: Store, account_id: str, now: datetime = NOW) -> CalendarOutcome:
    account = store.sync_accounts.get(account_id)
    assert account is not None
    plan = plan_calendar(store, account, now=now)
    session = new_dav_session(USER, PASSWORD)
    try:
        exchange = exchange_calendar(plan, session)
    finally:
        session.close()
    return apply_calendar(store, exchange, now=now)


def task_href(store: Store, record: str) -> str:
    [row] = [
        row
        for row in store.synced_calendar_items.all()
        if row.kind == TASK and row.record == record
    ]
    return row.href


def test_given_events_on_the_server_when_synced_then_they_come_in_once_and_follow_changes(
    core_store: Store, account: SyncAccount, radicale: RadicaleServer
) -> None:
    # Given two events in the default calendar ("Calendar") and one in "Work"
    calendar = f"{radicale.url}{USER}/calendar/"
    assert (
        put(calendar + "a.ics", event_text("meetup-1", "Python Meetup", "20270310T180000Z")) == 201
    )
    weekly = event_text("jam-1", "Jam session", "20270302T190000Z", extra="RRULE:FREQ=WEEKLY\r\n")
    assert put(calendar + "b.ics", weekly) == 201
    assert put(f"{radicale.url}{USER}/work/c.ics", event_text("w", "Standup", "20270302T090000Z"))
    # When a round runs
    outcome = sync(core_store, account.id)
    # Then the chosen calendar's events are here, the series as its occurrences, Work's not
    assert outcome.problem == ""
    titles = sorted(event.title for event in core_store.events)
    assert "Python Meetup" in titles and "Standup" not in titles
    jams = [event for event in core_store.events if event.title == "Jam session"]
    assert len(jams) > 4
    assert outcome.events_in == len(core_store.events)
    # When nothing changed, a second round brings nothing
    assert sync(core_store, account.id, LATER).events_in == 0
    # When the meetup moves on the server, the event here follows (no copy)
    _text, etag = get(calendar + "a.ics")
    moved = event_text("meetup-1", "Python Meetup (moved)", "20270311T180000Z")
    assert put(calendar + "a.ics", moved, etag=etag) in (200, 201, 204)
    assert sync(core_store, account.id, LATER).events_in == 1
    meetups = [event for event in core_store.events if event.source_uid == "meetup-1"]
    assert [event.title for event in meetups] == ["Python Meetup (moved)"]
    # When it is deleted on the server, it stays here, only unlinked
    delete(calendar + "a.ics")
    sync(core_store, account.id, LATER)
    assert [event.title for event in core_store.events if event.source_uid == "meetup-1"] == [
        "Python Meetup (moved)"
    ]
    assert not [row for row in core_store.synced_calendar_items.all() if "a.ics" in row.href]


def test_given_chosen_calendars_when_synced_then_only_those_are_read(
    core_store: Store, account: SyncAccount, radicale: RadicaleServer
) -> None:
    # Given the user chose "Work" only
    work = f"{radicale.url}{USER}/work/"
    core_store.sync_accounts.put(dataclasses.replace(account, chosen_calendars=(work,)))
    put(work + "c.ics", event_text("w", "Standup", "20270302T090000Z"))
    put(f"{radicale.url}{USER}/calendar/a.ics", event_text("m", "Meetup", "20270310T180000Z"))
    # When a round runs
    sync(core_store, account.id)
    # Then only Work's event came in
    assert [event.title for event in core_store.events] == ["Standup"]


def test_given_a_promise_when_synced_then_it_is_a_task_with_a_reminder_and_nothing_private(
    core_store: Store, account: SyncAccount, tmp_path: Path
) -> None:
    # Given Anna, with private notes, and an open promise to her due on 5 March
    anna = Person(name="Anna Berg", notes="Her divorce is hard on her")
    core_store.people.put(anna)
    promise = Promise(person_id=anna.id, text="Send the article", due=date(2027, 3, 5))
    core_store.promises.put(promise)
    # When a round runs
    outcome = sync(core_store, account.id)
    # Then the server's "Common Ground" task list has the task, as ical.js reads it
    assert (outcome.tasks_out, outcome.problem) == (1, "")
    text, _etag = get(task_href(core_store, f"promise:{promise.id}"))
    assert "divorce" not in text
    [calendar] = parse_text_with_icaljs(text, tmp_path, suffix=".ics")
    [todo] = calendar.children("vtodo")
    assert todo.first("summary") == "Promise to Anna Berg: Send the article"
    assert todo.first("due") == "2027-03-05"
    assert todo.first("status") == "NEEDS-ACTION"
    assert todo.first("x-common-ground-id") == f"promise:{promise.id}"
    [alarm] = todo.children("valarm")
    assert alarm.first("action") == "DISPLAY"
    assert alarm.first("trigger") == "PT9H"
    # And a second round without changes sends nothing
    assert sync(core_store, account.id, LATER).tasks_out == 0


def test_given_a_task_completed_on_the_phone_when_synced_then_the_promise_is_kept_here(
    core_store: Store, account: SyncAccount
) -> None:
    # Given a promise already sent as a task
    anna = Person(name="Anna Berg")
    core_store.people.put(anna)
    promise = Promise(person_id=anna.id, text="Send the article", due=date(2027, 3, 5))
    core_store.promises.put(promise)
    sync(core_store, account.id)
    href = task_href(core_store, f"promise:{promise.id}")
    # When the phone marks it completed
    text, etag = get(href)
    done = text.replace("STATUS:NEEDS-ACTION", "STATUS:COMPLETED\r\nCOMPLETED:20270302T080000Z")
    assert put(href, done, etag=etag) in (200, 201, 204)
    outcome = sync(core_store, account.id, LATER)
    # Then the promise is kept here, and the server's task stays completed
    assert outcome.promises_kept == 1
    kept = core_store.promises.get(promise.id)
    assert kept is not None and kept.status is PromiseStatus.DONE
    assert outcome.refused == 0
    assert "COMPLETED" in get(href)[0]
    # And the next round counts nothing kept again
    assert sync(core_store, account.id, LATER).promises_kept == 0


def test_given_a_task_completed_on_the_phone_when_synced_again_then_it_is_not_written_back(
    core_store: Store, account: SyncAccount
) -> None:
    # Given a promise sent as a task, completed on the phone at 08:00, and kept here by a round
    anna = Person(name="Anna Berg")
    core_store.people.put(anna)
    promise = Promise(person_id=anna.id, text="Send the article", due=date(2027, 3, 5))
    core_store.promises.put(promise)
    sync(core_store, account.id)
    href = task_href(core_store, f"promise:{promise.id}")
    text, etag = get(href)
    done = text.replace("STATUS:NEEDS-ACTION", "STATUS:COMPLETED\r\nCOMPLETED:20270301T080000Z")
    assert put(href, done, etag=etag) in (200, 201, 204)
    assert sync(core_store, account.id, LATER).promises_kept == 1
    on_server, etag_after = get(href)
    # When the next round runs
    outcome = sync(core_store, account.id, LATER + timedelta(minutes=15))
    # Then nothing goes out: the phone's task (and when it was completed) stays as it is
    assert outcome.tasks_out == 0
    assert get(href) == (on_server, etag_after)
    assert "COMPLETED:20270301T080000Z" in on_server


def test_given_a_task_changed_on_the_server_when_changed_here_too_then_it_is_not_overwritten(
    core_store: Store, account: SyncAccount
) -> None:
    # Given a promise sent as a task, then edited on the phone (a note added)
    anna = Person(name="Anna Berg")
    core_store.people.put(anna)
    promise = Promise(person_id=anna.id, text="Send the article", due=date(2027, 3, 5))
    core_store.promises.put(promise)
    sync(core_store, account.id)
    href = task_href(core_store, f"promise:{promise.id}")
    text, etag = get(href)
    edited = text.replace("END:VTODO", "DESCRIPTION:typed on the phone\r\nEND:VTODO")
    assert put(href, edited, etag=etag) in (200, 201, 204)
    # When the promise's due day changes here and the round's write meets the phone's version
    core_store.promises.put(dataclasses.replace(promise, due=date(2027, 3, 8)))
    account_now = core_store.sync_accounts.get(account.id)
    assert account_now is not None
    plan = plan_calendar(core_store, account_now, now=LATER)
    session = new_dav_session(USER, PASSWORD)
    try:
        exchange = exchange_calendar(plan, session)
    finally:
        session.close()
    outcome = apply_calendar(core_store, exchange, now=LATER)
    # Then the server refused (412) and kept the phone's version
    assert outcome.refused == 1 and outcome.tasks_out == 0
    assert "typed on the phone" in get(href)[0]
    # And the next round, having read it, sends the new due day over the version it read
    assert sync(core_store, account.id, LATER).tasks_out == 1
    assert "DUE;VALUE=DATE:20270308" in get(href)[0]


def test_given_promises_kept_or_dropped_here_then_their_tasks_close_or_go(
    core_store: Store, account: SyncAccount
) -> None:
    # Given two promises sent as tasks
    anna = Person(name="Anna Berg")
    core_store.people.put(anna)
    kept = Promise(person_id=anna.id, text="Send the article", due=date(2027, 3, 5))
    dropped = Promise(person_id=anna.id, text="Lend the book", due=date(2027, 3, 6))
    core_store.promises.put_many([kept, dropped])
    sync(core_store, account.id)
    kept_href = task_href(core_store, f"promise:{kept.id}")
    dropped_href = task_href(core_store, f"promise:{dropped.id}")
    # When one is kept and the other dropped here
    core_store.promises.put(
        dataclasses.replace(kept, status=PromiseStatus.DONE, done_on=NOW.date())
    )
    core_store.promises.put(dataclasses.replace(dropped, status=PromiseStatus.DROPPED))
    outcome = sync(core_store, account.id, LATER)
    # Then the first task is completed on the server and the second removed
    assert outcome.tasks_out == 2
    assert icalendar.Calendar.from_ical(get(kept_href)[0]).walk("VTODO")[0]["STATUS"] == (
        "COMPLETED"
    )
    session = new_dav_session(USER, PASSWORD)
    try:
        assert session.get(dropped_href).status_code == 404
    finally:
        session.close()


def test_given_a_reconnect_when_its_task_is_completed_on_the_phone_then_the_contact_is_logged(
    core_store: Store, account: SyncAccount
) -> None:
    # Given Ben, to get back in touch with on 1 March
    ben = Person(name="Ben Okafor", follow_up=FollowUp(next_date=date(2027, 3, 1)))
    core_store.people.put(ben)
    sync(core_store, account.id)
    href = task_href(core_store, f"reconnect:{ben.id}")
    text, etag = get(href)
    assert "SUMMARY:Get back in touch with Ben Okafor" in text
    # When the phone completes it
    put(href, text.replace("STATUS:NEEDS-ACTION", "STATUS:COMPLETED"), etag=etag)
    sync(core_store, account.id, LATER)
    # Then a contact is logged today and the reconnect date is used up
    assert [encounter.on for encounter in core_store.encounters] == [LATER.date()]
    after = core_store.people.get(ben.id)
    assert after is not None and after.follow_up is None
    # And the next round removes the task, and logs no second contact
    assert sync(core_store, account.id, LATER).tasks_out == 1
    assert len(core_store.encounters) == 1
    assert not [row for row in core_store.synced_calendar_items.all() if row.kind == TASK]


def test_given_the_task_list_deleted_on_the_server_when_synced_then_a_new_one_takes_new_tasks(
    core_store: Store, account: SyncAccount
) -> None:
    # Given a promise sent as a task, then the whole task list deleted on the server
    anna = Person(name="Anna Berg")
    core_store.people.put(anna)
    first = Promise(person_id=anna.id, text="Send the article", due=date(2027, 3, 5))
    core_store.promises.put(first)
    sync(core_store, account.id)
    old_list = task_href(core_store, f"promise:{first.id}").rsplit("/", 1)[0] + "/"
    delete(old_list)
    # When a new promise is made and a round runs
    second = Promise(person_id=anna.id, text="Lend the book", due=date(2027, 3, 9))
    core_store.promises.put(second)
    outcome = sync(core_store, account.id, LATER)
    # Then a new "Common Ground" list holds the new task; the deleted one is not sent again
    assert (outcome.problem, outcome.tasks_out) == ("", 1)
    new_href = task_href(core_store, f"promise:{second.id}")
    assert not new_href.startswith(old_list)
    assert "Lend the book" in get(new_href)[0]
    assert task_href(core_store, f"promise:{first.id}") == ""
    assert sync(core_store, account.id, LATER).tasks_out == 0


def test_given_an_event_edited_here_during_a_round_then_the_server_change_and_the_edit_both_stay(
    core_store: Store, account: SyncAccount, radicale: RadicaleServer
) -> None:
    # Given an event that came from the server
    calendar = f"{radicale.url}{USER}/calendar/"
    put(calendar + "a.ics", event_text("meetup-1", "Python Meetup", "20270310T180000Z"))
    sync(core_store, account.id)
    # And a round that read the server's new title (on a worker, from the plan's snapshot)
    _text, etag = get(calendar + "a.ics")
    put(
        calendar + "a.ics",
        event_text("meetup-1", "Python Meetup #2", "20270310T180000Z"),
        etag=etag,
    )
    current = core_store.sync_accounts.get(account.id)
    assert current is not None
    plan = plan_calendar(core_store, current, now=LATER)
    session = new_dav_session(USER, PASSWORD)
    try:
        exchange = exchange_calendar(plan, session)
    finally:
        session.close()
    assert exchange.events is not None and exchange.events.updated == 1
    # When the user says they are going before the round's answer is written
    [event] = core_store.events.all()
    core_store.events.put(dataclasses.replace(event, status=EventStatus.GOING))
    outcome = apply_calendar(core_store, exchange, now=LATER)
    # Then the event has the server's new title and the user's answer
    [after] = core_store.events.all()
    assert (after.title, after.status) == ("Python Meetup #2", EventStatus.GOING)
    assert outcome.events_in == 1


def test_given_a_synced_account_when_removed_then_its_calendar_status_goes_and_data_stays(
    core_store: Store, account: SyncAccount, radicale: RadicaleServer
) -> None:
    # Given an account that brought an event in and sent a task
    put(f"{radicale.url}{USER}/calendar/a.ics", event_text("m", "Meetup", "20270310T180000Z"))
    anna = Person(name="Anna Berg")
    core_store.people.put(anna)
    core_store.promises.put(Promise(person_id=anna.id, text="Call back", due=date(2027, 3, 4)))
    sync(core_store, account.id)
    assert core_store.synced_calendar_items.all() and core_store.synced_calendars.all()
    # When the account is removed
    remove_account(core_store, "Phone")
    # Then its sync status is gone, and the event and the promise stay
    assert core_store.synced_calendar_items.all() == []
    assert core_store.synced_calendars.all() == []
    assert [event.title for event in core_store.events] == ["Meetup"]
    assert len(core_store.promises) == 1
