"""Quick capture: who I just met, what we share and what I promised, saved in one go.

The dialog (and later the tray) call these; everything a capture writes is one durable change,
so a capture is either fully saved or not at all.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from companion.domain.errors import ValidationError
from companion.domain.events import Event
from companion.domain.folding import fold
from companion.domain.interests import Interest, slug_for_label
from companion.domain.people import Encounter, Person, Promise
from companion.i18n import _
from companion.services.changes import ChangeSet
from companion.services.profile.interests import all_interests, interest_label
from companion.services.promises.due_dates import parse_due
from companion.storage.store import Store

__all__ = [
    "CaptureRecords",
    "SimilarPerson",
    "capture_encounter",
    "capture_records",
    "event_for_capture",
    "find_similar_people",
    "parse_due",
    "recent_events",
]

#: WRatio (0-100) from which a stored name counts as "maybe the same person".
SIMILAR_NAME_SCORE = 85
MIN_QUERY_LENGTH = 2
#: An event without an end is taken to last this long.
ASSUMED_EVENT_LENGTH = timedelta(hours=3)
#: How long after an event it is still "the event I just came from".
JUST_ENDED = timedelta(hours=12)


@dataclass(frozen=True, slots=True)
class SimilarPerson:
    person: Person
    score: float


# Folding 10,000 names on every keystroke would cost ~25 ms; a name is folded again only when it
# changed. One cache per open store, gone with it.
_FOLDED: weakref.WeakKeyDictionary[Store, dict[str, tuple[str, str]]] = weakref.WeakKeyDictionary()


def _folded_names(store: Store) -> dict[str, str]:
    cache = _FOLDED.setdefault(store, {})
    folded: dict[str, str] = {}
    for key, name in store.people.field_values("name").items():
        cached = cache.get(key)
        if cached is None or cached[0] != name:
            cached = (name, fold(str(name)))
            cache[key] = cached
        folded[key] = cached[1]
    return folded


def find_similar_people(store: Store, name: str, limit: int = 3) -> list[SimilarPerson]:
    """Stored people whose name is close to ``name`` (case and accents ignored), best first."""
    query = fold(name).strip()
    if len(query) < MIN_QUERY_LENGTH or limit < 1:
        return []
    names = _folded_names(store)
    # Imported here: only a capture needs it, and every start would pay for it otherwise.
    from rapidfuzz import fuzz, process

    found = process.extract(
        query, names, scorer=fuzz.WRatio, score_cutoff=SIMILAR_NAME_SCORE, limit=limit
    )
    return [
        SimilarPerson(person, score)
        for _name, score, person_id in found
        if (person := store.people.get(person_id)) is not None
    ]


def _ends(event: Event) -> datetime:
    return event.end or event.start + ASSUMED_EVENT_LENGTH


def event_for_capture(events: Iterable[Event], now: datetime) -> Event | None:
    """The event happening now, else the one that ended most recently (within 12 hours)."""
    candidates = list(events)
    happening = [event for event in candidates if event.start <= now <= _ends(event)]
    if happening:
        return max(happening, key=lambda event: event.start)
    ended = [event for event in candidates if now - JUST_ENDED <= _ends(event) < now]
    return max(ended, key=_ends) if ended else None


def recent_events(events: Iterable[Event], now: datetime, limit: int = 30) -> list[Event]:
    """Events that have started (or start within a day), newest first: the likely choices."""
    started = [event for event in events if event.start <= now + timedelta(days=1)]
    started.sort(key=lambda event: event.start, reverse=True)
    return started[:limit]


def _interest_slugs(store: Store, labels: Sequence[str]) -> tuple[tuple[str, ...], list[Interest]]:
    """Slugs for ``labels``: known interests by label or slug, the rest made new."""
    known = {}
    # The catalogue too: an event's built-in "climbing" must not become a new custom interest.
    for interest in all_interests(store):
        known[fold(interest_label(interest))] = interest.slug
        known[fold(interest.label)] = interest.slug
        known[interest.slug] = interest.slug
    slugs: list[str] = []
    new: list[Interest] = []
    for label in (label.strip() for label in labels):
        if not label:
            continue
        slug = known.get(fold(label)) or known.get(slug_for_label(label))
        if slug is None:
            slug = slug_for_label(label)
            interest = Interest(slug=slug, label=label)
            new.append(interest)
            known[fold(label)] = known[slug] = slug
        slugs.append(slug)
    return tuple(dict.fromkeys(slugs)), new


def _person_to_save(
    store: Store,
    *,
    name: str,
    existing_person_id: str | None,
    interests: tuple[str, ...],
    event_id: str | None,
    today: date,
) -> tuple[Person, bool]:
    events = (event_id,) if event_id else ()
    if existing_person_id is None:
        return Person(name=name, interests=interests, event_ids=events, first_met=today), True
    person = store.people.get(existing_person_id)
    if person is None:
        raise ValidationError(_("That person is no longer in your log."), field="person")
    return (
        replace(
            person,
            interests=person.interests + interests,
            event_ids=person.event_ids + events,
            first_met=person.first_met or today,
        ),
        False,
    )


@dataclass(frozen=True, slots=True)
class CaptureRecords:
    """What one capture writes: kept apart from the write so several can go in one batch."""

    person: Person
    is_new: bool
    encounter: Encounter
    promise: Promise | None
    new_interests: list[Interest]

    def changes(self) -> ChangeSet:
        people = frozenset({self.person.id})
        return ChangeSet(
            added={
                "encounters": frozenset({self.encounter.id}),
                **({"people": people} if self.is_new else {}),
                **({"offers": frozenset({self.promise.id})} if self.promise else {}),
                **(
                    {"interests": frozenset(i.slug for i in self.new_interests)}
                    if self.new_interests
                    else {}
                ),
            },
            updated={} if self.is_new else {"people": people},
        )

    def write(self, store: Store) -> None:
        """Put the records (call inside ``store.batch()`` to make several one change)."""
        with store.batch():
            store.people.put(self.person)
            store.interests.put_many(self.new_interests)
            store.encounters.put(self.encounter)
            if self.promise is not None:
                store.promises.put(self.promise)


def capture_records(
    store: Store,
    *,
    name: str,
    note: str = "",
    interests: Sequence[str] = (),
    promised: str = "",
    due: date | None = None,
    event_id: str | None = None,
    existing_person_id: str | None = None,
    today: date,
    on: date | None = None,
) -> CaptureRecords:
    """The records a capture would write, validated; ``on`` is the encounter's day (today)."""
    if event_id is not None and event_id not in store.events:
        raise ValidationError(_("That event is no longer in your log."), field="event")
    if due is not None and not promised.strip():
        raise ValidationError(_("Say what you promised, or clear the due date."), field="promised")
    slugs, new_interests = _interest_slugs(store, interests)
    person, is_new = _person_to_save(
        store,
        name=name,
        existing_person_id=existing_person_id,
        interests=slugs,
        event_id=event_id,
        today=on or today,
    )
    encounter = Encounter(person_id=person.id, on=on or today, event_id=event_id, note=note.strip())
    promise = (
        Promise(person_id=person.id, text=promised, due=due, created=today)
        if promised.strip()
        else None
    )
    return CaptureRecords(person, is_new, encounter, promise, new_interests)


def capture_encounter(
    store: Store,
    *,
    name: str,
    note: str = "",
    interests: Sequence[str] = (),
    promised: str = "",
    due: date | None = None,
    event_id: str | None = None,
    existing_person_id: str | None = None,
    today: date,
) -> ChangeSet:
    """Record that I met someone (new, or ``existing_person_id``): one durable change.

    ``interests`` are labels or slugs; unknown ones become new interests. A promise is stored
    when ``promised`` has text.

    Raises:
        ValidationError: empty name, unknown event or person, text too long.
        StoreWriteError: the disk refused the write; nothing was saved.
    """
    records = capture_records(
        store,
        name=name,
        note=note,
        interests=interests,
        promised=promised,
        due=due,
        event_id=event_id,
        existing_person_id=existing_person_id,
        today=today,
    )
    records.write(store)
    return records.changes()
