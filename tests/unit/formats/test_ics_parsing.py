"""Reading events from .ics files as Meetup, Eventbrite, Google Calendar and Outlook export them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from companion.interop import ics_text
from companion.interop.errors import FormatError
from companion.interop.icalendar_events import (
    ImportCancelled,
    ParsedCalendar,
    ParsedEvent,
    parse_events,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ics"
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")
USER_ZONE = timezone(timedelta(hours=-5), "EST")


def _parse(name: str) -> ParsedCalendar:
    return parse_events((FIXTURES / name).read_bytes(), now=NOW, local_zone=USER_ZONE)


def _by_title(calendar: ParsedCalendar, title: str) -> ParsedEvent:
    return next(entry for entry in calendar.events if entry.event.title == title)


def _calendar(*lines: str) -> bytes:
    return (
        "\r\n".join(("BEGIN:VCALENDAR", "VERSION:2.0", *lines, "END:VCALENDAR")) + "\r\n"
    ).encode()


# --- Meetup -----------------------------------------------------------------------------------


def test_meetup_event_with_vtimezone_escaped_commas_and_folded_description() -> None:
    # Given Meetup's group export (CRLF, VTIMEZONE + TZID, escaped commas, folded lines)
    assert b"\r\n " in (FIXTURES / "meetup.ics").read_bytes()
    # When it is parsed
    calendar = _parse("meetup.ics")
    # Then the event keeps its local time, unescaped text and the group as organizer
    entry = _by_title(calendar, "Strategy Games Night: Catan, Terraforming Mars, and more")
    event = entry.event
    assert event.start == datetime(2026, 3, 12, 19, 0, tzinfo=BERLIN)
    assert event.end == datetime(2026, 3, 12, 22, 30, tzinfo=BERLIN)
    assert event.venue == "Spielwiese Café (Kastanienallee 12, Berlin, DE)"
    assert not event.online
    assert event.url == "https://www.meetup.com/berlin-board-gamers/events/300000001/"
    assert event.organizer == "Berlin Board Gamers"
    assert "strategy games. Bring a game, or learn a new one." in event.description
    assert "What to bring: snacks to share." in event.description
    assert event.source == "ics:meetup"
    assert event.source_uid == "event_300000001@meetup.com"
    assert entry.line == 26
    assert calendar.exporter == "meetup"
    assert calendar.name == "Berlin Board Gamers"


def test_meetup_online_event_and_cancelled_event() -> None:
    calendar = _parse("meetup.ics")
    online = _by_title(calendar, "Online: Learn Go (the board game) – beginners' session").event
    assert online.online and online.venue == ""
    # A cancelled event is not imported, and the preview says why
    [cancelled] = calendar.skipped
    assert cancelled.title == "Cancelled: Wingspan evening"
    assert cancelled.reason == "the organizer cancelled it"
    assert cancelled.line == 55


def test_meetup_group_from_first_description_line_without_calendar_name() -> None:
    data = _calendar(
        "PRODID:-//Meetup//RemoteApi//EN",
        "BEGIN:VEVENT",
        "UID:event_1@meetup.com",
        "DTSTART:20260310T180000Z",
        "SUMMARY:Paper reading",
        "DESCRIPTION:AI Reading Group Berlin\\nThis week: a classic.",
        "END:VEVENT",
    )
    [entry] = parse_events(data, now=NOW).events
    assert entry.event.organizer == "AI Reading Group Berlin"


# --- Eventbrite -------------------------------------------------------------------------------


def test_eventbrite_utc_times_bom_empty_location_and_missing_uid() -> None:
    # Given Eventbrite's export: UTF-8 with BOM, UTC times, an online event without UID/DTSTAMP
    assert (FIXTURES / "eventbrite.ics").read_bytes().startswith(b"\xef\xbb\xbf")
    calendar = _parse("eventbrite.ics")
    # Then both events are read
    bouldering = _by_title(calendar, "Intro to Bouldering – Community Session").event
    assert bouldering.start == datetime(2026, 3, 14, 9, 0, tzinfo=UTC)
    assert bouldering.venue == "Boulderhalle Nord, Osloer Str. 5, 13359 Berlin"
    assert not bouldering.online
    reading = _by_title(calendar, "Paper Reading Group: Attention Is All You Need").event
    assert reading.online and reading.venue == ""
    assert reading.source_uid == ""
    assert reading.url.endswith("paper-reading-group-tickets-812345678902")
    assert "https://www.eventbrite.de/e/paper-reading-group-tickets-812345678902" in (
        reading.description
    )


# --- Google Calendar --------------------------------------------------------------------------


def test_google_recurring_series_expands_into_occurrences_within_the_window() -> None:
    # Given a weekly series (UTC times, X-WR-TIMEZONE Europe/Berlin) with one EXDATE
    calendar = _parse("google.ics")
    climbing = [e for e in calendar.events if e.uid == "7kq2m1b9r3climbing@google.com"]
    starts = [entry.event.start for entry in climbing]
    # Then each Tuesday from the series start to 180 days ahead is an occurrence...
    assert starts[0] == datetime(2026, 1, 6, 19, 0, tzinfo=BERLIN)
    assert all(start <= NOW + timedelta(days=180) for start in starts)
    assert starts[-1] > NOW + timedelta(days=173)
    # ...except the excluded one, and 19:00 stays 19:00 after the switch to summer time
    assert datetime(2026, 3, 10, 19, 0, tzinfo=BERLIN) not in starts
    assert datetime(2026, 4, 7, 19, 0, tzinfo=BERLIN) in starts
    assert {start.astimezone(BERLIN).hour for start in starts} == {19}
    # ...each with its own source UID, the series' categories, and no alarm text
    first = climbing[0]
    assert first.event.source_uid == "7kq2m1b9r3climbing@google.com#2026-01-06T19:00:00+01:00"
    assert len({entry.event.source_uid for entry in climbing}) == len(climbing)
    assert first.categories == ("Sport", "Climbing")
    assert "reminder" not in first.event.description


def test_google_all_day_event_starts_at_midnight_in_the_calendar_zone_end_exclusive() -> None:
    calendar = _parse("google.ics")
    convention = _by_title(calendar, "Berlin Game Convention")
    assert convention.event.start == datetime(2026, 3, 21, 0, 0, tzinfo=BERLIN)
    assert convention.event.end == datetime(2026, 3, 23, 0, 0, tzinfo=BERLIN)
    assert convention.categories == ("Games",)
    # An empty LOCATION outside Eventbrite is not taken for an online event
    assert not convention.event.online


def test_floating_time_takes_the_calendar_zone_or_else_the_users() -> None:
    # Given a floating time in a Google calendar with X-WR-TIMEZONE
    choir = _by_title(_parse("google.ics"), "Choir rehearsal (floating time)").event
    assert choir.start == datetime(2026, 4, 5, 16, 0, tzinfo=BERLIN)
    # And a floating time in a calendar without one
    data = _calendar("BEGIN:VEVENT", "UID:f", "DTSTART:20260405T160000", "SUMMARY:F", "END:VEVENT")
    [entry] = parse_events(data, now=NOW, local_zone=USER_ZONE).events
    assert entry.event.start == datetime(2026, 4, 5, 16, 0, tzinfo=USER_ZONE)


def test_all_day_event_without_dtend_lasts_one_day_in_the_users_zone() -> None:
    data = _calendar(
        "BEGIN:VEVENT", "UID:d", "DTSTART;VALUE=DATE:20260501", "SUMMARY:D", "END:VEVENT"
    )
    [entry] = parse_events(data, now=NOW, local_zone=USER_ZONE).events
    assert entry.event.start == datetime(2026, 5, 1, tzinfo=USER_ZONE)
    assert entry.event.end == datetime(2026, 5, 2, tzinfo=USER_ZONE)


def test_series_with_no_occurrence_in_the_window_is_skipped_with_a_reason() -> None:
    data = _calendar(
        "BEGIN:VEVENT",
        "UID:old-series",
        "DTSTART:20150105T180000Z",
        "RRULE:FREQ=WEEKLY;COUNT=10",
        "SUMMARY:Old weekly meeting",
        "END:VEVENT",
    )
    calendar = parse_events(data, now=NOW)
    assert calendar.events == ()
    [skipped] = calendar.skipped
    assert skipped.title == "Old weekly meeting"
    assert "repeats" in skipped.reason


def test_moved_occurrence_of_a_series_replaces_the_original_date() -> None:
    data = _calendar(
        "BEGIN:VEVENT",
        "UID:club",
        "DTSTART;TZID=Europe/Berlin:20260303T190000",
        "RRULE:FREQ=WEEKLY;COUNT=3",
        "SUMMARY:Book club",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:club",
        "RECURRENCE-ID;TZID=Europe/Berlin:20260310T190000",
        "DTSTART;TZID=Europe/Berlin:20260311T200000",
        "SUMMARY:Book club (moved)",
        "END:VEVENT",
    )
    events = [entry.event for entry in parse_events(data, now=NOW).events]
    assert [(event.title, event.start) for event in events] == [
        ("Book club", datetime(2026, 3, 3, 19, 0, tzinfo=BERLIN)),
        ("Book club (moved)", datetime(2026, 3, 11, 20, 0, tzinfo=BERLIN)),
        ("Book club", datetime(2026, 3, 17, 19, 0, tzinfo=BERLIN)),
    ]


# --- Outlook ----------------------------------------------------------------------------------


def test_outlook_windows_time_zone_names_and_quoted_organizer() -> None:
    calendar = _parse("outlook.ics")
    garden = _by_title(calendar, "Gemeinschaftsgarten: Pflanztag").event
    assert garden.start == datetime(2026, 3, 28, 10, 0, tzinfo=BERLIN)
    assert garden.organizer == "Müller, Anna"
    assert garden.source == "ics:outlook"
    assert garden.source_uid.startswith("040000008200E00074C5B7101A82E008")
    assert garden.source_uid.endswith("ABCDEF")  # folded UID joined again
    teams = _by_title(calendar, "Mentoring circle").event
    assert teams.online
    assert teams.url == "https://teams.microsoft.com/l/meetup-join/abc"


# --- one bad event does not sink the file -------------------------------------------------------


def test_broken_events_are_skipped_with_line_and_reason_the_rest_imported() -> None:
    calendar = parse_events((FIXTURES / "broken-events.ics").read_bytes(), now=NOW)
    assert [entry.event.title for entry in calendar.events] == [
        "Volunteer at the food bank",
        "Ends before it starts",
    ]
    backwards = calendar.events[1].event
    assert backwards.end is None
    assert any(
        "line 19" in warning and "ends before it starts" in warning
        for warning in (calendar.warnings)
    )
    reasons = {skipped.line: skipped.reason for skipped in calendar.skipped}
    assert reasons[10] == "its DTSTART “2026-13-45T25:00” is not a valid date"
    assert reasons[15] == "it has no start time (DTSTART)"
    assert reasons[25].startswith("its repeat rule cannot be read")
    assert calendar.skipped[0].describe() == (
        "line 10, “Event with a nonsense date”: its DTSTART “2026-13-45T25:00” is not a valid date"
    )


def test_lf_only_lines_and_lower_case_names_are_read() -> None:
    data = b"begin:vcalendar\nversion:2.0\nbegin:vevent\nuid:x\ndtstart:20260310T180000Z\n" + (
        b"summary:Lower case\nend:vevent\nend:vcalendar\n"
    )
    [entry] = parse_events(data, now=NOW).events
    assert entry.event.title == "Lower case"


def test_location_that_is_a_link_makes_an_online_event() -> None:
    data = _calendar(
        "BEGIN:VEVENT",
        "UID:x",
        "DTSTART:20260310T180000Z",
        "SUMMARY:Talk",
        "LOCATION:https://zoom.us/j/123",
        "END:VEVENT",
    )
    [entry] = parse_events(data, now=NOW).events
    assert entry.event.online and entry.event.venue == ""
    assert entry.event.url == "https://zoom.us/j/123"


def test_event_without_title_gets_a_placeholder_and_bad_url_is_dropped() -> None:
    data = _calendar(
        "BEGIN:VEVENT", "UID:x", "DTSTART:20260310T180000Z", "URL:javascript:alert(1)", "END:VEVENT"
    )
    [entry] = parse_events(data, now=NOW).events
    assert entry.event.title == "Untitled event"
    assert entry.event.url == ""


# --- encodings --------------------------------------------------------------------------------


def test_latin1_file_is_read_with_a_warning() -> None:
    data = _calendar(
        "BEGIN:VEVENT", "UID:x", "DTSTART:20260310T180000Z", "SUMMARY:Café", "END:VEVENT"
    )
    calendar = parse_events(data.decode().encode("latin-1"), now=NOW)
    assert calendar.events[0].event.title == "Café"
    assert calendar.warnings == (
        "The file is not UTF-8; it was read as Windows-1252. Check accented letters.",
    )


def test_utf16_file_with_bom_is_read() -> None:
    data = _calendar(
        "BEGIN:VEVENT", "UID:x", "DTSTART:20260310T180000Z", "SUMMARY:Zoë", "END:VEVENT"
    )
    calendar = parse_events(b"\xff\xfe" + data.decode().encode("utf-16-le"), now=NOW)
    assert calendar.events[0].event.title == "Zoë"


# --- files that are not calendars ---------------------------------------------------------------

BAD_FILES = [
    (b"", "the file is empty"),
    (b"\x00\x01binary\x00junk\xff" * 40, "this is binary data, not a calendar"),
    (b"BEGIN:VCARD\r\nFN:Ada\r\nEND:VCARD\r\n", "it does not start with BEGIN:VCALENDAR"),
    (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:2026",
        "line 4: the file ends early (END:VCALENDAR is missing); it may be cut off",
    ),
    (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VCALENDAR\r\n",
        "line 4: END:VCALENDAR does not close BEGIN:VEVENT of line 2",
    ),
    (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "the calendar holds no events"),
    (b"BEGIN:VCALENDAR\r\n\x07\x1b[31m\r\nEND:VCALENDAR\r\n", "contains binary data"),
]


@pytest.mark.parametrize(("data", "problem"), BAD_FILES)
def test_unreadable_file_raises_a_format_error_naming_the_problem(
    data: bytes, problem: str
) -> None:
    with pytest.raises(FormatError) as caught:
        parse_events(data, now=NOW)
    assert problem in str(caught.value)


def test_too_many_events_are_refused_before_parsing() -> None:
    # Given 50,001 (empty) events: counted before icalendar reads anything, so this is quick
    data = _calendar(*(["BEGIN:VEVENT", "END:VEVENT"] * 50_001))
    with pytest.raises(FormatError) as caught:
        parse_events(data, now=NOW)
    assert "the file holds 50001 events; at most 50000" in str(caught.value)


def test_too_large_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ics_text, "MAX_BYTES", 1024)
    with pytest.raises(FormatError) as caught:
        parse_events(b"BEGIN:VCALENDAR\r\n" + b"X" * 2048, now=NOW)
    assert "the file is too large" in str(caught.value)


def generated_calendar(count: int, *, start: datetime = NOW) -> bytes:
    """``count`` distinct one-hour events an hour apart (Eventbrite style, UTC times)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Eventbrite Inc//Eventbrite//EN"]
    for index in range(count):
        moment = start + timedelta(hours=index)
        lines += [
            "BEGIN:VEVENT",
            f"UID:generated-{index}@example.org",
            f"DTSTART:{moment:%Y%m%dT%H%M%SZ}",
            f"DTEND:{moment + timedelta(hours=1):%Y%m%dT%H%M%SZ}",
            f"SUMMARY:Generated event {index}",
            "LOCATION:Hall 1",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def test_twenty_thousand_events_are_read_with_progress() -> None:
    reports: list[tuple[int, int]] = []
    calendar = parse_events(
        generated_calendar(20_000),
        now=NOW,
        progress=lambda done, total: reports.append((done, total)),
    )
    assert len(calendar.events) == 20_000
    assert reports[-1] == (20_000, 20_000)
    assert len(reports) == 200  # throttled: every 100 events


def test_parsing_can_be_cancelled() -> None:
    asked: list[int] = []

    def should_cancel() -> bool:
        asked.append(1)
        return len(asked) >= 2

    with pytest.raises(ImportCancelled):
        parse_events(generated_calendar(1_000), now=NOW, should_cancel=should_cancel)
    assert len(asked) == 2


# --- hostile or odd calendars -------------------------------------------------------------------


def test_series_repeating_every_second_is_refused_without_expanding_it() -> None:
    data = _calendar(
        "BEGIN:VEVENT",
        "UID:spam",
        "DTSTART:20260101T000000Z",
        "RRULE:FREQ=SECONDLY",
        "SUMMARY:Spam",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:ok",
        "DTSTART:20260310T180000Z",
        "SUMMARY:Real event",
        "END:VEVENT",
    )
    calendar = parse_events(data, now=NOW)
    assert [entry.event.title for entry in calendar.events] == ["Real event"]
    assert calendar.skipped[0].reason == "it repeats more than 4 times a day"


def test_workday_series_is_expanded_not_refused() -> None:
    data = _calendar(
        "BEGIN:VEVENT",
        "UID:standup",
        "DTSTART:20260302T080000Z",
        "RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=10",
        "SUMMARY:Co-working morning",
        "END:VEVENT",
    )
    assert len(parse_events(data, now=NOW).events) == 10


def test_broken_time_zone_definition_does_not_cost_the_events() -> None:
    # Given Outlook's "Customized Time Zone" whose rule cannot be read
    data = _calendar(
        "BEGIN:VTIMEZONE",
        "TZID:Customized Time Zone",
        "BEGIN:STANDARD",
        "DTSTART:19701025T030000",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "RRULE:BYMONTH=10",
        "END:STANDARD",
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        "UID:x",
        "DTSTART;TZID=Customized Time Zone:20260310T190000",
        "SUMMARY:Still here",
        "END:VEVENT",
    )
    # When it is read, the event is kept, in the user's zone, with a warning
    calendar = parse_events(data, now=NOW, local_zone=USER_ZONE)
    assert calendar.events[0].event.start == datetime(2026, 3, 10, 19, 0, tzinfo=USER_ZONE)
    assert calendar.warnings == (
        "The file's time zone definitions cannot be read; times in zones without a well-known"
        " name are taken as your local time.",
    )


def test_unknown_calendar_time_zone_falls_back_to_the_users_with_a_warning() -> None:
    data = _calendar(
        "X-WR-TIMEZONE:Mars/Olympus_Mons",
        "BEGIN:VEVENT",
        "UID:x",
        "DTSTART:20260310T190000",
        "SUMMARY:Floating",
        "END:VEVENT",
    )
    calendar = parse_events(data, now=NOW, local_zone=USER_ZONE)
    assert calendar.events[0].event.start == datetime(2026, 3, 10, 19, 0, tzinfo=USER_ZONE)
    assert "“Mars/Olympus_Mons” is unknown" in calendar.warnings[0]


def test_concatenated_calendars_are_all_read_with_their_own_lines() -> None:
    one = _calendar("BEGIN:VEVENT", "UID:a", "DTSTART:20260310T180000Z", "SUMMARY:A", "END:VEVENT")
    two = _calendar("BEGIN:VEVENT", "UID:b", "SUMMARY:B without start", "END:VEVENT")
    calendar = parse_events(one + two, now=NOW)
    assert [entry.event.title for entry in calendar.events] == ["A"]
    assert calendar.events[0].line == 3
    assert calendar.skipped[0].line == 11


def test_an_event_with_a_huge_uid_is_skipped_alone_with_a_reason() -> None:
    from datetime import UTC, datetime

    from companion.interop.icalendar_events import parse_events

    huge = "x" * 5_000_000
    data = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
        f"BEGIN:VEVENT\r\nUID:{huge}\r\nDTSTAMP:20270101T000000Z\r\n"
        "DTSTART:20270301T180000Z\r\nSUMMARY:Hostile\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:fine@example.org\r\nDTSTAMP:20270101T000000Z\r\n"
        "DTSTART:20270302T180000Z\r\nSUMMARY:Go club\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()
    parsed = parse_events(data, now=datetime(2027, 2, 1, tzinfo=UTC))
    assert [entry.event.title for entry in parsed.events] == ["Go club"]
    [skipped] = parsed.skipped
    assert "UID is longer than" in skipped.describe()
