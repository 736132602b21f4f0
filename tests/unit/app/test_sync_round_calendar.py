"""Whole sync rounds (``sync_round.run_round_here``) with the calendar side, against Radicale and
Xandikos: events of the phone's calendar come in, promises go out as tasks, and a task completed
on the phone keeps the promise here; the summary line counts all three."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from companion.domain.people import Person, Promise, PromiseStatus
from companion.domain.sync_accounts import SyncAccount, calendars_to_read
from companion.remote.dav_discovery import new_dav_session
from companion.services.sync.sync_accounts import add_account
from companion.services.sync.sync_calendar import TASK
from companion.services.sync.sync_round import run_round_here
from companion.storage.store import Store
from tests.support.radicale_server import PASSWORD, USER, running_radicale
from tests.support.xandikos_server import running_xandikos

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)

EVENT = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Phone//EN\r\nBEGIN:VEVENT\r\n"
    "UID:meetup-42\r\nDTSTAMP:20270201T000000Z\r\nDTSTART:20270310T180000Z\r\n"
    "DTEND:20270310T200000Z\r\nSUMMARY:Python Meetup\r\nLOCATION:Tech Hub\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


@pytest.fixture(params=["radicale", "xandikos"])
def server_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "radicale":
        with running_radicale(tmp_path) as (radicale, _allowed):
            radicale.add_collection(f"{USER}/contacts", tag="VADDRESSBOOK", name="Contacts")
            radicale.add_collection(f"{USER}/calendar", tag="VCALENDAR", name="Calendar")
            yield radicale.url
    else:
        with running_xandikos(tmp_path) as (xandikos, _allowed):
            yield xandikos.url


@pytest.fixture
def account(core_store: Store, server_url: str) -> SyncAccount:
    added, _changes = add_account(
        core_store, "Phone", url=server_url, user=USER, password=PASSWORD, now=NOW
    )
    return added


def http(method: str, url: str, text: str = "", etag: str = "") -> tuple[int, str, str]:
    """What the phone does: plain HTTP. Status, body and ETag."""
    session = new_dav_session(USER, PASSWORD)
    try:
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        if etag:
            headers["If-Match"] = etag
        response = session.request(
            method, url, data=text.encode("utf-8") if text else None, headers=headers, timeout=10
        )
        return (
            int(response.status_code or 0),
            str(response.text or ""),
            str(response.headers.get("ETag", "")),
        )
    finally:
        session.close()


def test_a_round_brings_events_in_sends_promises_and_keeps_those_done_on_the_phone(
    core_store: Store, account: SyncAccount
) -> None:
    # Given an event the phone put in its calendar, and an open promise here
    [calendar] = calendars_to_read(account)[:1]
    assert http("PUT", calendar.rstrip("/") + "/meetup.ics", EVENT)[0] in (201, 204)
    anna = Person(name="Anna Berg", notes="private: met at the school gate")
    core_store.people.put(anna)
    promise = Promise(person_id=anna.id, text="Send the article", due=date(2027, 3, 5))
    core_store.promises.put(promise)
    # When a round runs
    summary, _changes = run_round_here(core_store, account, now=NOW)
    # Then the event is here, the promise is a task on the server, and the summary says so
    assert summary.problem == ""
    assert [(event.title, event.venue) for event in core_store.events] == [
        ("Python Meetup", "Tech Hub")
    ]
    assert (summary.events_in, summary.tasks_out) == (1, 1)
    assert "1 event in" in summary.text() and "1 task out" in summary.text()
    [row] = [row for row in core_store.synced_calendar_items.all() if row.kind == TASK]
    status, text, etag = http("GET", row.href)
    assert status == 200 and "SUMMARY:Promise to Anna Berg: Send the article" in text
    assert "school gate" not in text
    # When the phone completes the task
    done = text.replace("STATUS:NEEDS-ACTION", "STATUS:COMPLETED")
    assert http("PUT", row.href, done, etag=etag)[0] in (200, 201, 204)
    summary, _changes = run_round_here(core_store, account, now=LATER)
    # Then the promise is kept here, and nothing else moved
    assert summary.problem == ""
    assert summary.promises_kept == 1 and summary.events_in == 0
    kept = core_store.promises.get(promise.id)
    assert kept is not None and kept.status is PromiseStatus.DONE
    assert len(core_store.events) == 1
