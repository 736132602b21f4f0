"""Home's "New from your phone": people whose card came in from a sync account lately.

Someone added on the phone during or just after an event was most likely met there. The time
is the one the phone gave the card (``Person.added_on_phone``: its CREATED or REV, else when it
came in here, see ``card_times``), not the day the card reached this computer, which may be days
later. The event offered is the one happening then or ended shortly before (of several, the one
that started last), else the last one that started earlier that day. People from before this
time was kept have only the day the card came in: that day's event, as before. Once an
encounter is logged, the person leaves the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from companion.domain.events import Event
from companion.domain.people import EncounterKind, Person
from companion.services.changes import ChangeSet
from companion.services.sync.sync_siblings import same_book
from companion.storage.store import Store

#: How long a person stays under "New from your phone" (days since the card came in).
RECENT_DAYS = 7
#: A contact added this long after an event's end was still met there (the way home).
JUST_ENDED = timedelta(hours=3)
#: ... or this long before it starts (arriving early).
EARLY = timedelta(minutes=30)
#: How long an event without an end is taken to last.
DEFAULT_LENGTH = timedelta(hours=2)


@dataclass(frozen=True, slots=True)
class Arrival:
    """A person new from a sync account and the event they were probably met at (or None)."""

    person: Person
    event: Event | None

    @property
    def day(self) -> date | None:
        """The day we (most likely) met: when the phone made the card, else when it came in."""
        return met_day(self.person)


def met_day(person: Person) -> date | None:
    if person.added_on_phone is not None:
        return person.added_on_phone.astimezone().date()
    return person.arrived_on


def new_from_phone(store: Store, today: date, *, days: int = RECENT_DAYS) -> list[Arrival]:
    """People that came in from a sync account in the last ``days`` with nothing logged since,
    newest first."""
    since = today - timedelta(days=days)
    # Home shows this on every start: only the few people that came from a sync account are
    # decoded (decoding all 10,000 took about a second and kept every record in memory).
    synced = [key for key, source in store.people.set_values("arrived_from").items() if source]
    accounts = list(store.sync_accounts)
    # The account's name and those of the others on its address book (the same book twice).
    names = {
        account.id: {account.name, *(other.name for other in accounts if same_book(account, other))}
        for account in accounts
    }
    arrived = [
        person
        for person in map(store.people.get, synced)
        if person is not None
        and person.arrived_from
        and person.arrived_on is not None
        and since <= person.arrived_on
        # A card deleted on the phone again (a mistake, a duplicate) is no one met there.
        and not names.get(person.arrived_from, set()).intersection(person.removed_from)
    ]
    if not arrived:
        return []
    # An encounter logged on the day we met or later means they were dealt with.
    arrived_on = {
        person.id: min(person.arrived_on, met_day(person) or person.arrived_on)
        for person in arrived
        if person.arrived_on
    }
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
        Arrival(person, _event_for(events, person))
        for person in sorted(arrived, key=_newest)[::-1]
        if person.id not in handled
    ]


def _newest(person: Person) -> tuple[date, datetime, str]:
    moment = person.added_on_phone or datetime.min.replace(tzinfo=UTC)
    return person.arrived_on or date.min, moment, person.name


def _event_for(events: list[Event], person: Person) -> Event | None:
    if person.added_on_phone is not None:
        return event_at(events, person.added_on_phone)
    return event_of_day(events, person.arrived_on) if person.arrived_on else None


def event_at(events: list[Event], moment: datetime) -> Event | None:
    """The event happening at ``moment`` (or just ended); of several, the one that started
    last. None happening: the last one that started earlier the same day, if any."""
    day = moment.astimezone().date()

    def happening(event: Event) -> bool:
        if event.all_day:
            return event.first_day <= day <= event.last_day
        end = event.end or event.start + DEFAULT_LENGTH
        return event.start - EARLY <= moment <= end + JUST_ENDED

    found = [event for event in events if happening(event)]
    if not found:
        found = [
            event
            for event in events
            if not event.all_day
            and event.start <= moment
            and event.start.astimezone().date() == day
        ]
    return max(found, key=lambda event: event.start, default=None)


def event_of_day(events: list[Event], day: date) -> Event | None:
    """The event happening that day; of several, the one that started last."""
    of_day = [event for event in events if event.first_day <= day <= event.last_day]
    return max(of_day, key=lambda event: event.start, default=None)


def record_met(store: Store, arrival: Arrival, *, today: date) -> ChangeSet:
    """Log that I met the person at the arrival's event (or on the day the card came in)."""
    from companion.services.people.log_met import log_encounter

    day = met_day(arrival.person) or today
    changes, _encounter = log_encounter(
        store,
        arrival.person.id,
        on=day,
        kind=EncounterKind.MET,
        event_id=None if arrival.event is None else arrival.event.id,
    )
    return changes
