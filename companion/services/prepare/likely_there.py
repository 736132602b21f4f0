"""People I know who may come to an event: met at earlier events of its group, or sharing its
interests.

Kept apart from the prep card because it reads raw stored fields of encounters, people and
events (fast on large stores) and decodes only the people it picks.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass

from companion.domain.events import Event
from companion.domain.people import Person
from companion.i18n import _
from companion.services.profile.interests import label_for_slug
from companion.storage.store import Store

MAX_LIKELY_THERE = 8


@dataclass(frozen=True, slots=True)
class LikelyPerson:
    """Someone I know who may be there, and why the app thinks so (translated)."""

    person: Person
    reason: str
    met_with_group: bool
    shared_interests: tuple[str, ...]


def group_event_ids(store: Store, event: Event) -> set[str]:
    """The other events of ``event``'s group (same organizer, case and spaces ignored)."""
    key = event.organizer.strip().casefold()
    if not key:
        return set()
    organizers = store.events.field_values("organizer")
    return {
        event_id
        for event_id, organizer in organizers.items()
        if event_id != event.id
        and isinstance(organizer, str)
        and organizer.strip().casefold() == key
    }


def likely_there(store: Store, event: Event, *, group_events: Set[str]) -> list[LikelyPerson]:
    """People I met at earlier events of the same group, or who share the event's interests.

    Met-with-the-group first, then by how many interests we share, then by name; at most
    ``MAX_LIKELY_THERE``. Raw fields are read without decoding every person (fast on large
    stores); only the chosen ones are decoded.

    Args:
        group_events: ``group_event_ids(store, event)``, passed in because the caller needs
            them too.
    """
    met: set[str] = set()
    if group_events:
        for person_id, event_id in _encounter_pairs(store):
            if event_id in group_events:
                met.add(person_id)
        for person_id, event_ids in store.people.field_values("event_ids").items():
            if isinstance(event_ids, list) and not group_events.isdisjoint(event_ids):
                met.add(person_id)
    wanted = set(event.interests)
    candidates: list[tuple[int, int, str]] = []
    for person_id, interests in store.people.field_values("interests").items():
        shared = len(wanted.intersection(interests)) if isinstance(interests, list) else 0
        if shared or person_id in met:
            candidates.append((int(person_id in met), shared, person_id))
    candidates.sort(key=lambda item: (-item[0], -item[1]))
    people: list[tuple[int, int, Person]] = []
    for was_met, shared, person_id in candidates[: MAX_LIKELY_THERE * 4]:
        person = store.people.get(person_id)
        if person is not None:
            people.append((was_met, shared, person))
    people.sort(key=lambda item: (-item[0], -item[1], item[2].name.casefold(), item[2].id))
    return [
        _likely(store, person, met=bool(was_met), event=event)
        for was_met, _shared, person in people[:MAX_LIKELY_THERE]
    ]


def _likely(store: Store, person: Person, *, met: bool, event: Event) -> LikelyPerson:
    shared = tuple(slug for slug in event.interests if slug in person.interests)
    labels = ", ".join(label_for_slug(store, slug) for slug in shared)
    if met and shared:
        reason = _("Met at {group} before; also into {interests}").format(
            group=event.organizer.strip(), interests=labels
        )
    elif met:
        reason = _("Met at {group} before").format(group=event.organizer.strip())
    else:
        reason = _("Also into {interests}").format(interests=labels)
    return LikelyPerson(person=person, reason=reason, met_with_group=met, shared_interests=shared)


def _encounter_pairs(store: Store) -> list[tuple[str, str]]:
    people = store.encounters.field_values("person_id")
    events = store.encounters.field_values("event_id")
    return [
        (str(person_id), str(events[key]))
        for key, person_id in people.items()
        if person_id and events.get(key)
    ]
