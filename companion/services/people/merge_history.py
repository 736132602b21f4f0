"""The merges of two people, newest first, and undoing one of them later.

Every merge (People > Find duplicates…, an import joining a card to someone) writes a
``MergeRecord``. Undoing it, days later, brings the absorbed person back as they were, with the
encounters and promises that were theirs, and takes back from the survivor only what the merge
brought in: what the user edited on the survivor since is kept.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from companion.domain.merge_records import MergeRecord, without_merge
from companion.i18n import _
from companion.services.changes import ChangeSet
from companion.services.clock import system_clock
from companion.services.people.merge import MERGES, MergeError
from companion.storage.store import Store

__all__ = ["MergeError", "find_merge", "merge_records", "undo_merge_record"]


def merge_records(store: Store) -> list[MergeRecord]:
    """Every merge, newest first."""
    return sorted(store.merges, key=lambda record: (record.at, record.id), reverse=True)


def find_merge(store: Store, merge_id: str) -> MergeRecord:
    """The merge ``merge_id`` (a unique start of its id is enough); ``MergeError`` if none."""
    record = store.merges.get(merge_id)
    if record is not None:
        return record
    found = [record for record in store.merges if merge_id and record.id.startswith(merge_id)]
    if len(found) == 1:
        return found[0]
    raise MergeError(_("There is no merge with the id “{id}”.").format(id=merge_id))


def undo_merge_record(store: Store, merge_id: str, *, at: datetime | None = None) -> ChangeSet:
    """Undo the merge ``merge_id`` as one durable change; the record stays, marked undone.

    Raises ``MergeError`` when it was undone already, when the survivor is gone (merged into
    someone else later: undo that first) or the absorbed person's id is taken again.
    """
    record = find_merge(store, merge_id)
    if record.undone_at is not None:
        raise MergeError(_("This merge was undone already."))
    survivor = store.people.get(record.survivor_id)
    if survivor is None:
        later = _absorbing(store, record.survivor_id)
        if later is not None:
            raise MergeError(
                _(
                    "“{name}” was merged into “{other}” later; undo that merge ({id}) first."
                ).format(name=record.survivor_before.name, other=later.survivor_after.name,
                         id=later.id)
            )  # fmt: skip
        raise MergeError(_("“{name}” no longer exists.").format(name=record.survivor_before.name))
    absorbed = record.absorbed
    if absorbed.id in store.people:
        raise MergeError(_("“{name}” is in your people already.").format(name=absorbed.name))
    moved_encounters = set(record.moved_encounter_ids)
    moved_promises = set(record.moved_promise_ids)
    encounters = [
        dataclasses.replace(item, person_id=absorbed.id)
        for item in store.encounters
        if item.id in moved_encounters and item.person_id == survivor.id
    ]
    promises = [
        dataclasses.replace(item, person_id=absorbed.id)
        for item in store.promises
        if item.id in moved_promises and item.person_id == survivor.id
    ]
    restored = without_merge(survivor, record)
    with store.batch():
        store.people.put(restored)
        store.people.put(absorbed)
        store.encounters.put_many(encounters)
        store.promises.put_many(promises)
        store.merges.put(dataclasses.replace(record, undone_at=at or system_clock()))
    updated = {"people": frozenset({survivor.id}), MERGES: frozenset({record.id})}
    if encounters:
        updated["encounters"] = frozenset(item.id for item in encounters)
    if promises:
        updated["offers"] = frozenset(item.id for item in promises)
    return ChangeSet(added={"people": frozenset({absorbed.id})}, updated=updated)


def _absorbing(store: Store, person_id: str) -> MergeRecord | None:
    for record in merge_records(store):
        if record.absorbed.id == person_id and record.undone_at is None:
            return record
    return None
