"""People use cases: add, change and remove people, and the overview the People page lists."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, NamedTuple

from companion.domain.interests import shared_interests
from companion.domain.limits import neutral_name
from companion.domain.people import FollowUp, Person, PromiseStatus
from companion.domain.validation import clean_tuple
from companion.services.changes import ChangeSet, added, removed, updated
from companion.services.profile.profile import get_profile
from companion.services.promises.promises import last_contacts
from companion.storage.codec import from_document
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


class PersonOverview(NamedTuple):
    """One row of the People page: what the table shows and its filter searches about a person.

    Built from the stored fields, not from decoded records (decoding 10,000 people was most of
    the page's first show): ``store.people.get(row.id)`` gives the person where one is needed.
    A named tuple: made 10,000 times per show, at well under half a frozen dataclass's cost.
    """

    id: str
    name: str
    also_known_as: tuple[str, ...]
    organization: str
    working_on: str
    met_at: str  # the title of the event where we first met; "" when unknown
    shared_interests: tuple[str, ...]  # slugs both of us have, in the order of theirs
    last_contact: date | None
    next_follow_up: date | None
    open_promises: int
    follow_up_due: bool  # the follow-up date is today or past


class PersonFields(NamedTuple):
    """What a row needs of a person, as the decoded ``Person`` holds it."""

    name: str
    also_known_as: tuple[str, ...]
    organization: str
    working_on: str
    interests: tuple[str, ...]
    event_ids: tuple[str, ...]
    follow_up: FollowUp | None


def people_overview(store: Store, today: date) -> list[PersonOverview]:
    """Every person with where we met, what we share, when we last spoke and what I owe them.

    Every table is read as stored fields, in one pass each: only the few follow-ups are
    decoded, so a store of 10,000 people and 30,000 encounters answers in a fraction of a
    second.
    """
    first_event = _first_events(store)
    # The latest days are read once per change of the encounters, for Home and here alike.
    last_contact = last_contacts(store)
    open_promises = _open_promises(store)
    titles = {key: str(title or "") for key, title in store.events.field_values("title").items()}
    mine = get_profile(store).interests
    rows: list[PersonOverview] = []
    for key, document in store.people.read_all():
        person = stored_fields(document)
        if person is None:  # not as this app writes it: decoding says what is wrong
            record = store.people.get(key)
            if record is None:  # removed meanwhile (the import preview reads on a thread)
                continue
            person = fields_of(record)
        met_event = None
        for event_id in person.event_ids:  # the first of their own events that exists
            if event_id in titles:
                met_event = event_id
                break
        else:
            met_event = first_event.get(key)
        last = last_contact.get(key)
        follow_up = person.follow_up.due_date(last) if person.follow_up is not None else None
        rows.append(
            PersonOverview(
                id=key,
                name=person.name,
                also_known_as=person.also_known_as,
                organization=person.organization,
                working_on=person.working_on,
                met_at=titles.get(met_event, "") if met_event else "",
                shared_interests=(
                    shared_interests(mine, person.interests) if mine and person.interests else ()
                ),
                last_contact=last,
                next_follow_up=follow_up,
                open_promises=open_promises.get(key, 0),
                follow_up_due=follow_up is not None and follow_up <= today,
            )
        )
    return rows


def fields_of(person: Person) -> PersonFields:
    """A decoded person's fields for a row: what ``stored_fields`` reads without decoding."""
    return PersonFields(
        person.name,
        person.also_known_as,
        person.organization,
        person.working_on,
        person.interests,
        person.event_ids,
        person.follow_up,
    )


def stored_fields(document: Mapping[str, Any]) -> PersonFields | None:
    """A stored person's fields for a row, read from their document and cleaned as ``Person``
    cleans them (an older app may have stored a name with a line break); None for a document
    holding what this app never stores there, which only decoding can explain.

    As stored, a field at its default is left out, a tuple is a list and the follow-up an
    object: only that is decoded, for the few people who set one.
    """
    name = document.get("name")
    organization = document.get("organization", "")
    working_on = document.get("working_on", "")
    if type(name) is not str or type(organization) is not str or type(working_on) is not str:
        return None
    if not name.isprintable():
        name = neutral_name(name)
    name = name.strip()
    if not name:
        return None
    # Most lists are left out (empty): those need no call.
    also_known_as = document.get("also_known_as", _LEFT_OUT)
    if also_known_as is not _LEFT_OUT:
        also_known_as = _texts(also_known_as)
    interests = document.get("interests", _LEFT_OUT)
    if interests is not _LEFT_OUT:
        interests = _texts(interests)
    event_ids = document.get("event_ids", _LEFT_OUT)
    if event_ids is not _LEFT_OUT:
        event_ids = _texts(event_ids)
    if also_known_as is None or interests is None or event_ids is None:
        return None
    follow_up = document.get("follow_up")
    if follow_up is not None:
        if not isinstance(follow_up, dict):
            return None
        follow_up = from_document(FollowUp, follow_up)
    return PersonFields(
        name, also_known_as, organization, working_on, interests, event_ids, follow_up
    )


#: What ``get`` gives for a list a document leaves out (a stored list is never a tuple).
_LEFT_OUT: tuple[str, ...] = ()


def _texts(value: Any) -> tuple[str, ...] | None:
    """A stored list of texts as the record's tuple (stripped, no blanks, no repeats)."""
    if not isinstance(value, list):
        return None
    try:
        return clean_tuple(value)
    except AttributeError:  # an item is not a text
        return None


def _first_events(store: Store) -> dict[str, str]:
    """Per person: the event of their earliest encounter at one (the first stored, on a tie).

    One pass over the stored documents: three ``field_values`` passes cost three times as
    much at 30,000 encounters. Days stay ISO strings here: they compare like dates, and
    parsing 30,000 of them is waste.
    """
    first: dict[str, tuple[str, str]] = {}
    for _key, document in store.encounters.read_all():
        event_id = document.get("event_id")  # left out when None (the default)
        if not event_id:
            continue
        person_id = document.get("person_id")
        day = document.get("on")
        if not person_id or not isinstance(day, str):
            continue
        known = first.get(person_id)
        if known is None or day < known[1]:
            first[person_id] = (event_id, day)
    return {person_id: event_id for person_id, (event_id, _day) in first.items()}


def _open_promises(store: Store) -> dict[str, int]:
    people = store.promises.field_values("person_id")
    statuses = store.promises.field_values("status")
    counts: dict[str, int] = {}
    for key, person_id in people.items():
        if person_id and statuses.get(key, PromiseStatus.OPEN.value) == PromiseStatus.OPEN.value:
            counts[person_id] = counts.get(person_id, 0) + 1
    return counts
