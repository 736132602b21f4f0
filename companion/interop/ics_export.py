"""Write the user's calendar as iCalendar (RFC 5545): events with their prep, promises, reconnects.

- Upcoming events are ``VEVENT``\\ s whose ``DESCRIPTION`` starts with the prep (intention,
  openers, what I can offer), then the event's own description. Times are written in UTC, which
  every calendar reads without a ``VTIMEZONE``.
- Due promises and reconnects are ``VTODO``\\ s with a ``DUE`` date and a ``VALARM`` at 9:00 on
  that day (``TRIGGER;RELATED=END`` relates to ``DUE``). Google Calendar ignores tasks in an
  imported file, so ``tasks_as_events`` writes them as all-day events with the same alarm
  instead (Google also drops alarms of imported events; Apple and Thunderbird keep them).
- Every entry has a stable ``UID`` made of its kind and our record id at a reserved domain
  (``own_record`` reads it back), so exporting again updates the same entries in calendar apps
  instead of adding copies, and our own importer can recognise what it wrote.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

import icalendar

from companion import APP_NAME, __version__
from companion.domain.events import Event, EventStatus
from companion.domain.people import Promise, PromiseStatus
from companion.i18n import _
from companion.interop.content_lines import refolded

PRODID = f"-//{APP_NAME}//Companion {__version__}//EN"
#: ``.invalid`` is reserved (RFC 2606): our UIDs can never clash with a real host's.
UID_DOMAIN = "commonground.invalid"
ALARM_AT = time(9, 0)


class EntryKind(StrEnum):
    EVENT = "event"
    PROMISE = "promise"
    RECONNECT = "reconnect"


def entry_uid(kind: EntryKind, record_id: str) -> str:
    return f"{kind.value}-{record_id}@{UID_DOMAIN}"


def own_record(uid: str) -> tuple[EntryKind, str] | None:
    """(kind, record id) when ``uid`` is one this module wrote; else ``None``."""
    local, at, domain = uid.rpartition("@")
    if not at or domain != UID_DOMAIN:
        return None
    kind, dash, record_id = local.partition("-")
    if not dash or not record_id or kind not in {entry.value for entry in EntryKind}:
        return None
    return EntryKind(kind), record_id


@dataclass(frozen=True, slots=True)
class PreparedEvent:
    """An event with the texts of its chosen openers and the labels of its interests."""

    event: Event
    openers: tuple[str, ...] = ()
    interest_labels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PromiseEntry:
    promise: Promise
    person_name: str


@dataclass(frozen=True, slots=True)
class ReconnectEntry:
    person_id: str
    person_name: str
    due: date


def prep_text(prepared: PreparedEvent) -> str:
    """The prep plan as plain text, then the event's own description."""
    prep = prepared.event.prep
    parts: list[str] = []
    if prep.intention:
        parts.append(_("Intention: {text}").format(text=prep.intention))
    if prepared.openers:
        parts.append("\n".join([_("Openers:"), *(f"• {text}" for text in prepared.openers)]))
    if prep.offer_notes:
        parts.append(
            "\n".join([_("What I can offer:"), *(f"• {text}" for text in prep.offer_notes)])
        )
    description = prepared.event.description.strip()
    if description:
        parts.append(description)
    return "\n\n".join(parts)


def _event(prepared: PreparedEvent, stamp: datetime) -> icalendar.Event:
    event = prepared.event
    component = icalendar.Event()
    component.add("uid", entry_uid(EntryKind.EVENT, event.id))
    component.add("dtstamp", stamp)
    component.add("summary", event.title)
    if event.all_day:
        # Dates, not moments: the same day in every zone; DTEND is the day after (exclusive).
        component.add("dtstart", event.first_day)
        component.add("dtend", event.last_day + timedelta(days=1))
    else:
        component.add("dtstart", event.start.astimezone(UTC))
        if event.end is not None:
            component.add("dtend", event.end.astimezone(UTC))
    if event.venue:
        component.add("location", event.venue)
    if event.url:
        component.add("url", event.url)
    description = prep_text(prepared)
    if description:
        component.add("description", description)
    if prepared.interest_labels:
        component.add("categories", list(prepared.interest_labels))
    component.add("status", "CONFIRMED" if event.status is EventStatus.GOING else "TENTATIVE")
    return component


def _alarm(description: str, trigger: timedelta, *, related_end: bool) -> icalendar.Alarm:
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", description)
    if related_end:
        alarm.add("trigger", trigger, parameters={"RELATED": "END"})
    else:
        alarm.add("trigger", trigger)
    return alarm


def _task(
    *,
    uid: str,
    summary: str,
    description: str,
    due: date,
    stamp: datetime,
    as_event: bool,
    status: PromiseStatus = PromiseStatus.OPEN,
    done_on: date | None = None,
) -> icalendar.Component:
    morning = timedelta(hours=ALARM_AT.hour, minutes=ALARM_AT.minute)
    component: icalendar.Component
    if as_event:
        component = icalendar.Event()
        component.add("dtstart", due)
        component.add("dtend", due + timedelta(days=1))
        component.add("transp", "TRANSPARENT")
        if status is not PromiseStatus.OPEN:
            component.add("status", "CANCELLED")
    else:
        component = icalendar.Todo()
        component.add("due", due)
        component.add("status", _TODO_STATUS[status])
        if status is PromiseStatus.DONE:
            done = datetime.combine(done_on or due, time(12, 0), UTC)
            component.add("completed", done)
    component.add("uid", uid)
    component.add("dtstamp", stamp)
    component.add("summary", summary)
    if description:
        component.add("description", description)
    if status is PromiseStatus.OPEN:
        # An all-day event starts at midnight: its alarm is relative to the start.
        component.add_component(_alarm(summary, morning, related_end=not as_event))
    return component


_TODO_STATUS = {
    PromiseStatus.OPEN: "NEEDS-ACTION",
    PromiseStatus.DONE: "COMPLETED",
    PromiseStatus.DROPPED: "CANCELLED",
}


def write_calendar(
    *,
    events: Iterable[PreparedEvent] = (),
    promises: Iterable[PromiseEntry] = (),
    reconnects: Iterable[ReconnectEntry] = (),
    stamp: datetime,
    tasks_as_events: bool = False,
) -> bytes:
    """One ``VCALENDAR`` (UTF-8, CRLF, folded at 75 octets by ``icalendar``)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # Google Calendar names a calendar imported from a file after this.
    calendar.add("x-wr-calname", APP_NAME)
    stamp = stamp.astimezone(UTC).replace(microsecond=0)
    for prepared in events:
        calendar.add_component(_event(prepared, stamp))
    for entry in promises:
        promise = entry.promise
        if promise.due is None:
            continue
        calendar.add_component(
            _task(
                uid=entry_uid(EntryKind.PROMISE, promise.id),
                summary=(
                    _("Promise to {name}: {text}").format(name=entry.person_name, text=promise.text)
                    if entry.person_name
                    else _("Promise: {text}").format(text=promise.text)
                ),
                description=promise.text,
                due=promise.due,
                stamp=stamp,
                as_event=tasks_as_events,
                status=promise.status,
                done_on=promise.done_on,
            )
        )
    for reconnect in reconnects:
        calendar.add_component(
            _task(
                uid=entry_uid(EntryKind.RECONNECT, reconnect.person_id),
                summary=_("Get back in touch with {name}").format(name=reconnect.person_name),
                description="",
                due=reconnect.due,
                stamp=stamp,
                as_event=tasks_as_events,
            )
        )
    return refolded(calendar.to_ical())
