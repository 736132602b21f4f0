"""People use cases: add, change and remove people, and the overview the People page lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from companion.domain.interests import shared_interests
from companion.domain.people import Person, PromiseStatus
from companion.services.changes import ChangeSet, added, removed, updated
from companion.services.profile.profile import get_profile
from companion.storage.store import Store

TABLE = "people"


def save_person(store: Store, person: Person) -> ChangeSet:
    """Add ``person`` or replace the stored one with the same id; durable on return."""
    was_new = store.people.put(person)
    return added(TABLE, person.id) if was_new else updated(TABLE, person.id)


def delete_person(store: Store, person_id: str) -> tuple[ChangeSet, Person | None]:
    """Remove a person; returns the removed record so the caller can offer undo."""
    gone = store.people.remove(person_id)
    return (removed(TABLE, person_id) if gone else ChangeSet()), gone


@dataclass(frozen=True, slots=True)
class PersonOverview:
    """One row of the People page: a person and what the table shows about them."""

    person: Person
    met_at: str  # the title of the event where we first met; "" when unknown
    shared_interests: tuple[str, ...]  # slugs both of us have, in the order of theirs
    last_contact: date | None
    next_follow_up: date | None
    open_promises: int
    follow_up_due: bool  # the follow-up date is today or past


def people_overview(store: Store, today: date) -> list[PersonOverview]:
    """Every person with where we met, what we share, when we last spoke and what I owe them.

    Encounters and offers are read as raw fields in one pass each (no record decoding), so a
    store of 10,000 people and 30,000 encounters answers in a fraction of a second.
    """
    first_event, last_contact = _encounter_summary(store)
    open_promises = _open_promises(store)
    titles = {key: str(title or "") for key, title in store.events.field_values("title").items()}
    mine = get_profile(store).interests
    rows: list[PersonOverview] = []
    for person in store.people:
        met_event = next((eid for eid in person.event_ids if eid in titles), None)
        if met_event is None:
            met_event = first_event.get(person.id, (None, ""))[0]
        contact = last_contact.get(person.id)
        last = date.fromisoformat(contact) if contact else None
        follow_up = person.follow_up.due_date(last) if person.follow_up is not None else None
        rows.append(
            PersonOverview(
                person=person,
                met_at=titles.get(met_event, "") if met_event else "",
                shared_interests=shared_interests(mine, person.interests),
                last_contact=last,
                next_follow_up=follow_up,
                open_promises=open_promises.get(person.id, 0),
                follow_up_due=follow_up is not None and follow_up <= today,
            )
        )
    return rows


def _encounter_summary(
    store: Store,
) -> tuple[dict[str, tuple[str | None, str]], dict[str, str]]:
    """Per person: the earliest encounter at an event (event id, day) and the latest day.

    Days stay ISO strings here: they compare like dates, and parsing 30,000 of them is waste.
    """
    people = store.encounters.field_values("person_id")
    days = store.encounters.field_values("on")
    events = store.encounters.field_values("event_id")
    first_event: dict[str, tuple[str | None, str]] = {}
    latest: dict[str, str] = {}
    for key, person_id in people.items():
        day = days.get(key)
        if not person_id or not isinstance(day, str):
            continue
        if day > latest.get(person_id, ""):
            latest[person_id] = day
        event_id = events.get(key)
        if event_id:
            known = first_event.get(person_id)
            if known is None or day < known[1]:
                first_event[person_id] = (event_id, day)
    return first_event, latest


def _open_promises(store: Store) -> dict[str, int]:
    people = store.promises.field_values("person_id")
    statuses = store.promises.field_values("status")
    counts: dict[str, int] = {}
    for key, person_id in people.items():
        if person_id and statuses.get(key, PromiseStatus.OPEN.value) == PromiseStatus.OPEN.value:
            counts[person_id] = counts.get(person_id, 0) + 1
    return counts
