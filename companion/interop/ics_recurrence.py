"""Repeating events expanded on a budget: rules checked, start moved to the window, steps bounded.

A repeat rule (RFC 5545 3.3.10) can describe millions of dates, loop for ever (``INTERVAL=0``)
or never match (``BYMONTH=2;BYMONTHDAY=30``, which makes dateutil search every month up to year
9999). So before a series is expanded:

- its rules are checked: a zero interval, a frequency of more than ``MAX_DAILY_OCCURRENCES`` a day
  and a day that no chosen month has are refused with a reason, for that event alone;
- its start is moved forward by whole periods to just before the import window (a daily rule
  from year 1 is expanded from last month, not from year 1), which leaves every date of the
  rule in the window where it was;
- the expansion counts its steps and watches the clock: at most ``MAX_STEPS`` dates and
  ``MAX_SECONDS`` per series, and a cancel request is honoured between dates.
"""

from __future__ import annotations

import calendar as month_lengths
import copy
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import icalendar
import recurring_ical_events  # type: ignore[import-untyped]
from dateutil.relativedelta import relativedelta  # type: ignore[import-untyped]

from companion.i18n import _

MAX_DAILY_OCCURRENCES = 4
MAX_STEPS = 10_000  # dates looked at per series, in the window or before it
MAX_SECONDS = 0.5  # per series
CANCEL_EVERY = 100  # steps between two questions to ``should_cancel``

_PER_DAY = {
    "SECONDLY": 86400.0,
    "MINUTELY": 1440.0,
    "HOURLY": 24.0,
    "DAILY": 1.0,
    "WEEKLY": 1 / 7,
    "MONTHLY": 1 / 28,
    "YEARLY": 1 / 365,
}
_TIME_PARTS = {"BYHOUR": 1, "BYMINUTE": 1, "BYSECOND": 1}
# How much each BYxxx part can multiply a rule of that frequency (RFC 5545 3.3.10, "expand");
# a part missing here only filters, so it cannot make a rule repeat more often.
_EXPANDS = {
    "DAILY": _TIME_PARTS,
    "WEEKLY": {**_TIME_PARTS, "BYDAY": 1},
    "MONTHLY": {**_TIME_PARTS, "BYDAY": 5, "BYMONTHDAY": 1},
    "YEARLY": {
        **_TIME_PARTS,
        "BYMONTH": 1,
        "BYWEEKNO": 7,
        "BYYEARDAY": 1,
        "BYMONTHDAY": 12,
        "BYDAY": 53,
    },
}
_FIXED_PERIODS = {
    "SECONDLY": timedelta(seconds=1),
    "MINUTELY": timedelta(minutes=1),
    "HOURLY": timedelta(hours=1),
    "DAILY": timedelta(days=1),
    "WEEKLY": timedelta(weeks=1),
}
_LEAP_YEAR = 2024
Clock = Callable[[], float]
ShouldCancel = Callable[[], bool]


class RuleRejected(Exception):
    """A series whose rules cannot be expanded sensibly; ``reason`` says why, for the preview."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SeriesCancelled(Exception):
    """``should_cancel`` asked to stop while a series was expanded."""


def _rules(component: Any) -> list[Any]:
    rules = component.get("RRULE")
    return rules if isinstance(rules, list) else ([rules] if rules is not None else [])


def _frequency(rule: Any) -> str:
    return str((rule.get("FREQ") or ["DAILY"])[0]).upper()


def _interval(rule: Any) -> int:
    values = rule.get("INTERVAL")
    if not values:
        return 1
    try:
        interval = int(values[0])
    except (TypeError, ValueError) as error:
        raise RuleRejected(
            _("its repeat interval “{value}” is not a whole number").format(value=values[0])
        ) from error
    if interval < 1:
        raise RuleRejected(
            _("its repeat rule says INTERVAL={value}; it must be 1 or more").format(value=interval)
        )
    return interval


def _numbers(rule: Any, part: str) -> list[int]:
    try:
        return [int(value) for value in rule.get(part) or []]
    except (TypeError, ValueError):
        return []


def _months_have_day(months: list[int], days: list[int]) -> bool:
    """Whether one of ``days`` (negative: from the month's end) occurs in one of ``months``."""
    for month in months or range(1, 13):
        length = month_lengths.monthrange(_LEAP_YEAR, month)[1] if 1 <= month <= 12 else 0
        if any(1 <= abs(day) <= length for day in days):
            return True
    return False


def _months_have_year_day(months: list[int], year_days: list[int]) -> bool:
    for year in (_LEAP_YEAR - 1, _LEAP_YEAR):
        length = 366 if month_lengths.isleap(year) else 365
        for year_day in year_days:
            number = year_day if year_day > 0 else length + year_day + 1
            if 1 <= number <= length:
                month = (date(year, 1, 1) + timedelta(days=number - 1)).month
                if not months or month in months:
                    return True
    return False


def check_rules(component: Any) -> None:
    """Raises ``RuleRejected`` for rules that loop for ever, never match or repeat too often."""
    for rule in _rules(component):
        _interval(rule)
        months = _numbers(rule, "BYMONTH")
        days = _numbers(rule, "BYMONTHDAY")
        year_days = _numbers(rule, "BYYEARDAY")
        if (days and not _months_have_day(months, days)) or (
            year_days and not _months_have_year_day(months, year_days)
        ):
            raise RuleRejected(_("its repeat rule names a day that never occurs"))
    if daily_rate(component) > MAX_DAILY_OCCURRENCES:
        raise RuleRejected(
            _("it repeats more than {count} times a day").format(count=MAX_DAILY_OCCURRENCES)
        )


def daily_rate(component: Any) -> float:
    """A generous estimate of how many times a day the event's rules repeat it.

    Expanding a rule like ``FREQ=SECONDLY`` over the import window would take minutes, so
    such series are refused before they are expanded.
    """
    rate = 0.0
    for rule in _rules(component):
        frequency = _frequency(rule)
        try:
            interval = _interval(rule)
        except RuleRejected:
            interval = 1
        one = _PER_DAY.get(frequency, 1.0) / interval
        for part, factor in _EXPANDS.get(frequency, {}).items():
            values = rule.get(part)
            if values:
                if (
                    frequency == "YEARLY"
                    and rule.get("BYMONTH")
                    and part in {"BYDAY", "BYMONTHDAY"}
                ):
                    # With BYMONTH they expand within each chosen month, not the whole year.
                    factor = 5 if part == "BYDAY" else 1
                one *= len(values) * factor
        rate += one
    return rate


def _as_window_type(start: date, moment: datetime) -> date | datetime:
    if isinstance(start, datetime):
        return moment if start.tzinfo is not None else moment.replace(tzinfo=None)
    return moment.date()


def moved_start(component: Any, earliest: datetime) -> Any:
    """A copy of ``component`` whose DTSTART (and DTEND) moved forward by whole periods of its
    rule to before ``earliest``, or ``component`` itself when it cannot or need not move.

    Whole periods keep every later date of the rule where it was. A rule with ``COUNT`` counts
    from the first date, so it stays; so does a series with several rules.
    """
    rules = _rules(component)
    if len(rules) != 1 or rules[0].get("COUNT") or "DTSTART" not in component:
        return component
    rule = rules[0]
    start = component.decoded("DTSTART")
    if not isinstance(start, date):
        return component
    end = component.decoded("DTEND") if "DTEND" in component else None
    duration = end - start if isinstance(end, date) and type(end) is type(start) else timedelta()
    frequency, interval = _frequency(rule), _interval(rule)
    # One spare period and the event's length: the moved first date ends before the window.
    target = _as_window_type(start, earliest) - abs(duration) - timedelta(days=1)
    if target <= start:
        return component
    moved = copy.deepcopy(component)
    if frequency in _FIXED_PERIODS:
        period = _FIXED_PERIODS[frequency] * interval
        shift: timedelta | relativedelta = period * ((target - start) // period - 1)
    else:
        months = (target.year - start.year) * 12 + target.month - start.month
        step = interval * (12 if frequency == "YEARLY" else 1)
        shift = relativedelta(months=step * (months // step - 1))
        _pin_day(moved, rule, start, frequency)
    if shift == timedelta() or shift == relativedelta():
        return component
    moved["DTSTART"] = icalendar.vDDDTypes(start + shift)
    if isinstance(end, date):
        moved["DTEND"] = icalendar.vDDDTypes(start + shift + duration)
    return moved


def _pin_day(moved: Any, rule: Any, start: date, frequency: str) -> None:
    """Write down the day a monthly or yearly rule takes from its start (RFC 5545 3.3.10): the
    moved start may fall on another day (31 January plus one month is 28 February)."""
    if any(rule.get(part) for part in ("BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO")):
        return
    pinned = icalendar.vRecur(dict(rule))
    pinned["BYMONTHDAY"] = [start.day]
    if frequency == "YEARLY" and not rule.get("BYMONTH"):
        pinned["BYMONTH"] = [start.month]
    moved["RRULE"] = pinned


def _check_count(component: Any, earliest: datetime) -> None:
    """A rule with ``COUNT`` cannot be moved to the window: dateutil walks all its dates from the
    start, so a long one that starts before the window is refused."""
    counts = [_numbers(rule, "COUNT") for rule in _rules(component)]
    count = max((values[0] for values in counts if values), default=0)
    start = component.decoded("DTSTART") if "DTSTART" in component else None
    if count > MAX_STEPS and isinstance(start, date) and start < _as_window_type(start, earliest):
        raise RuleRejected(
            _("it repeats {count} times from {year} on, more than can be read").format(
                count=count, year=start.year
            )
        )


def least_occurrences(component: Any, *, earliest: datetime, latest: datetime) -> int:
    """How many dates a plain rule (``FREQ`` and ``INTERVAL`` only) has in the window at least;
    0 for any other. Lets a file that is over the event limit anyway be refused before its
    series are expanded."""
    rules = _rules(component)
    if len(rules) != 1 or "DTSTART" not in component:
        return 0
    rule = rules[0]
    if set(rule) - {"FREQ", "INTERVAL", "WKST"} or "EXDATE" in component:
        return 0
    frequency = _frequency(rule)
    start = component.decoded("DTSTART")
    if frequency not in _FIXED_PERIODS or not isinstance(start, datetime):
        return 0
    try:
        period = _FIXED_PERIODS[frequency] * _interval(rule)
    except RuleRejected:
        return 0
    first = max(start if start.tzinfo else start.replace(tzinfo=earliest.tzinfo), earliest)
    return max(0, (latest - first) // period - 1)


@dataclass(slots=True)
class Expansion:
    """The dates of one series in the window, and what it cost."""

    occurrences: list[Any] = field(default_factory=list)
    steps: int = 0
    #: "" when the series was read to the window's end, else "steps", "time" or "dates".
    stopped: str = ""


def expand_series(
    single: icalendar.Calendar,
    *,
    earliest: datetime,
    latest: datetime,
    max_dates: int,
    should_cancel: ShouldCancel | None = None,
    clock: Clock = time.monotonic,
    max_steps: int = MAX_STEPS,
    max_seconds: float = MAX_SECONDS,
) -> Expansion:
    """The occurrences of the series in ``single`` from ``earliest`` to ``latest``, in order.

    Raises ``RuleRejected`` for rules ``check_rules`` refuses, ``SeriesCancelled`` when
    ``should_cancel`` says so.
    """
    for component in single.walk("VEVENT"):
        check_rules(component)
    moved = icalendar.Calendar()
    for component in single.subcomponents:
        is_master = "RRULE" in component and "RECURRENCE-ID" not in component
        if is_master:
            _check_count(component, earliest)
        moved.add_component(moved_start(component, earliest) if is_master else component)
    query = recurring_ical_events.of(moved)
    expansion = Expansion()
    deadline = clock() + max_seconds
    seen: set[str] = set()
    # Page by page: the library's own lazy ``after`` asks dateutil for ever smaller spans, each
    # walked from the series' start again, which costs seconds for a few thousand dates.
    page_start = earliest
    while page_start < latest and not expansion.stopped:
        page_end = min(page_start + _PAGE, latest)
        for occurrence in query.between(page_start, page_end):
            start = occurrence.get("DTSTART")
            key = start.to_ical().decode() if start is not None else ""
            if key in seen:  # an event that runs across two pages
                continue
            seen.add(key)
            expansion.steps += 1
            expansion.occurrences.append(occurrence)
            if expansion.steps % CANCEL_EVERY == 0:
                _ask(should_cancel)
                if clock() > deadline:
                    expansion.stopped = "time"
            if len(expansion.occurrences) >= max_dates:
                expansion.stopped = "dates"
            elif expansion.steps >= max_steps:
                expansion.stopped = "steps"
            if expansion.stopped:
                break
        page_start = page_end
    return expansion


_PAGE = timedelta(days=30)


def _ask(should_cancel: ShouldCancel | None) -> None:
    if should_cancel is not None and should_cancel():
        raise SeriesCancelled()
