"""What ``EverythingSearch`` reads: live views of the store's people, notes and events.

The search index reads the stored documents by key (``KeyedRecords``): it keeps each document
as the token that tells a change, and makes the small ``PersonText`` or ``PersonNote`` from it
only to fold it or to show a result, so nothing per record is kept for it beside the store's
own documents. The views are also plain re-iterables of those small objects (the same object
for a document until the store replaces it), for callers that want records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import chain
from typing import Any, Generic, Protocol, TypeVar

from companion.domain.events import Event
from companion.domain.openers import Opener
from companion.domain.people import Encounter, Promise
from companion.services.search.search_index import LiveRecords
from companion.storage.store import Store

#: How many made objects of deleted sources one ``_MadeOnce`` may keep before it forgets all.
FORGET_AFTER = 1_000


class SearchedPerson(Protocol):
    """What search needs of a person: a ``Person``, or a ``PersonText`` read from storage."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def working_on(self) -> str: ...
    @property
    def notes(self) -> str: ...
    @property
    def organization(self) -> str: ...
    @property
    def also_known_as(self) -> tuple[str, ...]: ...


@dataclass(frozen=True, slots=True)
class PersonText:
    """The searched fields of a person, without the rest of the record."""

    id: str
    name: str
    working_on: str
    notes: str
    organization: str
    also_known_as: tuple[str, ...] = ()


#: An encounter (its note) or an offer (what I promised): both say something about a person.
@dataclass(frozen=True, slots=True)
class PersonNote:
    """What is searched of an encounter's note or a promise: small, so that 30,000 of them
    cost a few megabytes, not the decoded records."""

    id: str
    person_id: str
    text: str


S = TypeVar("S")
T = TypeVar("T")


class _MadeOnce(Generic[S, T]):
    """What was made of each source (a stored document, a record), kept while the source is
    the same object: the store replaces a document, and a repository its record, on change."""

    def __init__(self, make: Callable[[str, S], T]) -> None:
        self._make = make
        self._made: dict[str, tuple[S, T]] = {}

    def each(self, sources: Iterable[tuple[str, S]]) -> Iterator[T]:
        """What is made of each ``(key, source)``, in order, made anew only for new sources."""
        made = self._made
        make = self._make
        count = 0
        for key, source in sources:
            known = made.get(key)
            if known is None or known[0] is not source:
                known = made[key] = (source, make(key, source))
            count += 1
            yield known[1]
        if len(made) > count + FORGET_AFTER:
            # Many sources were deleted: start afresh rather than keep them forever.
            self._made = {}


def _text_field(document: dict[str, Any], field: str) -> str:
    value = document.get(field)
    return value if isinstance(value, str) else ""


def _names_field(document: dict[str, Any], field: str) -> tuple[str, ...]:
    value = document.get(field)
    if not isinstance(value, list):
        return ()
    return tuple(name for name in value if isinstance(name, str))


def _stored_person(key: str, document: dict[str, Any]) -> PersonText:
    return PersonText(
        id=key,
        name=_text_field(document, "name"),
        working_on=_text_field(document, "working_on"),
        notes=_text_field(document, "notes"),
        organization=_text_field(document, "organization"),
        also_known_as=_names_field(document, "also_known_as"),
    )


def _stored_note(key: str, document: dict[str, Any], *, field: str) -> PersonNote:
    person_id = document.get("person_id")
    return PersonNote(id=key, person_id=str(person_id or ""), text=_text_field(document, field))


def _with_text(
    documents: dict[str, dict[str, Any]], field: str
) -> Iterator[tuple[str, dict[str, Any]]]:
    return ((key, document) for key, document in documents.items() if _text_field(document, field))


class StoredPeople:
    """The searched fields of the store's people, read from the stored documents without
    decoding 10,000 records (the People page decodes them when it is opened)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._people = _MadeOnce(_stored_person)

    def __iter__(self) -> Iterator[PersonText]:
        return self._people.each(self._store.table("people").items())

    # -- as ``KeyedRecords`` for the search index --

    def keyed(self) -> Iterable[tuple[str, object]]:
        return self._store.table("people").items()

    def made(self, key: str, token: object) -> PersonText:
        return _stored_person(key, token)  # type: ignore[arg-type]  # a document from keyed()

    def find(self, key: str) -> PersonText | None:
        document = self._store.table("people").get(key)
        return None if document is None else _stored_person(key, document)

    def version(self) -> tuple[object, ...]:
        return (self._store.table_version("people"),)


class StoredNotes:
    """The notes of the store's encounters and promises, read from the stored documents
    without decoding them into records (which would keep 30,000 of those in memory)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._encounter_notes = _MadeOnce(partial(_stored_note, field="note"))
        self._promises = _MadeOnce(partial(_stored_note, field="text"))

    def __iter__(self) -> Iterator[PersonNote]:
        store = self._store
        return chain(
            self._encounter_notes.each(_with_text(store.table("encounters"), "note")),
            self._promises.each(_with_text(store.table("offers"), "text")),
        )

    # -- as ``KeyedRecords`` for the search index --

    def keyed(self) -> Iterable[tuple[str, object]]:
        store = self._store
        return chain(
            _with_text(store.table("encounters"), "note"), _with_text(store.table("offers"), "text")
        )

    def made(self, key: str, token: object) -> PersonNote:
        document: dict[str, Any] = token  # type: ignore[assignment]  # a document from keyed()
        # An encounter's words are its note, a promise's its text (a promise has no note).
        return _stored_note(key, document, field="note" if "note" in document else "text")

    def find(self, key: str) -> PersonNote | None:
        for table, field in (("encounters", "note"), ("offers", "text")):
            document = self._store.table(table).get(key)
            if document is not None and _text_field(document, field):
                return _stored_note(key, document, field=field)
        return None

    def version(self) -> tuple[object, ...]:
        return notes_tables(self._store)


def stored_events(store: Store) -> LiveRecords[Event]:
    """The store's events (records its repository keeps decoded), read again only after the
    events table changed."""
    return LiveRecords(store.events, version=lambda: (store.table_version("events"),))


def notes_tables(store: Store) -> tuple[object, ...]:
    """Objects replaced each time the stored encounters or offers change."""
    return (store.table_version("encounters"), store.table_version("offers"))


def _note(record: Encounter | Promise, text: str) -> PersonNote:
    return PersonNote(id=record.id, person_id=record.person_id, text=text)


class NotesAboutPeople:
    """Encounters with a note, and offers, re-read on every iteration (as ``PersonNote``s,
    the same object for as long as its record is the same)."""

    def __init__(self, encounters: Iterable[Encounter], promises: Iterable[Promise]) -> None:
        self._encounters = encounters
        self._promises = promises
        self._encounter_notes: _MadeOnce[Encounter, PersonNote] = _MadeOnce(
            lambda _key, encounter: _note(encounter, encounter.note)
        )
        self._promise_notes: _MadeOnce[Promise, PersonNote] = _MadeOnce(
            lambda _key, promise: _note(promise, promise.text)
        )

    def __iter__(self) -> Iterator[PersonNote]:
        return chain(
            self._encounter_notes.each((met.id, met) for met in self._encounters if met.note),
            self._promise_notes.each((promise.id, promise) for promise in self._promises),
        )


class VisibleOpeners:
    """The openers the user has not hidden, re-read on every iteration."""

    def __init__(self, openers: Iterable[Opener]) -> None:
        self._openers = openers

    def __iter__(self) -> Iterator[Opener]:
        return (opener for opener in self._openers if not opener.hidden)
