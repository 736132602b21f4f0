"""One range of dates (years 1900-2200) at every boundary; arithmetic saturates, never overflows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import orjson
import pytest

from companion.domain.date_range import add_days, add_to_moment, check_moment
from companion.domain.errors import ValidationError
from companion.domain.events import Event
from companion.domain.people import FollowUp, Person, Promise
from companion.i18n.formats import format_datetime, format_time
from companion.interop.detect import FileKind
from companion.interop.errors import FormatError
from companion.interop.icalendar_events import parse_events
from companion.interop.json_backup import BACKUP_VERSION, FORMAT_NAME
from companion.services.data.backup import import_backup
from companion.services.people.contacts_reading import plan_contacts_import
from companion.services.promises.promises import reconnects
from companion.storage.migrations import SCHEMA_VERSION
from companion.storage.store import Store

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _calendar(*lines: str) -> bytes:
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", *lines, "END:VCALENDAR"]
    return ("\r\n".join(body) + "\r\n").encode()


@pytest.mark.parametrize(
    "start",
    [
        "DTSTART;TZID=Pacific/Pago_Pago:99991231T200000",
        "DTSTART:99991231T233000Z",
        "DTSTART;VALUE=DATE:99991231",
        "DTSTART:18000101T100000Z",
    ],
)
def test_given_an_ics_event_out_of_range_when_read_then_it_is_skipped_with_its_line(
    start: str,
) -> None:
    # Given a far-future (or far-past) event and an ordinary one
    data = _calendar(
        "BEGIN:VEVENT", "UID:far", start, "SUMMARY:Far away", "END:VEVENT",
        "BEGIN:VEVENT", "UID:near", "DTSTART:20260310T180000Z", "SUMMARY:Near", "END:VEVENT",
    )  # fmt: skip
    # When the file is read, east of UTC
    calendar = parse_events(data, now=NOW, local_zone=ZoneInfo("Asia/Tokyo"))
    # Then only the ordinary event comes through; the other is named with its line and why
    assert [entry.event.title for entry in calendar.events] == ["Near"]
    [skipped] = calendar.skipped
    assert (skipped.line, skipped.title) == (4, "Far away")
    assert "outside the years 1900 to 2200" in skipped.reason


def _backup(tables: dict[str, object]) -> bytes:
    envelope = {
        "format": FORMAT_NAME,
        "backup_version": BACKUP_VERSION,
        "schema_version": SCHEMA_VERSION,
        "exported_at": "2026-03-01T12:00:00+00:00",
        "tables": tables,
    }
    return orjson.dumps(envelope)


def test_given_a_backup_with_a_far_future_follow_up_when_restored_then_it_is_refused(
    core_store: Store,
) -> None:
    person = {"id": "p1", "name": "Ada", "follow_up": {"next_date": "9999-12-31"}}
    with pytest.raises(FormatError) as caught:
        import_backup(core_store, _backup({"people": {"p1": person}}))
    message = str(caught.value)
    assert "record “p1” in “people”" in message
    assert "The date 9999-12-31 is outside the years 1900 to 2200." in message
    assert len(core_store.people) == 0


def test_given_a_backup_with_an_event_in_year_9999_when_restored_then_it_is_refused(
    core_store: Store,
) -> None:
    event = {"id": "e1", "title": "Far", "start": "9999-12-31T23:30:00+00:00"}
    with pytest.raises(FormatError, match="record “e1” in “events”"):
        import_backup(core_store, _backup({"events": {"e1": event}}))
    assert len(core_store.events) == 0


def test_given_csv_dates_out_of_range_when_planned_then_those_rows_are_refused_by_line(
    core_store: Store,
) -> None:
    data = (
        b"Name,Birthday,First met\n"
        b"Ada Lovelace,1815-12-10,2020-05-01\n"
        b"Time Traveller,9999-01-01,\n"
        b"Early Bird,,1850-01-01\n"
    )
    plan = plan_contacts_import(core_store, data, file_name="people.csv", kind=FileKind.CSV)
    problems = {item.line: item.reason for item in plan.items if item.problem}
    assert problems == {
        3: "The birthday 9999-01-01 is after the year 2200.",
        4: "The date 1850-01-01 is outside the years 1900 to 2200.",
    }
    [ada] = [item.person for item in plan.items if item.person is not None and not item.problem]
    assert ada.birthday == "1815-12-10"  # an old birthday is kept: it is only shown


def test_given_records_out_of_range_when_made_then_they_are_refused() -> None:
    with pytest.raises(ValidationError, match="outside the years 1900 to 2200"):
        Event(title="Far", start=datetime(2201, 1, 1, tzinfo=UTC))
    with pytest.raises(ValidationError, match="outside the years 1900 to 2200"):
        # On its own clock 31 December 2200, in UTC already 2201
        check_moment(datetime(2200, 12, 31, 20, 0, tzinfo=ZoneInfo("Pacific/Pago_Pago")), field="x")
    with pytest.raises(ValidationError):
        Promise(person_id="p", text="Intro", due=date(9999, 1, 1))
    with pytest.raises(ValidationError):
        FollowUp(next_date=date(1, 1, 1))
    with pytest.raises(ValidationError):
        Person(name="Ada", first_met=date(2500, 1, 1))


def test_given_dates_near_the_edges_when_days_are_added_then_they_saturate() -> None:
    assert add_days(date(2200, 12, 1), 100) == date(2200, 12, 31)
    assert add_days(date(9999, 12, 31), 3660) == date(2200, 12, 31)
    assert add_days(date(1950, 1, 1), -(10**9)) == date(1900, 1, 1)
    assert FollowUp(cadence_days=3660).due_date(date(9999, 12, 30)) == date(2200, 12, 31)
    late = datetime(9999, 12, 31, 23, 0, tzinfo=UTC)
    assert add_to_moment(late, timedelta(days=2)).year == 2200


def test_given_a_stored_last_contact_in_year_9999_when_reconnects_are_listed_then_no_overflow(
    core_store: Store,
) -> None:
    # Given a person with a cadence and an encounter in year 9999, written past validation
    core_store.put_documents(
        "people", {"p1": {"id": "p1", "name": "Ada", "follow_up": {"cadence_days": 30}}}
    )
    core_store.put_documents(
        "encounters", {"x1": {"id": "x1", "person_id": "p1", "on": "9999-12-30"}}
    )
    # When the reconnects are listed, then the due date saturates instead of overflowing
    assert reconnects(core_store, date(2026, 3, 1), within_days=365) == []


def test_given_a_moment_at_the_end_of_time_when_formatted_east_of_utc_then_no_overflow() -> None:
    late = datetime(9999, 12, 31, 23, 30, tzinfo=UTC)
    berlin = ZoneInfo("Europe/Berlin")
    assert "9999" in format_datetime(late, tz=berlin, locale="en")
    assert format_time(late, tz=berlin, locale="en") == "11:30\u202fPM"
