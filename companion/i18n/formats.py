"""Dates, times and relative times in the user's locale and time zone, through Babel."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta, tzinfo

import babel as babel_core
from babel import dates as babel_dates

from companion.i18n.translate import current_locale


def local_timezone() -> tzinfo:
    """The machine's current time zone."""
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None
    return zone


def format_date(value: date, *, width: str = "medium", locale: str | None = None) -> str:
    return babel_dates.format_date(value, format=width, locale=locale or current_locale())


def format_datetime(
    value: datetime, *, width: str = "medium", tz: tzinfo | None = None, locale: str | None = None
) -> str:
    """Format an aware datetime in the user's time zone (or ``tz``)."""
    zone = _zone_that_fits(value, tz or local_timezone())
    return babel_dates.format_datetime(
        value, format=width, tzinfo=zone, locale=locale or current_locale()
    )


def format_time(value: datetime, *, tz: tzinfo | None = None, locale: str | None = None) -> str:
    zone = _zone_that_fits(value, tz or local_timezone())
    return babel_dates.format_time(
        value, format="short", tzinfo=zone, locale=locale or current_locale()
    )


def _zone_that_fits(value: datetime, zone: tzinfo) -> tzinfo:
    """``zone``, or the value's own when moving it there would leave Python's calendar (a moment
    on 31 December 9999 east of UTC): a stored date never stops a page from being shown."""
    try:
        value.astimezone(zone)
    except (OverflowError, ValueError):
        return value.tzinfo or zone
    return zone


def format_relative(moment: datetime, *, now: datetime, locale: str | None = None) -> str:
    """'in 3 days', 'vor 2 Stunden': the distance from ``now`` to ``moment``."""
    delta: timedelta = moment - now
    return babel_dates.format_timedelta(
        delta, add_direction=True, threshold=1.0, locale=locale or current_locale()
    )


def format_number(value: int, *, locale: str | None = None) -> str:
    """``100,000`` in English, ``100.000`` in German."""
    from babel import numbers as babel_numbers

    return babel_numbers.format_decimal(value, locale=locale or current_locale())


def format_days(
    first: date, last: date, *, skeleton: str = "yMMMEd", locale: str | None = None
) -> str:
    """One day ("Sat, Jan 16, 2027") or a span of days ("Jan 16 – 18, 2027") without a time:
    how all-day events are shown. The days are shown as they are, never moved to a zone."""
    if last <= first:
        return babel_dates.format_skeleton(skeleton, first, locale=locale or current_locale())
    return babel_dates.format_interval(first, last, skeleton, locale=locale or current_locale())


def region_writes_day_first(locale: str | None = None) -> bool:
    """Whether the user's region writes short dates day first ("25/12/1980", "25.12.80").

    The region comes from ``LC_ALL``/``LC_TIME``/``LANG`` (en_GB and en_US share a language
    but not a date order), else the app's language; Babel knows each one's short pattern.
    """
    for candidate in date_pattern_locales(locale):
        pattern = babel_dates.get_date_format("short", locale=candidate).pattern
        if "d" in pattern and "M" in pattern:
            return pattern.index("d") < pattern.index("M")
    return False


def date_pattern_locales(locale: str | None = None) -> list[str]:
    """Locales whose date patterns may order a date the user writes, best first.

    ``locale`` if given, then the region (``LC_ALL``/``LC_TIME``/``LANG``), then the app's
    language, then English: only those Babel knows.
    """
    found = []
    for candidate in (locale, *_region_locales(), current_locale(), "en"):
        if not candidate or candidate in found:
            continue
        try:
            babel_dates.get_date_format("short", locale=candidate)
        except (ValueError, TypeError, babel_core.UnknownLocaleError):
            continue
        found.append(candidate)
    return found


def _region_locales() -> list[str]:
    found = []
    for variable in ("LC_ALL", "LC_TIME", "LANG"):
        value = os.environ.get(variable, "").split(".")[0].split("@")[0]
        if value and value not in {"C", "POSIX"}:
            found.append(value)
    return found
