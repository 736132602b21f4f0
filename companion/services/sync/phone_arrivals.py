"""Home's "New from your phone": people whose card came in from a sync account lately.

Someone added on the phone during or just after an event was most likely met there: the card
says which day it arrived, and the event of that day (the most recent one to start) is offered
as where we met. Once an encounter is logged, the person leaves the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from companion.domain.events import Event
from companion.domain.people import EncounterKind, Person
from companion.services.changes import ChangeSet
from companion.services.people.log_met import log_encounter
from companion.storage.store import Store

#: How long a person stays under "New from your phone" (days since the card came in).
RECENT_DAYS = 7


@dataclass(frozen=True, slots=True)
class Arrival:
    """A person new from a sync account and the event they were probably met at (or None)."""

    person: Person
    event: Event | None


def new_from_phone(store: Store, today: date, *, days: int = RECENT_DAYS) -> list[Arrival]:
    """People that came in from a sync account in the last ``days`` with nothing logged since,
    newest first."""
    since = today - timedelta(days=days)
    # Home shows this on every start: only the few people that came from a sync account are
    # decoded (decoding all 10,000 took about a second and kept every record in memory).
    synced = [key for key, source in store.people.field_values("arrived_from").items() if source]
    names = {account.id: account.name for account in store.sync_accounts}
    arrived = [
        person
        for person in map(store.people.get, synced)
        if person is not None
        and person.arrived_from
        and person.arrived_on is not None
        and since <= person.arrived_on
        # A card deleted on the phone again (a mistake, a duplicate) is no one met there.
        and names.get(person.arrived_from) not in person.removed_from
    ]
    if not arrived:
        return []
    arrived_on = {person.id: person.arrived_on for person in arrived if person.arrived_on}
    met = [
        key
        for key, person_id in store.encounters.field_values("person_id").items()
        if person_id in arrived_on
    ]
    handled = {
        encounter.person_id
        for encounter in map(store.encounters.get, met)
        if encounter is not None
        and encounter.person_id in arrived_on
        and encounter.on >= arrived_on[encounter.person_id]
    }
    events = [event for event in store.events if not event.cancelled]
    return [
        Arrival(person, event_of_day(events, arrived_on[person.id]))
        for person in sorted(arrived, key=lambda person: (arrived_on[person.id], person.name))[::-1]
        if person.id not in handled
    ]


def event_of_day(events: list[Event], day: date) -> Event | None:
    """The event happening that day; of several, the one that started last."""
    of_day = [event for event in events if event.first_day <= day <= event.last_day]
    return max(of_day, key=lambda event: event.start, default=None)


def record_met(store: Store, arrival: Arrival, *, today: date) -> ChangeSet:
    """Log that I met the person at the arrival's event (or on the day the card came in)."""
    person = arrival.person
    day = person.arrived_on or today
    changes, _encounter = log_encounter(
        store,
        person.id,
        on=day,
        kind=EncounterKind.MET,
        event_id=None if arrival.event is None else arrival.event.id,
    )
    return changes
