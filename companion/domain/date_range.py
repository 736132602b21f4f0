"""The one range of dates Common Ground keeps: years 1900 to 2200, checked at every boundary.

Python's ``date`` ends at 31 December 9999 and Babel's formatting (and every ``astimezone``) of a
moment near that edge overflows. One date in year 9999 used to make every start fail, so
records refuse dates outside this range (imports, backups and forms all build records), and
date arithmetic saturates at its ends instead of overflowing. Birthdays are text that is only
shown (a year may be missing): they may be older, but not after ``LAST_YEAR``; a CSV date
before ``EARLIEST_BIRTHDAY_YEAR`` is read as a birthday without a year.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from companion.domain.errors import ValidationError
from companion.i18n import _

FIRST_YEAR = 1900
LAST_YEAR = 2200
EARLIEST = date(FIRST_YEAR, 1, 1)
LATEST = date(LAST_YEAR, 12, 31)
EARLIEST_BIRTHDAY_YEAR = 1800
_SPAN_DAYS = (LATEST - EARLIEST).days


def in_range(value: date) -> bool:
    """Whether ``value`` (a date, or a moment on its own clock) lies in the kept range."""
    return FIRST_YEAR <= value.year <= LAST_YEAR


def check_date(value: date, *, field: str) -> date:
    """``value`` itself; raises ``ValidationError`` naming the range when it lies outside it."""
    if not in_range(value):
        raise ValidationError(
            _("The date {date} is outside the years {first} to {last}.").format(
                date=value.isoformat()[:10], first=FIRST_YEAR, last=LAST_YEAR
            ),
            field=field,
        )
    return value


def check_moment(value: datetime, *, field: str) -> datetime:
    """Like ``check_date`` for a moment, on its own clock and in UTC (the store's export zone)."""
    check_date(value, field=field)
    utc_offset = value.utcoffset()
    if utc_offset is not None:
        check_date(value.replace(tzinfo=None) - utc_offset, field=field)
    return value


def clamp(value: date) -> date:
    """The nearest date in the kept range."""
    return min(max(value, EARLIEST), LATEST)


def add_days(value: date, days: int) -> date:
    """``value`` plus ``days`` days, saturating at the ends of the kept range, never overflowing."""
    span = _SPAN_DAYS
    if EARLIEST <= value <= LATEST and -span <= days <= span:
        moved = value + timedelta(days=days)  # the usual case: no clamping needed
        if EARLIEST <= moved <= LATEST:
            return moved
    days = max(-span - 1, min(span + 1, days))
    try:
        return clamp(clamp(value) + timedelta(days=days))
    except OverflowError:
        return LATEST if days > 0 else EARLIEST


def add_to_moment(value: datetime, delta: timedelta) -> datetime:
    """``value`` plus ``delta``, saturating at the ends of the kept range."""
    try:
        moved = value + delta
    except OverflowError:
        moved = value.replace(year=LAST_YEAR if delta > timedelta() else FIRST_YEAR)
    if in_range(moved):
        return moved
    edge = LATEST if moved.year > LAST_YEAR else EARLIEST
    return datetime.combine(edge, time(0) if edge == EARLIEST else time(23, 59), moved.tzinfo)
