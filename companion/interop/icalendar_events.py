"""Events from iCalendar (``.ics``) files as Meetup, Eventbrite, Google and Outlook write them.

Tolerant by design: one broken event is skipped with its line and reason, the others come
through. Only a file that is not a calendar at all (binary junk, cut off, no ``VCALENDAR``,
too large) raises ``FormatError``.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

import icalendar
import recurring_ical_events  # type: ignore[import-untyped]
import x_wr_timezone  # type: ignore[import-untyped]

from companion.domain.errors import ValidationError
from companion.domain.events import Event
from companion.domain.validation import MAX_TEXT_LENGTH, check_url
from companion.i18n import _
from companion.i18n.formats import local_timezone
from companion.interop.errors import FormatError
from companion.interop.ics_recurrence import daily_rate
from companion.interop.ics_text import (
    CONTROL_CHARACTERS,
    MAX_EVENTS,
    check_structure,
    decode_calendar_text,
    read_calendars,
)

MAX_DAILY_OCCURRENCES = 4
MAX_OCCURRENCES = 1_000  # per repeating event: a daily one for the whole window fits easily
PAST_OCCURRENCES = timedelta(days=90)
FUTURE_OCCURRENCES = timedelta(days=180)
MAX_TITLE_LENGTH = 300
SOURCE_PREFIX = "ics"

Progress = Callable[[int, int], None]
ShouldCancel = Callable[[], bool]

_ONLINE_WORDS = {"online", "online event", "online-event", "virtual", "virtual event", "zoom"}
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
# Outlook and Teams mark online meetings with these instead of an empty LOCATION.
_ONLINE_PROPERTIES = ("X-MICROSOFT-SKYPETEAMSMEETINGURL", "X-MICROSOFT-ONLINEMEETINGCONFLINK")
_RECURRENCE_PROPERTIES = ("RRULE", "RDATE", "RECURRENCE-ID")


class ImportCancelled(Exception):
    """The user cancelled a running import; nothing was written."""


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


@dataclass(frozen=True, slots=True)
class ParsedCalendar:
    events: tuple[ParsedEvent, ...]
    skipped: tuple[SkippedEvent, ...]
    warnings: tuple[str, ...]
    exporter: str
    name: str


class _Skip(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --- reading one calendar --------------------------------------------------------------------


def _exporter(calendar: icalendar.Calendar) -> str:
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


def _text(component: Any, name: str) -> str:
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


def _moment(value: Any, zone: tzinfo, *, name: str) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=zone)
    if isinstance(value, date):
        # An all-day event starts at midnight where the user (or the calendar) lives.
        return datetime.combine(value, time(0), tzinfo=zone)
    raise _Skip(
        _("its {property} “{value}” is not a valid date").format(
            property=name, value=str(value)[:60]
        )
    )


def _decoded(component: Any, name: str) -> Any:
    try:
        return component.decoded(name) if name in component else None
    except Exception as error:  # icalendar raises several types for one broken value
        raise _Skip(_("its {property} value cannot be read").format(property=name)) from error


@dataclass(frozen=True, slots=True)
class _Context:
    exporter: str
    calendar_name: str
    zone: tzinfo
    warnings: list[str]


def _times(component: Any, context: _Context, line: int | None) -> tuple[datetime, datetime | None]:
    raw_start = _decoded(component, "DTSTART")
    if raw_start is None:
        raise _Skip(_("it has no start time (DTSTART)"))
    start = _moment(raw_start, context.zone, name="DTSTART")
    try:
        raw_end = _decoded(component, "DTEND")
        if raw_end is None and "DURATION" in component:
            duration = _decoded(component, "DURATION")
            raw_end = raw_start + duration if isinstance(duration, timedelta) else None
        end = None if raw_end is None else _moment(raw_end, context.zone, name="DTEND")
    except (_Skip, OverflowError):
        # A broken end is not worth losing the event for: it is shown without one.
        raw_end = end = None
    if raw_end is None and not isinstance(raw_start, datetime):
        end = start + timedelta(days=1)  # RFC 5545: an all-day event without DTEND is one day
    if end is not None and end < start:
        context.warnings.append(
            SkippedEvent(
                line,
                _text(component, "SUMMARY"),
                _("it ends before it starts, so its end time was left out"),
            ).describe()
        )
        end = None
    return start, end


def _place(component: Any, context: _Context, url: str) -> tuple[str, bool, str]:
    """Venue, whether the event is online, and the web address (LOCATION may hold one)."""
    location = " ".join(_text(component, "LOCATION").split())
    meeting_url = next(
        (_web_address(_text(component, name)) for name in _ONLINE_PROPERTIES if name in component),
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


def _organizer(component: Any, context: _Context, description: str) -> str:
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


def _event(
    component: Any,
    context: _Context,
    *,
    uid: str,
    source_uid: str,
    line: int | None,
) -> ParsedEvent:
    if _text(component, "STATUS").upper() == "CANCELLED":
        raise _Skip(_("the organizer cancelled it"))
    start, end = _times(component, context, line)
    title = " ".join(_text(component, "SUMMARY").split()) or _("Untitled event")
    if len(title) > MAX_TITLE_LENGTH:
        title = title[: MAX_TITLE_LENGTH - 1] + "…"
    description = _text(component, "DESCRIPTION")[:MAX_TEXT_LENGTH]
    venue, online, url = _place(component, context, _web_address(_text(component, "URL")))
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
        )
    except ValidationError as error:
        raise _Skip(error.message) from error
    return ParsedEvent(event=event, uid=uid, categories=_categories(component), line=line)


def _calendar_zone(calendar: icalendar.Calendar, fallback: tzinfo, warnings: list[str]) -> tzinfo:
    name = _text(calendar, "X-WR-TIMEZONE")
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


def _standard(calendar: icalendar.Calendar, zone: tzinfo | None) -> icalendar.Calendar:
    # Google writes UTC times plus X-WR-TIMEZONE; converting them to that zone first keeps a
    # weekly 19:00 series at 19:00 across daylight-saving changes when it is expanded.
    if zone is None:
        return calendar
    try:
        standard: icalendar.Calendar = x_wr_timezone.to_standard(calendar, timezone=zone)
    except Exception:  # a broken date stays broken; the event is skipped later with its line
        return calendar
    return standard


class _Reader:
    def __init__(
        self,
        *,
        now: datetime,
        local_zone: tzinfo,
        progress: Progress | None,
        should_cancel: ShouldCancel | None,
        total: int,
    ) -> None:
        self.window = (now - PAST_OCCURRENCES, now + FUTURE_OCCURRENCES)
        self.local_zone = local_zone
        self.progress = progress
        self.should_cancel = should_cancel
        self.total = total
        self.done = 0
        self.events: list[ParsedEvent] = []
        self.skipped: list[SkippedEvent] = []
        self.warnings: list[str] = []

    def tick(self, count: int = 1) -> None:
        before, self.done = self.done, self.done + count
        # Asking every 100 events keeps a GUI's progress bar smooth without flooding it.
        if before // 100 == self.done // 100 and self.done < self.total:
            return
        if self.should_cancel is not None and self.should_cancel():
            raise ImportCancelled()
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)

    def read(self, calendar: icalendar.Calendar, lines: Iterable[int | None]) -> None:
        zone = _calendar_zone(calendar, self.local_zone, self.warnings)
        calendar = _standard(calendar, zone if "X-WR-TIMEZONE" in calendar else None)
        context = _Context(
            exporter=_exporter(calendar),
            calendar_name=_text(calendar, "X-WR-CALNAME"),
            zone=zone,
            warnings=self.warnings,
        )
        series: dict[str, list[tuple[Any, int | None]]] = {}
        for component, line in zip(calendar.walk("VEVENT"), lines, strict=False):
            uid = _text(component, "UID")
            if uid and any(name in component for name in _RECURRENCE_PROPERTIES):
                series.setdefault(uid, []).append((component, line))
                continue
            self._one(component, context, uid=uid, source_uid=uid, line=line)
            self.tick()
        for uid, parts in series.items():
            self._series(uid, parts, context)
            self.tick(len(parts))

    def _one(
        self, component: Any, context: _Context, *, uid: str, source_uid: str, line: int | None
    ) -> None:
        try:
            self.events.append(
                _event(component, context, uid=uid, source_uid=source_uid, line=line)
            )
        except _Skip as skip:
            self.skipped.append(SkippedEvent(line, _text(component, "SUMMARY"), skip.reason))

    def _occurrences(self, single: icalendar.Calendar, zone: tzinfo) -> list[Any]:
        """Occurrences in the window, in time order; at most ``MAX_OCCURRENCES``.

        Walked lazily: a rule like ``FREQ=SECONDLY`` would otherwise make millions of them.
        """
        earliest, latest = self.window
        found: list[Any] = []
        for occurrence in recurring_ical_events.of(single).after(earliest):
            start = occurrence.get("DTSTART")
            if start is None or _moment(start.dt, zone, name="DTSTART") > latest:
                break
            found.append(occurrence)
            if len(found) >= MAX_OCCURRENCES:
                break
        return found

    def _series(self, uid: str, parts: list[tuple[Any, int | None]], context: _Context) -> None:
        line = parts[0][1]
        title = next((_text(part, "SUMMARY") for part, _line in parts if "SUMMARY" in part), "")
        single = icalendar.Calendar()
        for part, _line in parts:
            single.add_component(part)
        try:
            too_often = any(daily_rate(part) > MAX_DAILY_OCCURRENCES for part, _line in parts)
            occurrences = [] if too_often else self._occurrences(single, context.zone)
        except Exception as error:  # the library raises many types for broken rules
            detail = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
            self.skipped.append(
                SkippedEvent(
                    line,
                    title,
                    _("its repeat rule cannot be read ({detail})").format(detail=detail),
                )
            )
            return
        if too_often:
            reason = _("it repeats more than {count} times a day").format(
                count=MAX_DAILY_OCCURRENCES
            )
            self.skipped.append(SkippedEvent(line, title, reason))
            return
        if not occurrences:
            self.skipped.append(
                SkippedEvent(
                    line, title, _("it repeats, but not in the 90 days past or the coming 180 days")
                )
            )
            return
        if len(occurrences) >= MAX_OCCURRENCES:
            self.warnings.append(
                SkippedEvent(
                    line,
                    title,
                    _("it repeats very often; only its first {count} dates were read").format(
                        count=MAX_OCCURRENCES
                    ),
                ).describe()
            )
        for occurrence in occurrences:
            start = occurrence.get("DTSTART")
            moment = start.dt if start is not None else None
            key = moment.isoformat() if isinstance(moment, date) else ""
            self._one(occurrence, context, uid=uid, source_uid=f"{uid}#{key}", line=line)


def parse_events(
    data: bytes,
    *,
    now: datetime,
    local_zone: tzinfo | None = None,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
) -> ParsedCalendar:
    """Read every event of an ``.ics`` file.

    Repeating events become their occurrences from 90 days before ``now`` to 180 days after
    it. Times without a zone (and all-day events) are placed in the calendar's
    ``X-WR-TIMEZONE`` or else ``local_zone`` (default: this machine's zone).

    Raises ``FormatError`` when the file is not a readable calendar; ``ImportCancelled`` when
    ``should_cancel`` says so.
    """
    text, encoding_warning = decode_calendar_text(data)
    event_lines = check_structure(text)
    read_warnings: list[str] = [encoding_warning] if encoding_warning else []
    calendars = read_calendars(text, read_warnings)
    if not calendars:
        raise FormatError(_("the file holds no calendar"))
    reader = _Reader(
        now=now,
        local_zone=local_zone or local_timezone(),
        progress=progress,
        should_cancel=should_cancel,
        total=len(event_lines),
    )
    reader.warnings.extend(read_warnings)
    remaining: list[int | None] = list(event_lines)
    for calendar in calendars:
        count = len(calendar.walk("VEVENT"))
        reader.read(calendar, remaining[:count] + [None] * max(0, count - len(remaining)))
        remaining = remaining[count:]
    if not reader.events and not reader.skipped:
        raise FormatError(_("the calendar holds no events"))
    if len(reader.events) > MAX_EVENTS:
        raise FormatError(
            _("the file holds {count} events; at most {limit} can be imported at once").format(
                count=len(reader.events), limit=MAX_EVENTS
            )
        )
    return ParsedCalendar(
        events=tuple(reader.events),
        skipped=tuple(reader.skipped),
        warnings=tuple(reader.warnings),
        exporter=_exporter(calendars[0]),
        name=_text(calendars[0], "X-WR-CALNAME"),
    )
