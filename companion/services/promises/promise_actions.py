"""The one-click actions Home offers on promises and reconnects: snooze a promise, log a contact.

Beside ``companion.services.promises.promises`` (which lists them and marks them done) because these
are the quick follow-ups of the Home cards; both return a change set like every other use case.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from companion.domain.errors import ValidationError
from companion.domain.people import Encounter, EncounterKind, FollowUp
from companion.i18n import _
from companion.services.changes import ChangeSet, updated
from companion.storage.store import Store

SNOOZE_DAYS = 7


def snooze_promise(
    store: Store, promise_id: str, *, today: date, days: int = SNOOZE_DAYS
) -> ChangeSet:
    """Move a promise's due date ``days`` later: from its due date, or from today when it is
    overdue or has none (it stays open).

    Raises:
        ValidationError: the promise is no longer stored.
        StoreWriteError: the disk refused the write.
    """
    promise = store.promises.get(promise_id)
    if promise is None:
        raise ValidationError(_("That promise is no longer in your log."), field="promise")
    start = max(promise.due, today) if promise.due is not None else today
    store.promises.put(replace(promise, due=start + timedelta(days=days)))
    return updated("offers", promise_id)


def log_contact(
    store: Store,
    person_id: str,
    *,
    today: date,
    kind: EncounterKind = EncounterKind.MESSAGE,
    note: str = "",
) -> ChangeSet:
    """Record that I was in touch with a person today.

    A follow-up date that has come is used up by the contact: a cadence then counts from
    today, and without a cadence the person no longer waits for a reconnect.

    Raises:
        ValidationError: the person is no longer stored, or the note is too long.
        StoreWriteError: the disk refused the write; nothing was saved.
    """
    person = store.people.get(person_id)
    if person is None:
        raise ValidationError(_("That person is no longer in your log."), field="person")
    encounter = Encounter(person_id=person_id, on=today, kind=kind, note=note.strip())
    follow_up = person.follow_up
    changed_person = False
    if follow_up is not None and follow_up.next_date is not None and follow_up.next_date <= today:
        cadence = follow_up.cadence_days
        new_follow_up = None if cadence is None else FollowUp(cadence_days=cadence)
        person = replace(person, follow_up=new_follow_up)
        changed_person = True
    with store.batch():
        store.encounters.put(encounter)
        if changed_person:
            store.people.put(person)
    return ChangeSet(
        added={"encounters": frozenset({encounter.id})},
        # The person's last contact moved, whatever else changed: their row shows it.
        updated={"people": frozenset({person_id})},
    )
