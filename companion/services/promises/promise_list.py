"""Every open promise, for the Promises view: by due date, with the person and the events.

A promise belongs to the events where I met its person (their encounters there, or the events
noted on them): "what did I promise people at the Go club night?" is the question the event
filter answers. Promises without a due date come last; they are never "due".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from companion.domain.people import PromiseStatus
from companion.services.promises.promises import due_promises
from companion.storage.store import Store

#: Home's Promises section and the tray both count promises due within this many days, so
#: their numbers agree (issue 17: the tray said 0 while Home listed two due in three days).
DUE_SOON_DAYS = 3


@dataclass(frozen=True, slots=True)
class OpenPromise:
    promise_id: str
    person_id: str
    person_name: str
    text: str
    due: date | None
    #: Ids of the events where I met the person.
    event_ids: frozenset[str]

    def days_overdue(self, today: date) -> int | None:
        """> 0 overdue by that many days, 0 due today, < 0 due later; None: no due date."""
        return None if self.due is None else (today - self.due).days


def _events_by_person(store: Store) -> dict[str, set[str]]:
    events: dict[str, set[str]] = {}
    people = store.encounters.field_values("person_id")
    event_ids = store.encounters.field_values("event_id")
    for key, person_id in people.items():
        event_id = event_ids.get(key)
        if person_id and isinstance(event_id, str) and event_id:
            events.setdefault(person_id, set()).add(event_id)
    for person_id, noted in store.people.field_values("event_ids").items():
        if isinstance(noted, list):
            events.setdefault(person_id, set()).update(str(event) for event in noted if event)
    return events


def open_promises(store: Store) -> list[OpenPromise]:
    """Every open promise to someone still in the log: soonest due first, undated last."""
    names = store.people.field_values("name")
    events = _events_by_person(store)
    found: list[OpenPromise] = []
    for promise in store.promises:
        if promise.status is not PromiseStatus.OPEN or promise.person_id not in names:
            continue
        found.append(
            OpenPromise(
                promise_id=promise.id,
                person_id=promise.person_id,
                person_name=str(names[promise.person_id] or ""),
                text=promise.text,
                due=promise.due,
                event_ids=frozenset(events.get(promise.person_id, ())),
            )
        )
    found.sort(
        key=lambda item: (
            item.due is None,
            item.due or date.max,
            item.person_name.casefold(),
            item.text.casefold(),
        )
    )
    return found


def due_soon_count(store: Store, today: date) -> int:
    """How many promises Home lists and the tray counts: overdue, today, and the next days."""
    return len(due_promises(store, today, within_days=DUE_SOON_DAYS))
