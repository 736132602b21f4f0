"""What a merge did, remembered so it can be undone later, and how to take it back.

A record keeps a full copy of the absorbed person, the survivor before and after the merge,
and which encounters and promises moved. Undoing it later keeps what the user changed on the
survivor since: only what the merge brought in is taken back (``without_merge``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from companion.domain.ids import new_id
from companion.domain.people import Person
from companion.domain.stored_names import stored_as

#: Text fields a merge appends to (the absorbed person's text after the survivor's).
APPENDED_FIELDS = frozenset({"notes", "working_on", "looking_for"})


@dataclass(frozen=True, slots=True, kw_only=True)
class MergeRecord:
    """One merge: ``absorbed`` was merged into the person ``survivor_before.id``."""

    at: datetime
    absorbed: Person
    survivor_before: Person
    survivor_after: Person
    #: Why, in the words shown at the time ("same email ana@example.org", "chosen by you").
    reason: str = ""
    #: The file, when an import merged a card into someone.
    file_name: str = ""
    moved_encounter_ids: tuple[str, ...] = ()
    #: Stored under its old name, so merges remembered before the rename still undo.
    moved_promise_ids: tuple[str, ...] = field(default=(), metadata=stored_as("moved_offer_ids"))
    undone_at: datetime | None = None
    id: str = field(default_factory=new_id)

    @property
    def survivor_id(self) -> str:
        return self.survivor_before.id


def also_known_as(person: Person, names: tuple[str, ...]) -> tuple[str, ...]:
    """``person``'s other names with ``names`` added where new.

    Spellings count ("Ana López" is kept beside "Ana Lopez": the accent may be the right one);
    only case and blanks do not.
    """

    def spelling(name: str) -> str:
        return " ".join(name.split()).casefold()

    seen = {spelling(name) for name in (person.name, *person.also_known_as)}
    kept = list(person.also_known_as)
    for name in names:
        if name.strip() and spelling(name) not in seen:
            seen.add(spelling(name))
            kept.append(name.strip())
    return tuple(kept)


def without_merge(current: Person, record: MergeRecord) -> Person:
    """``current`` (the survivor now) with what the merge of ``record`` brought in taken back.

    Values the merge added to a list are removed, the text it appended is cut out, and a
    value it filled in goes back to the old one, unless the user changed it since; every
    other later edit stays.
    """
    before, after = record.survivor_before, record.survivor_after
    changes: dict[str, Any] = {}
    for person_field in dataclasses.fields(Person):
        name = person_field.name
        old, merged, now = getattr(before, name), getattr(after, name), getattr(current, name)
        if merged == old or name == "id":
            continue
        if isinstance(merged, tuple):
            brought = set(merged) - set(old)
            changes[name] = tuple(value for value in now if value not in brought)
        elif name in APPENDED_FIELDS and isinstance(merged, str):
            changes[name] = _without_appended(now, old, merged)
        elif now == merged:
            changes[name] = old
    return dataclasses.replace(current, **changes)


def _without_appended(now: str, old: str, merged: str) -> str:
    if now == merged:
        return old
    kept = old.rstrip()
    if not merged.startswith(kept):
        return now  # the merge replaced an empty text: a later edit decides
    appended = merged[len(kept) :]
    if kept and appended and appended in now:
        return now.replace(appended, "", 1)
    return now
