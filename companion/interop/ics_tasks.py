"""One promise or reconnect as a VTODO for a CalDAV task list, and what the phone did with it.

The task carries only what the user needs on the phone: a summary in their words (the promise's
text and the person's name), the due day, and a reminder at 9:00 on that day (``TRIGGER``
related to ``DUE``, a date, so 9:00 wherever the phone is). Its ``UID`` is the one the .ics
export gives the same record (``ics_export.entry_uid``), and ``X-COMMON-GROUND-ID`` names the
record again for readers that rewrite UIDs. Back from the server, only ``STATUS``/``COMPLETED``
and ``DUE`` are read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import icalendar

from companion.interop.content_lines import refolded
from companion.interop.ics_export import ALARM_AT, PRODID, EntryKind, entry_uid, own_record

RECORD_PROPERTY = "X-COMMON-GROUND-ID"


@dataclass(frozen=True, slots=True)
class TaskContent:
    """What a task says; equal contents need no new write."""

    kind: EntryKind
    record_id: str
    summary: str
    due: date
    completed_on: date | None = None

    @property
    def record(self) -> str:
        return f"{self.kind.value}:{self.record_id}"

    @property
    def uid(self) -> str:
        return entry_uid(self.kind, self.record_id)

    def fingerprint(self) -> str:
        done = self.completed_on.isoformat() if self.completed_on else ""
        return "\x1f".join((self.record, self.summary, self.due.isoformat(), done))


@dataclass(frozen=True, slots=True)
class TaskState:
    """A task as the server has it: whose it is, whether it is done, and when it is due."""

    kind: EntryKind
    record_id: str
    completed: bool
    due: date | None


def task_calendar(task: TaskContent, *, stamp: datetime) -> bytes:
    """A VCALENDAR holding the one VTODO (UTF-8, CRLF, folded)."""
    todo = icalendar.Todo()
    todo.add("uid", task.uid)
    todo.add("dtstamp", stamp.astimezone(UTC).replace(microsecond=0))
    todo.add("summary", task.summary)
    todo.add("due", task.due)
    if task.completed_on is not None:
        todo.add("status", "COMPLETED")
        todo.add("completed", datetime.combine(task.completed_on, time(12, 0), UTC))
    else:
        todo.add("status", "NEEDS-ACTION")
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", task.summary)
        morning = timedelta(hours=ALARM_AT.hour, minutes=ALARM_AT.minute)
        alarm.add("trigger", morning, parameters={"RELATED": "END"})
        todo.add_component(alarm)
    todo.add(RECORD_PROPERTY, task.record)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add_component(todo)
    return refolded(calendar.to_ical())


def read_task(text: str) -> TaskState | None:
    """The first VTODO of ``text`` if it is one of ours; ``None`` for anything else."""
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except Exception:  # a broken object on the server is not ours to repair
        return None
    for todo in calendar.walk("VTODO"):
        found = own_record(str(todo.get("UID", "")).strip())
        if found is None:
            found = _from_record_property(str(todo.get(RECORD_PROPERTY, "")))
        if found is None or found[0] is EntryKind.EVENT:
            return None
        status = str(todo.get("STATUS", "")).strip().upper()
        completed = status == "COMPLETED" or todo.get("COMPLETED") is not None
        return TaskState(found[0], found[1], completed, _day(todo.get("DUE")))
    return None


def _from_record_property(value: str) -> tuple[EntryKind, str] | None:
    kind, colon, record_id = value.strip().partition(":")
    if not colon or not record_id or kind not in {entry.value for entry in EntryKind}:
        return None
    return EntryKind(kind), record_id


def _day(value: object) -> date | None:
    moment = getattr(value, "dt", None)
    if isinstance(moment, datetime):
        return moment.date()
    return moment if isinstance(moment, date) else None
