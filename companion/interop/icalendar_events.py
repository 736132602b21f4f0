"""Events from iCalendar (``.ics``) files as Meetup, Eventbrite, Google and Outlook write them.

Tolerant by design: one broken event is skipped with its line and reason, the others come
through. Only a file that is not a calendar at all (binary junk, cut off, no ``VCALENDAR``,
too large) raises ``FormatError``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

import icalendar

from companion.domain.limits import MAX_VALUE_LENGTH
from companion.i18n import _
from companion.i18n.formats import local_timezone
from companion.interop.errors import FormatError
from companion.interop.ics_components import (
    MAX_TITLE_LENGTH,
    SOURCE_PREFIX,
    Context,
    ParsedEvent,
    Skip,
    SkippedEvent,
    calendar_zone,
    component_event,
    exporter,
    standard_calendar,
    text_of,
)
from companion.interop.ics_recurrence import (
    Clock,
    Expansion,
    RuleRejected,
    SeriesCancelled,
    expand_series,
    least_occurrences,
)
from companion.interop.ics_text import (
    MAX_BYTES,
    MAX_EVENTS,
    check_structure,
    decode_calendar_text,
    read_calendars,
)

__all__ = [
    "MAX_BYTES",
    "MAX_EVENTS",
    "MAX_TITLE_LENGTH",
    "SOURCE_PREFIX",
    "ImportCancelled",
    "ParsedCalendar",
    "ParsedEvent",
    "SkippedEvent",
    "decode_calendar_text",
    "parse_events",
]

MAX_OCCURRENCES = 1_000  # per repeating event: a daily one for the whole window fits easily
PAST_OCCURRENCES = timedelta(days=90)
FUTURE_OCCURRENCES = timedelta(days=180)

Progress = Callable[[int, int], None]
ShouldCancel = Callable[[], bool]

# Outlook and Teams mark online meetings with these instead of an empty LOCATION.
_RECURRENCE_PROPERTIES = ("RRULE", "RDATE", "RECURRENCE-ID")


class ImportCancelled(Exception):
    """The user cancelled a running import; nothing was written."""


@dataclass(frozen=True, slots=True)
class ParsedCalendar:
    events: tuple[ParsedEvent, ...]
    skipped: tuple[SkippedEvent, ...]
    warnings: tuple[str, ...]
    exporter: str
    name: str
    #: Dates looked at while expanding each repeating event (by UID): the budget's measure.
    series_steps: dict[str, int] = field(default_factory=dict)


class _Reader:
    def __init__(
        self,
        *,
        now: datetime,
        local_zone: tzinfo,
        progress: Progress | None,
        should_cancel: ShouldCancel | None,
        total: int,
        clock: Clock,
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
        self.clock = clock
        #: Dates looked at per series (its UID): what the recurrence budget counts.
        self.series_steps: dict[str, int] = {}

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
        zone = calendar_zone(calendar, self.local_zone, self.warnings)
        calendar = standard_calendar(calendar, zone if "X-WR-TIMEZONE" in calendar else None)
        context = Context(
            exporter=exporter(calendar),
            calendar_name=text_of(calendar, "X-WR-CALNAME"),
            zone=zone,
            warnings=self.warnings,
        )
        series: dict[str, list[tuple[Any, int | None]]] = {}
        for component, line in zip(calendar.walk("VEVENT"), lines, strict=False):
            uid = text_of(component, "UID")
            if len(uid) > MAX_VALUE_LENGTH:
                # A UID is an identifier, not a payload: a hostile one would be kept for ever.
                title = " ".join(text_of(component, "SUMMARY").split())[:80]
                reason = _("its UID is longer than {count} characters").format(
                    count=MAX_VALUE_LENGTH
                )
                self.skipped.append(SkippedEvent(line, title, reason))
                self.tick()
                continue
            if uid and any(name in component for name in _RECURRENCE_PROPERTIES):
                series.setdefault(uid, []).append((component, line))
                continue
            self._one(component, context, uid=uid, source_uid=uid, line=line)
            self.tick()
        earliest, latest = self.window
        at_least = len(self.events) + sum(
            min(MAX_OCCURRENCES, least_occurrences(part, earliest=earliest, latest=latest))
            for parts in series.values()
            for part, _line in parts
        )
        if at_least > MAX_EVENTS:
            raise _too_many_events()
        for uid, parts in series.items():
            self._series(uid, parts, context)
            self.tick(len(parts))

    def _one(
        self, component: Any, context: Context, *, uid: str, source_uid: str, line: int | None
    ) -> None:
        try:
            self.events.append(
                component_event(component, context, uid=uid, source_uid=source_uid, line=line)
            )
        except Skip as skip:
            self.skipped.append(SkippedEvent(line, text_of(component, "SUMMARY"), skip.reason))

    def _occurrences(self, single: icalendar.Calendar) -> Expansion:
        """Occurrences in the window, in time order; at most ``MAX_OCCURRENCES``."""
        earliest, latest = self.window
        try:
            return expand_series(
                single,
                earliest=earliest,
                latest=latest,
                max_dates=MAX_OCCURRENCES,
                should_cancel=self.should_cancel,
                clock=self.clock,
            )
        except SeriesCancelled as cancelled:
            raise ImportCancelled() from cancelled

    def _series(self, uid: str, parts: list[tuple[Any, int | None]], context: Context) -> None:
        line = parts[0][1]
        title = next((text_of(part, "SUMMARY") for part, _line in parts if "SUMMARY" in part), "")
        single = icalendar.Calendar()
        for part, _line in parts:
            single.add_component(part)
        try:
            expansion = self._occurrences(single)
        except RuleRejected as rejected:
            self.skipped.append(SkippedEvent(line, title, rejected.reason))
            return
        except ImportCancelled:
            raise
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
        self.series_steps[uid] = expansion.steps
        occurrences = expansion.occurrences
        if not occurrences:
            reason = (
                _("it repeats too often before the 90 days past to be read")
                if expansion.stopped
                else _("it repeats, but not in the 90 days past or the coming 180 days")
            )
            self.skipped.append(SkippedEvent(line, title, reason))
            return
        if expansion.stopped:
            note = (
                _("it repeats very often; only its first {count} dates were read").format(
                    count=len(occurrences)
                )
                if expansion.stopped == "dates"
                else _(
                    "reading its repeat rule took too long; only its first {count} dates were read"
                ).format(count=len(occurrences))
            )
            self.warnings.append(SkippedEvent(line, title, note).describe())
        for occurrence in occurrences:
            start = occurrence.get("DTSTART")
            moment = start.dt if start is not None else None
            key = moment.isoformat() if isinstance(moment, date) else ""
            self._one(occurrence, context, uid=uid, source_uid=f"{uid}#{key}", line=line)
        if len(self.events) > MAX_EVENTS:
            # Stop here rather than expand the rest of a file that is refused anyway.
            raise _too_many_events()


def _too_many_events() -> FormatError:
    return FormatError(
        _("the file holds more than {limit} events, the most one import takes").format(
            limit=MAX_EVENTS
        )
    )


def parse_events(
    data: bytes,
    *,
    now: datetime,
    local_zone: tzinfo | None = None,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
    clock: Clock = time.monotonic,
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
        clock=clock,
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
        exporter=exporter(calendars[0]),
        name=text_of(calendars[0], "X-WR-CALNAME"),
        series_steps=dict(reader.series_steps),
    )
