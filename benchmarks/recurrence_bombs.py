"""Repeating-event "bombs" from issue 13: how long reading each file takes now (budget 0.5 s
per series), against the same file with the rule left out.

Run: ``.venv/bin/python benchmarks/recurrence_bombs.py``. ``make bench`` includes these rows.
Before the budget (issue 13): INTERVAL=0 never finished, a daily rule from year 1 took about
6 minutes, an impossible rule 4-8 s, 60 six-hourly series 46 s.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime

from figures import Row, median_ms

from companion.interop.errors import FormatError
from companion.interop.icalendar_events import parse_events
from companion.interop.ics_recurrence import MAX_SECONDS

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
BOMBS = (
    # name, DTSTART, RRULE, series, what it took before
    ("INTERVAL=0", "20260101T100000Z", "FREQ=DAILY;INTERVAL=0", 1, "never finished"),
    ("daily from year 1", "00010101T100000Z", "FREQ=DAILY", 1, "about 6 min"),
    ("BYMONTH=2;BYMONTHDAY=30", "20260101T100000Z", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", 1,
     "4-8 s"),
    ("COUNT=9,000,000 from 1900", "19000101T100000Z", "FREQ=DAILY;COUNT=9000000", 1, "minutes"),
    ("60 six-hourly series", "20250101T000000Z", "FREQ=HOURLY;INTERVAL=6", 60, "46 s"),
)  # fmt: skip


def bomb(start: str, rule: str, series: int) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//EN"]
    for number in range(series):
        lines += ["BEGIN:VEVENT", f"UID:bomb-{number}", f"DTSTART:{start}", "SUMMARY:Bomb"]
        lines += [f"RRULE:{rule}"] if rule else []
        lines += ["END:VEVENT"]
    return ("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode()


def read(data: bytes) -> None:
    # 60 allowed series are refused together at the 50,000-event limit.
    with contextlib.suppress(FormatError):
        parse_events(data, now=NOW)


def recurrence_rows(*, runs: int) -> list[Row]:
    rows = []
    for name, start, rule, series, before in BOMBS:
        data, plain_data = bomb(start, rule, series), bomb("20260301T100000Z", "", 1)
        ours = median_ms(lambda data=data: read(data), runs=runs)
        plain = median_ms(lambda data=plain_data: read(data), runs=runs)
        rows.append(
            Row(
                name=f"recurrence bomb: {name}",
                unit="ms",
                ours=ours,
                baseline=plain,
                baseline_name="one event without the rule",
                runs=runs,
                budget=f"< {MAX_SECONDS:g} s per series",
                within_budget=ours < MAX_SECONDS * 1000 * series,
                note=f"before the budget: {before}",
            )
        )
    return rows


def main() -> None:
    for row in recurrence_rows(runs=3):
        print(f"{row.name}: {row.ours:.1f} ms ({row.note})")


if __name__ == "__main__":
    main()
