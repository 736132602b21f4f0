"""All-day events are days, not midnights: imported, stored, shown and exported as dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from companion.domain.events import Event
from companion.interop.icalendar_events import parse_events
from companion.interop.ics_export import PreparedEvent, write_calendar
from companion.services.data.backup import export_backup, import_backup
from companion.services.events.event_import import apply_event_import, plan_event_import
from companion.services.prepare.prep_card import when_text
from companion.services.prepare.prepare import PrepCard
from companion.services.promises.reminders import pending_reminders
from companion.storage.codec import from_document, to_document
from companion.storage.store import Store
from tests.support.icaljs import parse_with_icaljs

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
FESTIVAL = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
    b"BEGIN:VEVENT\r\nUID:festival@example.org\r\nDTSTAMP:20261101T000000Z\r\n"
    b"DTSTART;VALUE=DATE:20270116\r\nSUMMARY:Board game festival\r\n"
    b"END:VEVENT\r\n"
    b"BEGIN:VEVENT\r\nUID:camp@example.org\r\nDTSTAMP:20261101T000000Z\r\n"
    b"DTSTART;VALUE=DATE:20270120\r\nDTEND;VALUE=DATE:20270123\r\nSUMMARY:Climbing camp\r\n"
    b"END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def _festival(zone: ZoneInfo = BERLIN) -> tuple[Event, Event]:
    parsed = parse_events(FESTIVAL, now=NOW, local_zone=zone)
    festival, camp = (entry.event for entry in parsed.events)
    return festival, camp


def test_given_a_date_start_when_imported_in_berlin_then_the_event_is_that_day_all_day() -> None:
    festival, camp = _festival()
    assert festival.all_day and camp.all_day
    assert (festival.first_day, festival.last_day) == (date(2027, 1, 16), date(2027, 1, 16))
    # DTEND is exclusive (RFC 5545): the camp covers the 20th, 21st and 22nd
    assert (camp.first_day, camp.last_day) == (date(2027, 1, 20), date(2027, 1, 22))


def test_given_an_all_day_event_when_stored_and_read_back_then_it_keeps_its_day() -> None:
    festival, _camp = _festival()
    document = to_document(festival)
    assert document["all_day"] is True
    assert document["start"].startswith("2027-01-16T00:00:00")
    again = from_document(Event, document)
    assert again == festival
    # An old record without the field reads as a timed event
    del document["all_day"]
    assert from_document(Event, document).all_day is False


def test_given_an_all_day_event_when_exported_then_it_is_value_date_for_icaljs_too(
    tmp_path: Path,
) -> None:
    # Given the festival imported by a user in Berlin (midnight there is 23:00 UTC the day before)
    festival, camp = _festival()
    # When the calendar is exported
    payload = write_calendar(
        events=[PreparedEvent(festival), PreparedEvent(camp)], stamp=NOW
    ).decode()
    # Then the days are dates, with DTEND the day after the last one
    assert "DTSTART;VALUE=DATE:20270116\r\n" in payload
    assert "DTEND;VALUE=DATE:20270117\r\n" in payload
    assert "DTEND;VALUE=DATE:20270123\r\n" in payload
    assert "20270115T230000Z" not in payload
    # And Thunderbird's parser reads them as dates
    path = tmp_path / "all-day.ics"
    path.write_text(payload, encoding="utf-8", newline="")
    [parsed] = parse_with_icaljs(path)
    events = parsed.components[0].children("vevent")
    starts = [event.all("dtstart")[0] for event in events]
    ends = [event.all("dtend")[0] for event in events]
    assert [(start["type"], start["values"]) for start in starts] == [
        ("date", ["2027-01-16"]),
        ("date", ["2027-01-20"]),
    ]
    assert [(end["type"], end["values"]) for end in ends] == [
        ("date", ["2027-01-17"]),
        ("date", ["2027-01-23"]),
    ]


def test_given_an_all_day_event_when_exported_and_imported_again_then_it_is_the_same_day() -> None:
    festival, _camp = _festival()
    payload = write_calendar(events=[PreparedEvent(festival)], stamp=NOW)
    [again] = parse_events(payload, now=NOW, local_zone=NEW_YORK).events
    assert again.event.all_day
    assert again.event.first_day == date(2027, 1, 16)


def test_given_a_berlin_all_day_event_when_shown_anywhere_then_it_is_the_day_without_a_time() -> (
    None
):
    festival, camp = _festival()
    card = PrepCard(event=festival, slots=())
    # Shown in Berlin, in New York or in UTC: the same day, no time
    for zone in (BERLIN, NEW_YORK, UTC):
        assert when_text(card, tz=zone, locale="en") == "Saturday, January 16, 2027, all day"
    assert when_text(PrepCard(event=camp, slots=()), tz=NEW_YORK, locale="en") == (
        "Wednesday, January 20, 2027 – Friday, January 22, 2027, all day"
    )


def test_given_an_all_day_event_when_restored_from_a_json_backup_then_it_is_identical(
    core_store: Store, tmp_path: Path
) -> None:
    # Given a store with an imported all-day event
    plan = plan_event_import(core_store, FESTIVAL, file_name="f.ics", now=NOW, local_zone=BERLIN)
    apply_event_import(core_store, plan)
    before = sorted(core_store.events, key=lambda event: event.title)
    backup = export_backup(core_store, clock=lambda: NOW)
    # When the backup is restored into an empty store
    fresh = Store.open(tmp_path / "fresh")
    try:
        import_backup(fresh, backup)
        # Then the events are the same, all-day and on their days
        after = sorted(fresh.events, key=lambda event: event.title)
    finally:
        fresh.close()
    assert after == before
    assert [event.all_day for event in after] == [True, True]
    assert [event.first_day for event in after] == [date(2027, 1, 16), date(2027, 1, 20)]


def test_given_a_timed_end_on_an_all_day_event_when_made_then_whole_days_are_kept() -> None:
    event = Event(
        title="Retreat",
        start=datetime(2027, 3, 5, 15, 30, tzinfo=BERLIN),
        end=datetime(2027, 3, 6, 11, 0, tzinfo=BERLIN),
        all_day=True,
    )
    assert event.start == datetime(2027, 3, 5, tzinfo=BERLIN)
    assert event.end == datetime(2027, 3, 7, tzinfo=BERLIN)
    assert event.last_day == date(2027, 3, 6)
    assert event.has_ended(datetime(2027, 3, 6, 23, 0, tzinfo=BERLIN)) is False
    assert event.end - event.start == timedelta(days=2)


def test_given_an_all_day_event_at_midnight_when_reminders_are_asked_then_none_pops_up(
    core_store: Store,
) -> None:
    # Given an all-day event starting at midnight, 40 minutes from now, and one going on today
    now = datetime(2027, 1, 15, 23, 20, tzinfo=BERLIN)
    core_store.events.put_many(
        [
            Event(title="Festival", start=datetime(2027, 1, 16, tzinfo=BERLIN), all_day=True),
            Event(title="Fair", start=datetime(2027, 1, 15, tzinfo=BERLIN), all_day=True),
        ]
    )
    # Then neither is a nudge: midnight is no moment to prepare or to log who you met
    assert pending_reminders(core_store, now=now, today=now.date(), shown=set()) == []
