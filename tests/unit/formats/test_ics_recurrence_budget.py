"""Repeating events expanded on a budget: bombs are refused or cut short, the rest comes through."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from companion.interop import icalendar_events
from companion.interop.errors import FormatError
from companion.interop.icalendar_events import ImportCancelled, parse_events

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
# The import window runs from 90 days before NOW to 180 days after it.
WINDOW_DAYS = 90 + 180


def _calendar(*events: tuple[str, str, str]) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN"]
    for uid, start, rule in events:
        lines += ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTART:{start}", f"SUMMARY:{uid}"]
        lines += [f"RRULE:{rule}"] if rule else []
        lines += ["END:VEVENT"]
    return ("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode()


def test_given_interval_zero_when_imported_then_that_series_is_refused_and_the_rest_kept() -> None:
    # Given a daily series with INTERVAL=0 (dateutil loops for ever on it) and a plain event
    data = _calendar(
        ("bomb", "20260301T100000Z", "FREQ=DAILY;INTERVAL=0"),
        ("fine", "20260310T180000Z", ""),
    )
    # When the file is read
    calendar = parse_events(data, now=NOW)
    # Then the series is skipped with its reason and the other event comes through
    assert [entry.event.title for entry in calendar.events] == ["fine"]
    [skipped] = calendar.skipped
    assert skipped.title == "bomb"
    assert skipped.reason == "its repeat rule says INTERVAL=0; it must be 1 or more"


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=DAILY;BYMONTH=4,6;BYMONTHDAY=31",
        "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=-30",
        "FREQ=YEARLY;BYMONTH=1;BYYEARDAY=100",
    ],
)
def test_given_a_rule_naming_a_day_that_never_occurs_when_imported_then_it_is_refused(
    rule: str,
) -> None:
    data = _calendar(("never", "20260101T100000Z", rule), ("fine", "20260310T180000Z", ""))
    calendar = parse_events(data, now=NOW)
    assert [entry.event.title for entry in calendar.events] == ["fine"]
    assert [skip.reason for skip in calendar.skipped] == [
        "its repeat rule names a day that never occurs"
    ]


def test_given_leap_day_birthdays_when_imported_then_they_are_not_taken_for_impossible() -> None:
    data = _calendar(("leap", "20240229T100000Z", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"))
    calendar = parse_events(data, now=datetime(2028, 3, 1, tzinfo=UTC))
    assert calendar.skipped == ()
    assert [entry.event.start.date().isoformat() for entry in calendar.events] == ["2028-02-29"]


def test_given_a_daily_rule_from_year_one_when_imported_then_it_is_expanded_from_the_window() -> (
    None
):
    # Given a daily series that starts in year 1 (about 740,000 dates before the window)
    data = _calendar(("ancient", "00010101T100000Z", "FREQ=DAILY"))
    # When the file is read
    calendar = parse_events(data, now=NOW)
    # Then only the window's dates were looked at, one per day, and all of them imported
    assert calendar.series_steps["ancient"] <= WINDOW_DAYS + 2
    assert len(calendar.events) == WINDOW_DAYS
    assert calendar.events[0].event.start == datetime(2025, 12, 2, 10, 0, tzinfo=UTC)


def test_given_a_monthly_rule_on_the_31st_when_moved_to_the_window_then_its_day_is_kept() -> None:
    data = _calendar(("month-end", "19990131T100000Z", "FREQ=MONTHLY;INTERVAL=1"))
    calendar = parse_events(data, now=NOW)
    days = [entry.event.start.date().isoformat() for entry in calendar.events]
    assert days == ["2025-12-31", "2026-01-31", "2026-03-31", "2026-05-31", "2026-07-31"]
    assert calendar.series_steps["month-end"] <= 6


def test_given_a_weekly_rule_from_long_ago_when_moved_then_its_weekday_and_interval_hold() -> None:
    # 1 January 1900 was a Monday; every third week from then on.
    data = _calendar(("weekly", "19000101T190000Z", "FREQ=WEEKLY;INTERVAL=3"))
    calendar = parse_events(data, now=NOW)
    starts = [entry.event.start for entry in calendar.events]
    assert starts and all(start.weekday() == 0 for start in starts)
    first = datetime(1900, 1, 1, 19, 0, tzinfo=UTC)
    assert all((start - first).days % 21 == 0 for start in starts)
    assert calendar.series_steps["weekly"] <= 15


def test_given_a_long_count_from_long_ago_when_imported_then_it_is_refused_with_a_reason() -> None:
    data = _calendar(("count", "19000101T100000Z", "FREQ=DAILY;COUNT=9000000"))
    calendar = parse_events(data, now=NOW)
    assert calendar.events == ()
    assert calendar.skipped[0].reason == (
        "it repeats 9000000 times from 1900 on, more than can be read"
    )


def test_given_a_cancel_while_one_series_expands_then_the_import_stops_inside_it() -> None:
    # Given one series and a cancel that comes on the second question
    data = _calendar(("long", "20260101T100000Z", "FREQ=DAILY"))
    questions: list[int] = []

    def should_cancel() -> bool:
        questions.append(1)
        return len(questions) >= 2

    # When the file is read, then the import stops inside the series (asked every 100 dates)
    with pytest.raises(ImportCancelled):
        parse_events(data, now=NOW, should_cancel=should_cancel)
    assert len(questions) == 2


def test_given_a_slow_expansion_when_its_time_is_up_then_the_series_is_cut_short() -> None:
    # Given a clock on which every look costs a tenth of a second
    ticks = iter(range(10_000))
    data = _calendar(
        ("slow", "20251201T100000Z", "FREQ=HOURLY;INTERVAL=6"), ("fine", "20260310T180000Z", "")
    )
    # When the file is read with a budget of half a second per series
    calendar = parse_events(data, now=NOW, clock=lambda: next(ticks) / 10)
    # Then the series stops after 5 looks at the clock (every 100 dates), with a warning
    assert calendar.series_steps["slow"] == 600
    assert any("took too long" in warning for warning in calendar.warnings)


def test_given_many_allowed_series_when_they_exceed_the_limit_then_reading_stops_early(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given a limit of 2,500 events and 60 series of four dates a day (each allowed alone)
    monkeypatch.setattr(icalendar_events, "MAX_EVENTS", 2_500)
    # (BYHOUR: the count is not known before expanding)
    series = [(f"s{n}", "20250101T000000Z", "FREQ=DAILY;BYHOUR=0,6,12,18") for n in range(60)]
    expanded: list[int] = []
    # When the file is read, then it is refused as soon as the limit is passed (the third
    # series), without expanding the other 57
    with pytest.raises(FormatError, match="more than 2500 events"):
        parse_events(
            _calendar(*series),
            now=NOW,
            should_cancel=lambda: bool(expanded.append(1)),
            # A clock that never moves: on a busy machine a series cut short by its time budget
            # would take more series to pass the limit, and this counts questions, not time.
            clock=lambda: 0.0,
        )
    assert len(expanded) <= 3 * 1_000 // 100


def test_given_series_that_are_over_the_limit_together_then_the_file_is_refused_unexpanded() -> (
    None
):
    # Given 60 series of four dates a day: each allowed, together more than 50,000 events
    series = [(f"s{n}", "20250101T000000Z", "FREQ=HOURLY;INTERVAL=6") for n in range(60)]
    asked: list[int] = []
    # When the file is read, then it is refused before any series is expanded
    with pytest.raises(FormatError, match="more than 50000 events"):
        parse_events(_calendar(*series), now=NOW, should_cancel=lambda: bool(asked.append(1)))
    assert asked == []
