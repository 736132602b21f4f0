"""One calendar's components as Common Ground events: times, place, organizer, web address.

``icalendar_events`` reads a file and walks its calendars; this module knows what each
property of a ``VEVENT`` means in the exports of Meetup, Eventbrite, Google and Outlook.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

import icalendar
import x_wr_timezone  # type: ignore[import-untyped]

from companion.domain.date_range import FIRST_YEAR, LAST_YEAR, in_range
from companion.domain.errors import ValidationError
from companion.domain.events import Event
from companion.domain.validation import MAX_TEXT_LENGTH, check_url
from companion.i18n import _
from companion.interop.ics_text import CONTROL_CHARACTERS

MAX_TITLE_LENGTH = 300
SOURCE_PREFIX = "ics"
_ONLINE_WORDS = {"online", "online event", "online-event", "virtual", "virtual event", "zoom"}
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
_ONLINE_PROPERTIES = ("X-MICROSOFT-SKYPETEAMSMEETINGURL", "X-MICROSOFT-ONLINEMEETINGCONFLINK")


@dataclass(frozen=True, slots=True)
class SkippedEvent:
    """An event of the file that is not imported, and why (shown in the preview)."""

    line: int | None
    title: str
    reason: str

    def describe(self) -> str:
        what = f"“{self.title}”" if self.title else _("an event")
        if self.line is None:
            return _("{event}: {reason}").format(event=what, reason=self.reason)
        return _("line {line}, {event}: {reason}").format(
            line=self.line, event=what, reason=self.reason
        )


@dataclass(frozen=True, slots=True)
class ParsedEvent:
    """One event (or one occurrence of a series) read from the file."""

    event: Event
    uid: str
    categories: tuple[str, ...]
    line: int | None


class Skip(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def exporter(calendar: icalendar.Calendar) -> str:
    product = str(calendar.get("PRODID", "")).lower()
    for marker, name in (
        ("meetup", "meetup"),
        ("eventbrite", "eventbrite"),
        ("google", "google"),
        ("microsoft", "outlook"),
        ("outlook", "outlook"),
    ):
        if marker in product:
            return name
    return ""


def text_of(component: Any, name: str) -> str:
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):  # a property given twice
        value = value[0]
    return CONTROL_CHARACTERS.sub("", str(value)).replace("\r\n", "\n").strip()


def _categories(component: Any) -> tuple[str, ...]:
    values = component.get("CATEGORIES")
    if values is None:
        return ()
    found: list[str] = []
    for entry in values if isinstance(values, list) else [values]:
        for category in getattr(entry, "cats", [entry]):
            text = str(category).strip()
            if text:
                found.append(text)
    return tuple(found)


def moment(value: Any, zone: tzinfo, *, name: str) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=zone)
    if isinstance(value, date):
        # An all-day event starts at midnight where the user (or the calendar) lives.
        return datetime.combine(value, time(0), tzinfo=zone)
    raise Skip(
        _("its {property} “{value}” is not a valid date").format(
            property=name, value=str(value)[:60]
        )
    )


def _decoded(component: Any, name: str) -> Any:
    try:
        return component.decoded(name) if name in component else None
    except Exception as error:  # icalendar raises several types for one broken value
        raise Skip(_("its {property} value cannot be read").format(property=name)) from error


@dataclass(frozen=True, slots=True)
class Context:
    exporter: str
    calendar_name: str
    zone: tzinfo
    warnings: list[str]


def _times(
    component: Any, context: Context, line: int | None
) -> tuple[datetime, datetime | None, bool]:
    """Start, end and whether the event is all-day (``DTSTART;VALUE=DATE``)."""
    raw_start = _decoded(component, "DTSTART")
    if raw_start is None:
        raise Skip(_("it has no start time (DTSTART)"))
    all_day = isinstance(raw_start, date) and not isinstance(raw_start, datetime)
    if isinstance(raw_start, date) and not in_range(raw_start):
        raise Skip(
            _("its start {date} is outside the years {first} to {last}").format(
                date=raw_start.isoformat()[:10], first=FIRST_YEAR, last=LAST_YEAR
            )
        )
    try:
        start = moment(raw_start, context.zone, name="DTSTART")
    except OverflowError as error:
        raise Skip(_("its DTSTART value cannot be read")) from error
    try:
        raw_end = _decoded(component, "DTEND")
        if raw_end is None and "DURATION" in component:
            duration = _decoded(component, "DURATION")
            raw_end = raw_start + duration if isinstance(duration, timedelta) else None
        end = None if raw_end is None else moment(raw_end, context.zone, name="DTEND")
        if end is not None and not in_range(end):
            raise Skip("")
    except (Skip, OverflowError):
        # A broken end is not worth losing the event for: it is shown without one.
        raw_end = end = None
    if all_day and isinstance(raw_end, datetime):
        end = None  # a timed end of an all-day start: the event keeps its one day
    if end is not None and end < start:
        context.warnings.append(
            SkippedEvent(
                line,
                text_of(component, "SUMMARY"),
                _("it ends before it starts, so its end time was left out"),
            ).describe()
        )
        end = None
    # RFC 5545: an all-day event without DTEND is one day; Event makes that its end.
    return start, end, all_day


def _place(component: Any, context: Context, url: str) -> tuple[str, bool, str]:
    """Venue, whether the event is online, and the web address (LOCATION may hold one)."""
    location = " ".join(text_of(component, "LOCATION").split())
    meeting_url = next(
        (
            _web_address(text_of(component, name))
            for name in _ONLINE_PROPERTIES
            if name in component
        ),
        "",
    )
    if meeting_url:
        return location, True, url or meeting_url
    if _URL.match(location):
        return "", True, url or location
    if location.lower().rstrip(".!") in _ONLINE_WORDS:
        return "", True, url
    if location:
        return location, False, url
    # Eventbrite leaves LOCATION empty for online events; elsewhere an empty LOCATION only
    # means nobody filled it in (a birthday in Google Calendar is not an online event).
    return "", context.exporter == "eventbrite", url


def _organizer(component: Any, context: Context, description: str) -> str:
    organizer = component.get("ORGANIZER")
    if organizer is not None and not isinstance(organizer, list):
        name = str(organizer.params.get("CN", "")).strip().strip('"')
        if name:
            return name
    if context.exporter == "meetup":
        # Meetup puts the group in the calendar name of a group feed, and in the first line of
        # the description of a single event.
        if context.calendar_name and "meetup" not in context.calendar_name.lower():
            return context.calendar_name
        first_line = description.split("\n", 1)[0].strip()
        if 0 < len(first_line) <= 100:
            return first_line
    return ""


def _web_address(value: str) -> str:
    try:
        return check_url(value, field="url")
    except ValidationError:
        return ""


def component_event(
    component: Any,
    context: Context,
    *,
    uid: str,
    source_uid: str,
    line: int | None,
) -> ParsedEvent:
    if text_of(component, "STATUS").upper() == "CANCELLED":
        raise Skip(_("the organizer cancelled it"))
    start, end, all_day = _times(component, context, line)
    title = " ".join(text_of(component, "SUMMARY").split()) or _("Untitled event")
    if len(title) > MAX_TITLE_LENGTH:
        title = title[: MAX_TITLE_LENGTH - 1] + "…"
    description = text_of(component, "DESCRIPTION")[:MAX_TEXT_LENGTH]
    venue, online, url = _place(component, context, _web_address(text_of(component, "URL")))
    try:
        event = Event(
            title=title,
            start=start,
            end=end,
            venue=venue,
            online=online,
            url=_web_address(url),
            organizer=_organizer(component, context, description)[:300],
            description=description,
            source=f"{SOURCE_PREFIX}:{context.exporter}" if context.exporter else SOURCE_PREFIX,
            source_uid=source_uid,
            all_day=all_day,
        )
    except ValidationError as error:
        raise Skip(error.message) from error
    return ParsedEvent(event=event, uid=uid, categories=_categories(component), line=line)


def calendar_zone(calendar: icalendar.Calendar, fallback: tzinfo, warnings: list[str]) -> tzinfo:
    name = text_of(calendar, "X-WR-TIMEZONE")
    if not name:
        return fallback
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        warnings.append(
            _("The calendar's time zone “{zone}” is unknown; your own time zone was used.").format(
                zone=name
            )
        )
        return fallback


def standard_calendar(calendar: icalendar.Calendar, zone: tzinfo | None) -> icalendar.Calendar:
    # Google writes UTC times plus X-WR-TIMEZONE; converting them to that zone first keeps a
    # weekly 19:00 series at 19:00 across daylight-saving changes when it is expanded.
    if zone is None:
        return calendar
    try:
        standard: icalendar.Calendar = x_wr_timezone.to_standard(calendar, timezone=zone)
    except Exception:  # a broken date stays broken; the event is skipped later with its line
        return calendar
    return standard
