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

MAX_BYTES = 100 * 1024 * 1024
MAX_EVENTS = 50_000
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
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
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


# --- the file as text ------------------------------------------------------------------------


def decode_calendar_text(data: bytes) -> tuple[str, str | None]:
    """The file's text and, when it was not UTF-8, a warning saying how it was read."""
    if len(data) > MAX_BYTES:
        raise FormatError(
            _("the file is too large ({size} MB; at most {limit} MB)").format(
                size=len(data) // (1024 * 1024), limit=MAX_BYTES // (1024 * 1024)
            )
        )
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), None
            except UnicodeDecodeError as error:
                raise FormatError(_("the file is damaged: its UTF-16 text is broken")) from error
    if b"\x00" in data[:65536]:
        raise FormatError(_("this is binary data, not a calendar"))
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    # Old Outlook and some web tools write Windows-1252; Latin-1 decodes any byte.
    for codec, label in (("cp1252", "Windows-1252"), ("latin-1", "Latin-1")):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        return text, _(
            "The file is not UTF-8; it was read as {encoding}. Check accented letters."
        ).format(encoding=label)
    raise FormatError(_("the file's text encoding cannot be read"))  # pragma: no cover


def _check_structure(text: str) -> list[int]:
    """Line numbers of every ``BEGIN:VEVENT``; raises when this cannot be a calendar."""
    lines = text.splitlines()
    # Content lines only: a folded continuation starts with a space or tab (RFC 5545 3.1).
    filled = [
        (number, line.strip())
        for number, line in enumerate(lines, 1)
        if line.strip() and line[0] not in " \t"
    ]
    if not filled:
        raise FormatError(_("the file is empty"))
    if filled[0][1].upper() != "BEGIN:VCALENDAR":
        raise FormatError(_("this is not a calendar: it does not start with BEGIN:VCALENDAR"))
    if _CONTROL.search(text[:65536]):
        raise FormatError(_("the file contains binary data, not only calendar text"))
    if filled[-1][1].upper() != "END:VCALENDAR":
        raise FormatError(
            _("the file ends early (END:VCALENDAR is missing); it may be cut off"),
            location=_("line {line}").format(line=filled[-1][0]),
        )
    event_lines = _matched_components(filled)
    if len(event_lines) > MAX_EVENTS:
        raise FormatError(
            _("the file holds {count} events; at most {limit} can be imported at once").format(
                count=len(event_lines), limit=MAX_EVENTS
            )
        )
    return event_lines


def _matched_components(filled: list[tuple[int, str]]) -> list[int]:
    """Check every BEGIN has its END; the line numbers of the ``BEGIN:VEVENT`` lines."""
    event_lines: list[int] = []
    open_components: list[tuple[str, int]] = []
    for number, line in filled:
        upper = line.upper()
        if upper.startswith("BEGIN:"):
            name = upper[6:].strip()
            open_components.append((name, number))
            if name == "VEVENT":
                event_lines.append(number)
        elif upper.startswith("END:"):
            name = upper[4:].strip()
            if not open_components or open_components[-1][0] != name:
                expected = open_components[-1] if open_components else ("", number)
                raise FormatError(
                    _("END:{name} does not close BEGIN:{open} of line {begin}").format(
                        name=name, open=expected[0], begin=expected[1]
                    )
                    if open_components
                    else _("END:{name} without a BEGIN").format(name=name),
                    location=_("line {line}").format(line=number),
                )
            open_components.pop()
    return event_lines


_VTIMEZONE = re.compile(r"^BEGIN:VTIMEZONE\s*$.*?^END:VTIMEZONE\s*$\n?", re.I | re.M | re.S)


def _read_calendars(text: str, warnings: list[str]) -> list[icalendar.Calendar]:
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except Exception as first_error:  # icalendar raises many types for broken input
        # A broken VTIMEZONE should not cost every event: without the definitions, well-known
        # zone names still resolve and unknown ones fall back to the user's zone.
        without_zones = _VTIMEZONE.sub("", text)
        try:
            if without_zones == text:
                raise first_error
            calendars = icalendar.Calendar.from_ical(without_zones, multiple=True)
        except Exception as error:
            detail = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
            raise FormatError(
                _("the calendar's structure is broken ({detail})").format(detail=detail)
            ) from error
        warnings.append(
            _(
                "The file's time zone definitions cannot be read; times in zones without a "
                "well-known name are taken as your local time."
            )
        )
    return [calendar for calendar in calendars if calendar.name == "VCALENDAR"]


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
    return _CONTROL.sub("", str(value)).replace("\r\n", "\n").strip()


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


def _daily_rate(component: Any) -> float:
    """A generous estimate of how many times a day the event's rules repeat it.

    Expanding a rule like ``FREQ=SECONDLY`` over the import window would take minutes, so
    such series are refused before they are expanded.
    """
    rules = component.get("RRULE")
    rate = 0.0
    for rule in rules if isinstance(rules, list) else ([rules] if rules is not None else []):
        frequency = str((rule.get("FREQ") or ["DAILY"])[0]).upper()
        try:
            interval = max(1, int((rule.get("INTERVAL") or [1])[0]))
        except (TypeError, ValueError):
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
            too_often = any(_daily_rate(part) > MAX_DAILY_OCCURRENCES for part, _line in parts)
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
    event_lines = _check_structure(text)
    read_warnings: list[str] = [encoding_warning] if encoding_warning else []
    calendars = _read_calendars(text, read_warnings)
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
