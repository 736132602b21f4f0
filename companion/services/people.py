"""People use cases: add, change and remove people (with what the views need to refresh)."""

from __future__ import annotations

from companion.domain.people import Person
from companion.services.changes import ChangeSet, added, removed, updated
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
