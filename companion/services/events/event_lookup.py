"""Find an event by its id or by a piece of its title, for ``companion prep`` and friends."""

from __future__ import annotations

from datetime import datetime

from companion.domain.events import Event, EventStatus
from companion.domain.folding import fold
from companion.storage.store import Store


def events_in_order(store: Store, *, upcoming_after: datetime | None = None) -> list[Event]:
    """Every event by start; with ``upcoming_after`` only those not ended then (nor skipped)."""
    events = list(store.events)
    if upcoming_after is not None:
        events = [
            event
            for event in events
            if not event.has_ended(upcoming_after) and event.status is not EventStatus.SKIPPED
        ]
    return sorted(events, key=lambda event: (event.start, event.title, event.id))


def find_events(store: Store, reference: str) -> list[Event]:
    """The event with id ``reference``; else every event whose title holds it (any case/accents).

    One event: found. None or several: the caller says so (and lists the several).
    """
    exact = store.events.get(reference)
    if exact is not None:
        return [exact]
    wanted = fold(reference).strip()
    if not wanted:
        return []
    return [event for event in events_in_order(store) if wanted in fold(event.title)]
