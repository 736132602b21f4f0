"""Promises and reconnects: what I owe people and who to get back to (a person's story is
``timeline.py``).

Everything takes ``today`` from the caller (never the system clock), so "due" and "overdue" are
testable. The lists for Home and the tray read raw fields in one pass per table (no record
decoding, no per-person scans): 10,000 people and 30,000 encounters answer in milliseconds.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from weakref import WeakKeyDictionary

from companion.domain.date_range import add_days
from companion.domain.errors import ValidationError
from companion.domain.folding import fold
from companion.domain.people import FollowUp, Promise, PromiseStatus
from companion.i18n import N_, _, ngettext
from companion.services.changes import ChangeSet, added, updated
from companion.storage.store import Store

#: Promises due within this many days are listed as "upcoming".
UPCOMING_DAYS = 7


@dataclass(frozen=True, slots=True)
class Cadence:
    """A common "get back in touch every …" choice."""

    days: int
    label: str  # N_-marked; translate with _() when shown


CADENCES: tuple[Cadence, ...] = (
    Cadence(14, N_("Every 2 weeks")),
    Cadence(30, N_("Every month")),
    Cadence(91, N_("Every 3 months")),
    Cadence(182, N_("Every 6 months")),
    Cadence(365, N_("Every year")),
)


def cadence_label(days: int) -> str:
    """The translated label of a cadence: a common one by name, else "Every N days"."""
    for cadence in CADENCES:
        if cadence.days == days:
            return _(cadence.label)
    return ngettext("Every {count} day", "Every {count} days", days).format(count=days)


@dataclass(frozen=True, slots=True)
class DuePromise:
    """An open promise with a due date, and how it stands today."""

    promise_id: str
    person_id: str
    person_name: str
    text: str
    due: date
    days_overdue: int  # > 0 overdue by that many days, 0 due today, < 0 due in -n days

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0

    @property
    def due_today(self) -> bool:
        return self.days_overdue == 0


@dataclass(frozen=True, slots=True)
class Reconnect:
    """A person whose follow-up is due: when, and when we were last in touch."""

    person_id: str
    person_name: str
    due: date
    days_overdue: int  # 0 when due today
    last_contact: date | None
    cadence_days: int | None


@dataclass(frozen=True, slots=True)
class PromiseCounts:
    """What the tray and Home badges show."""

    promises_due: int  # open promises due today or overdue
    promises_overdue: int
    reconnects: int


def _day(value: Any) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def due_promises(
    store: Store, today: date, *, within_days: int = UPCOMING_DAYS
) -> list[DuePromise]:
    """Open promises due by ``today + within_days``: most overdue first, then today, upcoming."""
    horizon = add_days(today, within_days)
    open_status = PromiseStatus.OPEN.value
    due_ones: list[tuple[str, Any, date, Any]] = []
    # The stored documents in one pass, as read (none is kept or copied): a left-out status is
    # the default, open.
    for key, document in store.promises.read_all():
        if document.get("status", open_status) != open_status:
            continue
        due = _day(document.get("due"))
        if due is not None and due <= horizon:
            due_ones.append((key, document.get("person_id"), due, document.get("text")))
    # Names only of the people owed something (not a pass over every person).
    names = _names(store, (person_id for _key, person_id, _due, _text in due_ones))
    found: list[DuePromise] = []
    for key, person_id, due, text in due_ones:
        if person_id not in names:
            continue
        found.append(
            DuePromise(
                promise_id=key,
                person_id=person_id,
                person_name=str(names[person_id]),
                text=str(text or ""),
                due=due,
                days_overdue=(today - due).days,
            )
        )
    found.sort(key=lambda promise: (promise.due, promise.person_name.casefold()))
    return found


#: Each open store's latest encounter day per person (ISO text), with the encounters table's
#: version it was read at: Home, the tray's menu and its badge all ask at start, and each
#: question was a pass over every encounter.
_LATEST_DAYS: WeakKeyDictionary[Store, tuple[object, dict[str, str]]] = WeakKeyDictionary()


def _latest_days(store: Store) -> dict[str, str]:
    version = store.table_version("encounters")
    cached = _LATEST_DAYS.get(store)
    if cached is not None and cached[0] is version:
        return cached[1]
    # The stored texts in one pass (this runs on every start, for Home, at 30,000
    # encounters): ISO days compare like dates, so only the winners are parsed, by the callers.
    latest = store.encounters.latest_text("person_id", "on")
    _LATEST_DAYS[store] = (version, latest)
    return latest


def last_contacts(store: Store) -> dict[str, date]:
    """The latest encounter day per person id."""
    return {
        person_id: day for person_id, text in _latest_days(store).items() if (day := _day(text))
    }


def _names(store: Store, person_ids: Iterable[str]) -> dict[str, Any]:
    """The stored names of ``person_ids`` (the ones still stored), read without decoding."""
    return store.people.fields_of(person_ids, "name")


def _follow_up_due(raw: Any, last_contact: str | None) -> tuple[date, int | None] | None:
    """When a stored follow-up is due, and its cadence; ``last_contact`` (ISO text) is read
    only when the due date counts from it."""
    if not isinstance(raw, dict):
        return None
    cadence = raw.get("cadence_days")
    cadence_days = cadence if isinstance(cadence, int) and not isinstance(cadence, bool) else None
    next_date = _day(raw.get("next_date"))
    if next_date is not None:
        return next_date, cadence_days
    if cadence_days is not None and (last := _day(last_contact)) is not None:
        return add_days(last, cadence_days), cadence_days
    return None


def reconnects(store: Store, today: date, *, within_days: int = 0) -> list[Reconnect]:
    """People whose follow-up is due by ``today + within_days``, most overdue first.

    The follow-up is the person's explicit next date, else their cadence counted from the last
    encounter (the same rule as ``FollowUp.due_date``).
    """
    return first_reconnects(store, today, within_days=within_days)[1]


def first_reconnects(
    store: Store, today: date, *, within_days: int = 0, count: int | None = None
) -> tuple[int, list[Reconnect]]:
    """How many people ``reconnects`` lists, and the first ``count`` of them (all: None).

    Home shows five of the thousands a big log can have due: only those are made, and only
    the names that can decide their order are read."""
    follow_ups = store.people.set_values("follow_up")
    latest = _latest_days(store) if follow_ups else {}
    horizon = add_days(today, within_days)
    due_ones: list[tuple[date, str, int | None]] = []
    for person_id, raw in follow_ups.items():
        due = _follow_up_due(raw, latest.get(person_id))
        if due is not None and due[0] <= horizon:
            due_ones.append((due[0], person_id, due[1]))
    chosen = due_ones
    if count is not None and count < len(due_ones):
        # The order is by due date, then name: past the count-th due date no name matters.
        last_due = heapq.nsmallest(count, due_ones)[-1][0] if count > 0 else None
        chosen = [item for item in due_ones if last_due is not None and item[0] <= last_due]
    names = _names(store, (person_id for _due, person_id, _cadence in chosen))
    named = [
        (due, str(names.get(person_id) or ""), person_id, cadence)
        for due, person_id, cadence in chosen
    ]
    # Names compare as the People page sorts them: "Émile" beside "Emma", not after "Zoe".
    named.sort(key=lambda item: (item[0], fold(item[1])))
    return len(due_ones), [
        Reconnect(
            person_id=person_id,
            person_name=name,
            due=due,
            days_overdue=(today - due).days,
            last_contact=_day(latest.get(person_id)),
            cadence_days=cadence,
        )
        for due, name, person_id, cadence in named[:count]
    ]


def promise_counts(store: Store, today: date) -> PromiseCounts:
    """How many promises are due (and overdue) and how many people to reconnect with today."""
    promises = due_promises(store, today, within_days=0)
    return PromiseCounts(
        promises_due=len(promises),
        promises_overdue=sum(1 for promise in promises if promise.overdue),
        reconnects=first_reconnects(store, today, count=0)[0],
    )


def set_promise_status(
    store: Store, promise_id: str, status: PromiseStatus, today: date
) -> ChangeSet:
    """Mark a promise done, dropped or open again; done and dropped remember the day.

    Raises:
        ValidationError: the promise is no longer stored.
        StoreWriteError: the disk refused the write.
    """
    promise = store.promises.get(promise_id)
    if promise is None:
        raise ValidationError(_("That promise is no longer in your log."), field="promise")
    done_on = None if status is PromiseStatus.OPEN else today
    if promise.status is status and promise.done_on == done_on:
        return ChangeSet()
    store.promises.put(replace(promise, status=status, done_on=done_on))
    return updated("offers", promise_id)


def add_promise(
    store: Store, person_id: str, text: str, *, due: date | None, today: date
) -> tuple[ChangeSet, Promise]:
    """Record a new open promise to a person.

    Raises:
        ValidationError: no text, or the person is no longer stored.
    """
    if person_id not in store.people:
        raise ValidationError(_("That person is no longer in your log."), field="person")
    promise = Promise(person_id=person_id, text=text.strip(), due=due, created=today)
    store.promises.put(promise)
    return added("offers", promise.id), promise


def cadence_follow_up(store: Store, person_id: str, cadence_days: int, today: date) -> FollowUp:
    """A cadence that counts from the last contact or, with none yet, from today.

    Counting "from the next encounter" never fired for someone only imported (issue 17): with
    no contact the first reminder gets a date of its own, ``cadence_days`` from today; the
    contact logged then starts the cadence over (``log_contact``).
    """
    if person_id in last_contacts(store):
        return FollowUp(cadence_days=cadence_days)
    return FollowUp(cadence_days=cadence_days, next_date=add_days(today, cadence_days))


def set_follow_up(
    store: Store,
    person_id: str,
    *,
    cadence_days: int | None = None,
    next_date: date | None = None,
) -> ChangeSet:
    """Set when to get back in touch (a cadence, a date, or both); neither clears it.

    Raises:
        ValidationError: unknown person or a cadence out of range.
    """
    person = store.people.get(person_id)
    if person is None:
        raise ValidationError(_("That person is no longer in your log."), field="person")
    follow_up = (
        None
        if cadence_days is None and next_date is None
        else FollowUp(next_date=next_date, cadence_days=cadence_days)
    )
    if person.follow_up == follow_up:
        return ChangeSet()
    store.people.put(replace(person, follow_up=follow_up))
    return updated("people", person_id)


def promises_of(store: Store, person_id: str) -> list[Promise]:
    """A person's promises: open ones first (soonest due first), then kept and dropped."""
    promises = [
        promise
        for key, owner in store.promises.field_values("person_id").items()
        if owner == person_id and (promise := store.promises.get(key)) is not None
    ]
    promises.sort(
        key=lambda promise: (
            promise.status is not PromiseStatus.OPEN,
            promise.due is None,
            promise.due or date.min,
            promise.created or date.min,
        )
    )
    return promises
