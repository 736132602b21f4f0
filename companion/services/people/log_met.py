"""Logging encounters: several people met at one event in one go, or one encounter by hand."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from companion.domain.errors import ValidationError
from companion.domain.people import Encounter, EncounterKind
from companion.i18n import _
from companion.services.changes import ChangeSet, added
from companion.services.people.capture import capture_records
from companion.storage.store import Store


@dataclass(frozen=True, slots=True)
class MetPerson:
    """One row of "Log who I met": a new name, or an existing person to add the encounter to."""

    name: str
    note: str = ""
    interests: tuple[str, ...] = ()  # slugs or labels; unknown labels become new interests
    promised: str = ""
    due: date | None = None
    existing_person_id: str | None = None


def log_who_i_met(
    store: Store, *, event_id: str, people: Sequence[MetPerson], on: date, today: date
) -> ChangeSet:
    """Record everyone met at ``event_id`` on ``on``: one durable change, all or nothing.

    Raises:
        ValidationError: a row is invalid (the message names the person); nothing was saved.
        StoreWriteError: the disk refused the write; nothing was saved.
    """
    if event_id not in store.events:
        raise ValidationError(_("That event is no longer in your log."), field="event")
    changes = ChangeSet()
    # Built and written one by one inside the batch, so a second row for the same person sees
    # the first; a bad row raises inside the batch, which then writes nothing at all.
    with store.batch():
        for row in people:
            try:
                records = capture_records(
                    store,
                    name=row.name,
                    note=row.note,
                    interests=row.interests,
                    promised=row.promised,
                    due=row.due,
                    event_id=event_id,
                    existing_person_id=row.existing_person_id,
                    today=today,
                    on=on,
                )
            except ValidationError as error:
                raise ValidationError(
                    _("{name}: {problem}").format(
                        name=row.name.strip() or "…", problem=error.message
                    ),
                    field=error.field,
                ) from error
            records.write(store)
            changes = changes.merged(records.changes())
    return changes


def log_encounter(
    store: Store,
    person_id: str,
    *,
    on: date,
    kind: EncounterKind = EncounterKind.MET,
    note: str = "",
    event_id: str | None = None,
    encounter_id: str | None = None,
) -> tuple[ChangeSet, Encounter]:
    """Record one encounter with a person (the person page's "Add encounter").

    ``encounter_id`` keeps the id when an undone encounter is added again.

    Raises:
        ValidationError: unknown person or event, note too long.
    """
    if person_id not in store.people:
        raise ValidationError(_("That person is no longer in your log."), field="person")
    if event_id is not None and event_id not in store.events:
        raise ValidationError(_("That event is no longer in your log."), field="event")
    encounter = Encounter(
        person_id=person_id,
        on=on,
        kind=kind,
        note=note.strip(),
        event_id=event_id,
    )
    if encounter_id:
        encounter = replace(encounter, id=encounter_id)
    store.encounters.put(encounter)
    return added("encounters", encounter.id), encounter


def remove_encounter(store: Store, encounter_id: str) -> tuple[ChangeSet, Encounter | None]:
    """Delete an encounter; returns it so the caller can offer undo."""
    gone = store.encounters.remove(encounter_id)
    return (
        ChangeSet(removed={"encounters": frozenset({encounter_id})}) if gone else ChangeSet()
    ), gone
