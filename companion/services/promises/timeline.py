"""A person's story: encounters and promises made, kept or dropped, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from companion.domain.people import EncounterKind, PromiseStatus
from companion.storage.store import Store


class TimelineKind(StrEnum):
    ENCOUNTER = "encounter"
    PROMISE_MADE = "promise_made"
    PROMISE_DONE = "promise_done"
    PROMISE_DROPPED = "promise_dropped"


# On the same day a promise is made before it is kept; newest first puts "kept" on top.
_SAME_DAY_ORDER = {
    TimelineKind.ENCOUNTER: 0,
    TimelineKind.PROMISE_MADE: 1,
    TimelineKind.PROMISE_DONE: 2,
    TimelineKind.PROMISE_DROPPED: 2,
}


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One line of a person's story."""

    on: date
    kind: TimelineKind
    record_id: str  # the encounter or offer id
    text: str  # the encounter's note or the promise's text
    event_id: str | None = None
    event_title: str = ""
    encounter_kind: EncounterKind | None = None


def timeline(store: Store, person_id: str) -> list[TimelineEntry]:
    """Encounters and promise events (made, done, dropped) with one person, newest first."""
    entries: list[TimelineEntry] = []
    for key, owner in store.encounters.field_values("person_id").items():
        if owner != person_id or (encounter := store.encounters.get(key)) is None:
            continue
        event = store.events.get(encounter.event_id) if encounter.event_id else None
        entries.append(
            TimelineEntry(
                on=encounter.on,
                kind=TimelineKind.ENCOUNTER,
                record_id=key,
                text=encounter.note,
                event_id=encounter.event_id,
                event_title=event.title if event is not None else "",
                encounter_kind=encounter.kind,
            )
        )
    for key, owner in store.promises.field_values("person_id").items():
        if owner != person_id or (promise := store.promises.get(key)) is None:
            continue
        if promise.created is not None:
            entries.append(
                TimelineEntry(promise.created, TimelineKind.PROMISE_MADE, key, promise.text)
            )
        if promise.done_on is not None and promise.status is not PromiseStatus.OPEN:
            kind = (
                TimelineKind.PROMISE_DONE
                if promise.status is PromiseStatus.DONE
                else TimelineKind.PROMISE_DROPPED
            )
            entries.append(TimelineEntry(promise.done_on, kind, key, promise.text))
    entries.sort(key=lambda entry: (entry.on, _SAME_DAY_ORDER[entry.kind]), reverse=True)
    return entries
