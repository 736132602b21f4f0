"""Merge two records of one person: nothing is lost, and undo puts back exactly what was there.

"Not duplicates" is remembered in the store (``dismiss_pair``), so a pair the user told apart
stays apart after a restart; ``restore_pair`` takes that back.

Merging B into A keeps A's id and name and takes the union of everything else: contact
details (compared by their normalised keys, so "Ana@X.org" and "ana@x.org" stay one), interests,
tags, events, import sources; the earliest first meeting; the sooner follow-up. Text is never
dropped: B's name is kept as "also known as", B's notes follow A's, and B's organisation, title
and birthday, where they differ from A's, are written into the notes. B's encounters and
promises move to A, B is removed, and a merge record (``merge_history``) remembers it all so
the merge can be undone later, not only with Ctrl+Z: all as one durable change.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from companion.domain.contact_keys import (
    link_key,
    normalize_email,
    phone_key,
)
from companion.domain.errors import ValidationError
from companion.domain.merge_records import MergeRecord, also_known_as
from companion.domain.not_duplicates import NotDuplicates, PairKey, pair_key
from companion.domain.people import Encounter, FollowUp, Person, Promise
from companion.domain.validation import MAX_TEXT_LENGTH
from companion.i18n import _
from companion.services.changes import ChangeSet
from companion.services.clock import system_clock
from companion.storage.store import Store

NOTE_SEPARATOR = "\n\n"
#: The change-set table name of "not duplicates" marks (views of people can ignore it).
NOT_DUPLICATES = "not_duplicates"
#: The change-set table name of merge records (People > Merges… listens to it).
MERGES = "merges"


class MergeError(ValueError):
    """The two people cannot be merged (one is gone, or they are the same record)."""


@dataclass(frozen=True, slots=True)
class MergeUndo:
    """Everything ``undo_merge`` needs to put the store back exactly as it was."""

    kept_before: Person
    removed: Person
    encounters_before: tuple[Encounter, ...]
    promises_before: tuple[Promise, ...]
    #: The merge record written with the merge; undoing in the same session removes it.
    record_id: str = ""


@dataclass(frozen=True, slots=True)
class MergeResult:
    merged: Person
    changes: ChangeSet
    undo: MergeUndo


def _union(
    first: Iterable[str], second: Iterable[str], key: Callable[[str], str] = str
) -> tuple[str, ...]:
    """Values of both in order, a value left out when its key (if any) was seen already."""
    seen: set[str] = set()
    result = []
    for value in (*first, *second):
        compared = key(value) or value
        if compared in seen:
            continue
        seen.add(compared)
        result.append(value)
    return tuple(result)


def _phone_key(phone: str) -> str:
    # The same number written two ways is kept once; two numbers that only end alike are both
    # kept (the old last-nine-digits key dropped one of them).
    return phone_key(phone)


def other_names(keep: Person, other: Person) -> tuple[str, ...]:
    """``keep``'s "also known as" with ``other``'s name (and theirs) added where new."""
    return also_known_as(keep, (other.name, *other.also_known_as))


def _follow_up(first: FollowUp | None, second: FollowUp | None) -> FollowUp | None:
    if first is None or second is None:
        return first or second
    dates = [day for day in (first.next_date, second.next_date) if day is not None]
    cadences = [days for days in (first.cadence_days, second.cadence_days) if days is not None]
    return FollowUp(
        next_date=min(dates) if dates else None, cadence_days=min(cadences) if cadences else None
    )


def _joined_text(first: str, second: str) -> str:
    if not second.strip() or second.strip() in first:
        return first
    if not first.strip():
        return second
    return first.rstrip() + NOTE_SEPARATOR + second.strip()


def _differences(keep: Person, other: Person) -> list[str]:
    """Lines for the notes: B's single values that would otherwise be lost."""
    lines = []
    labelled = (
        (_("Organisation"), keep.organization, other.organization),
        (_("Job title"), keep.job_title, other.job_title),
        (_("Birthday"), keep.birthday, other.birthday),
    )
    for label, mine, theirs in labelled:
        if mine and theirs and mine.strip() != theirs.strip():
            lines.append(_("{field}: {value}").format(field=label, value=theirs))
    return lines


def merged_person(keep: Person, other: Person) -> Person:
    """``keep`` with everything of ``other`` added (see the module docstring)."""
    notes = keep.notes
    differences = _differences(keep, other)
    if differences:
        heading = _("Merged from “{name}”:").format(name=other.name)
        notes = _joined_text(notes, "\n".join([heading, *differences]))
    notes = _joined_text(notes, other.notes)
    if len(notes) > MAX_TEXT_LENGTH:
        raise ValidationError(
            _("Together the notes would be too long to keep; shorten one of them first."),
            field="notes",
        )
    met = [day for day in (keep.first_met, other.first_met) if day is not None]
    return dataclasses.replace(
        keep,
        emails=_union(keep.emails, other.emails, normalize_email),
        phones=_union(keep.phones, other.phones, _phone_key),
        links=_union(keep.links, other.links, link_key),
        organization=keep.organization or other.organization,
        job_title=keep.job_title or other.job_title,
        birthday=keep.birthday or other.birthday,
        photo=keep.photo or other.photo,
        interests=_union(keep.interests, other.interests),
        tags=_union(keep.tags, other.tags, str.casefold),
        working_on=_joined_text(keep.working_on, other.working_on),
        looking_for=_joined_text(keep.looking_for, other.looking_for),
        notes=notes,
        event_ids=_union(keep.event_ids, other.event_ids),
        first_met=min(met) if met else None,
        follow_up=_follow_up(keep.follow_up, other.follow_up),
        source_ids=_union(keep.source_ids, other.source_ids),
        also_known_as=other_names(keep, other),
    )


def merge_people(
    store: Store,
    *,
    keep_id: str,
    remove_id: str,
    reason: str = "",
    at: datetime | None = None,
) -> MergeResult:
    """Merge the person ``remove_id`` into ``keep_id`` as one durable change, with its record.

    ``reason`` says why, for the list of merges (default: chosen by the user). Raises
    ``MergeError`` when either is unknown or both are the same, ``ValidationError`` when the
    merged record would be invalid (notes too long together).
    """
    if keep_id == remove_id:
        raise MergeError(_("A person cannot be merged with themselves."))
    keep = store.people.get(keep_id)
    other = store.people.get(remove_id)
    if keep is None or other is None:
        raise MergeError(_("One of the two people no longer exists."))
    merged = merged_person(keep, other)
    encounters = tuple(item for item in store.encounters if item.person_id == remove_id)
    promises = tuple(item for item in store.promises if item.person_id == remove_id)
    record = MergeRecord(
        at=at or system_clock(),
        absorbed=other,
        survivor_before=keep,
        survivor_after=merged,
        reason=reason or _("chosen by you"),
        moved_encounter_ids=tuple(item.id for item in encounters),
        moved_promise_ids=tuple(item.id for item in promises),
    )
    with store.batch():
        store.people.put(merged)
        store.people.remove(remove_id)
        store.encounters.put_many(
            [dataclasses.replace(item, person_id=keep_id) for item in encounters]
        )
        store.promises.put_many([dataclasses.replace(item, person_id=keep_id) for item in promises])
        store.merges.put(record)
    changes = _changes(keep_id, remove_id, encounters, promises, undoing=False)
    changes = changes.merged(ChangeSet(added={MERGES: frozenset({record.id})}))
    return MergeResult(merged, changes, MergeUndo(keep, other, encounters, promises, record.id))


def undo_merge(store: Store, undo: MergeUndo) -> ChangeSet:
    """Put back both people, their encounters and promises, as they were before the merge."""
    with store.batch():
        store.people.put(undo.kept_before)
        store.people.put(undo.removed)
        store.encounters.put_many(list(undo.encounters_before))
        store.promises.put_many(list(undo.promises_before))
        if undo.record_id:
            store.merges.remove(undo.record_id)
    changes = _changes(
        undo.kept_before.id,
        undo.removed.id,
        undo.encounters_before,
        undo.promises_before,
        undoing=True,
    )
    if undo.record_id:
        changes = changes.merged(ChangeSet(removed={MERGES: frozenset({undo.record_id})}))
    return changes


def _changes(
    keep_id: str,
    remove_id: str,
    encounters: tuple[Encounter, ...],
    promises: tuple[Promise, ...],
    *,
    undoing: bool,
) -> ChangeSet:
    updated = {"people": frozenset({keep_id})}
    if encounters:
        updated["encounters"] = frozenset(item.id for item in encounters)
    if promises:
        updated["offers"] = frozenset(item.id for item in promises)
    gone = {"people": frozenset({remove_id})}
    if undoing:
        return ChangeSet(added=gone, updated=updated)
    return ChangeSet(updated=updated, removed=gone)


def dismissed_pairs(store: Store) -> set[PairKey]:
    """Every pair the user said is two different people."""
    return {record.key for record in store.not_duplicates}


def dismiss_pair(store: Store, first_id: str, second_id: str, *, on: date) -> ChangeSet:
    """Remember durably that ``first_id`` and ``second_id`` are two different people."""
    record = NotDuplicates(first_id=first_id, second_id=second_id, on=on)
    store.not_duplicates.put(record)
    return ChangeSet(added={NOT_DUPLICATES: frozenset({record.id})})


def restore_pair(store: Store, first_id: str, second_id: str) -> ChangeSet:
    """Forget a "not duplicates" mark: the pair may be offered again."""
    key = "|".join(pair_key(first_id, second_id))
    if store.not_duplicates.remove(key) is None:
        return ChangeSet()
    return ChangeSet(removed={NOT_DUPLICATES: frozenset({key})})
