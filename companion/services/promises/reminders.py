"""What is worth a notification right now: an event about to start, one that has just ended
(log who you met), and the promises due today or overdue.

No Qt: the tray's scheduler (``companion.ui.tray.notifications``) asks :func:`pending_reminders`
every minute and shows what it returns. Every reminder has a stable ``key``; the keys already shown
are remembered (with the day they were shown, see :func:`remember_shown`), so a reminder is shown
once, and a restart the same day does not repeat it.
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from companion.domain.events import Event, EventStatus, PrepPlan
from companion.services.events.stored_times import events_ending_between
from companion.services.people.capture import ASSUMED_EVENT_LENGTH
from companion.services.promises.promises import DuePromise, due_promises
from companion.storage.store import Store

#: An event starting within this time is worth a "prepare" nudge.
STARTING_WITHIN = timedelta(hours=1)
#: An event that ended within this time is worth a "log who you met" nudge; anything older is
#: history (a first start after a week away must not replay last week's evenings).
ENDED_WITHIN = timedelta(hours=2)
#: Shown keys are kept this many days: long enough for an evening that ends after midnight.
KEEP_SHOWN_DAYS = 2


class ReminderKind(StrEnum):
    EVENT_STARTING = "event-starting"
    EVENT_ENDED = "event-ended"
    PROMISES_DUE = "promises-due"


@dataclass(frozen=True, slots=True)
class Reminder:
    """One notification to show, and what a click on it should open."""

    kind: ReminderKind
    key: str  # stable: the same situation gives the same key
    title: str  # the event's title, or the text of the (most overdue) promise
    event_id: str = ""  # for the event reminders
    moment: datetime | None = None  # the event's start, or its end
    person_id: str = ""  # a promise reminder: the person, when all promises are to one person
    person_name: str = ""  # the person of the (most overdue) promise
    promises: int = 0  # how many promises are due or overdue
    overdue: int = 0  # how many of them are overdue


def event_end(event: Event) -> datetime:
    """When an event ends; one without an end is assumed to last as long as capture assumes."""
    return event.end or event.start + ASSUMED_EVENT_LENGTH


def _reminded(event: Event) -> bool:
    return event.status is not EventStatus.SKIPPED and not event.cancelled


def _events_ending_after(store: Store, moment: datetime) -> list[Event]:
    """The events that may end after ``moment`` (a superset), decoded; the long-past ones are
    not (the tray asks every minute, and most events ended long ago)."""
    return [event for _k, _d, event in events_ending_between(store, moment, None) if event]


def next_event(store: Store, now: datetime) -> Event | None:
    """The soonest event that has not started yet and that I have not skipped.

    A cancelled one counts only when I prepared it: then the tray must say it is off.
    """
    upcoming = [
        event
        for event in _events_ending_after(store, now)
        if event.start > now
        and (_reminded(event) or (event.cancelled and event.prep != PrepPlan()))
    ]
    return min(upcoming, key=lambda event: (event.start, event.id), default=None)


def _event_reminders(store: Store, now: datetime) -> list[Reminder]:
    starting: list[Reminder] = []
    ended: list[Reminder] = []
    # An event that ended before this can neither start soon nor have just ended.
    for event in _events_ending_after(store, now - ENDED_WITHIN - ASSUMED_EVENT_LENGTH):
        # An all-day event starts and ends at midnight: no moment for a nudge (Home lists it).
        if not _reminded(event) or event.all_day:
            continue
        if now < event.start <= now + STARTING_WITHIN:
            starting.append(
                Reminder(
                    kind=ReminderKind.EVENT_STARTING,
                    # The start is part of the key: an event moved to another time reminds again.
                    key=f"{ReminderKind.EVENT_STARTING}:{event.id}:{event.start.isoformat()}",
                    title=event.title,
                    event_id=event.id,
                    moment=event.start,
                )
            )
            continue
        end = event_end(event)
        if now - ENDED_WITHIN <= end <= now:
            ended.append(
                Reminder(
                    kind=ReminderKind.EVENT_ENDED,
                    key=f"{ReminderKind.EVENT_ENDED}:{event.id}:{end.isoformat()}",
                    title=event.title,
                    event_id=event.id,
                    moment=end,
                )
            )
    starting.sort(key=lambda reminder: (reminder.moment or now, reminder.key))
    ended.sort(key=lambda reminder: (reminder.moment or now, reminder.key), reverse=True)
    return starting + ended


def _promise_reminder(promises: list[DuePromise], today: date) -> Reminder | None:
    """One reminder a day for all promises due today or overdue (never one per promise)."""
    if not promises:
        return None
    first = promises[0]  # the most overdue
    people = {promise.person_id for promise in promises}
    return Reminder(
        kind=ReminderKind.PROMISES_DUE,
        key=f"{ReminderKind.PROMISES_DUE}:{today.isoformat()}",
        title=first.text,
        person_id=first.person_id if len(people) == 1 else "",
        person_name=first.person_name,
        promises=len(promises),
        overdue=sum(1 for promise in promises if promise.overdue),
    )


def pending_reminders(
    store: Store, *, now: datetime, today: date, shown: Container[str] = ()
) -> list[Reminder]:
    """The reminders not shown yet, the most urgent first.

    An event starting soon comes first (the soonest first), then events that just ended (the
    latest first), then the day's promise reminder.
    """
    found = _event_reminders(store, now)
    promise = _promise_reminder(due_promises(store, today, within_days=0), today)
    if promise is not None:
        found.append(promise)
    return [reminder for reminder in found if reminder.key not in shown]


def remember_shown(shown: Mapping[str, str], keys: list[str], today: date) -> dict[str, str]:
    """``shown`` (key -> ISO day it was shown) with ``keys`` added and old entries dropped."""
    oldest = (today - timedelta(days=KEEP_SHOWN_DAYS)).isoformat()
    kept = {
        key: day
        for key, day in shown.items()
        if isinstance(key, str) and isinstance(day, str) and day >= oldest
    }
    kept.update(dict.fromkeys(keys, today.isoformat()))
    return kept
