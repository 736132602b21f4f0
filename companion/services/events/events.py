"""Events use cases: add, change, remove and list events, with their fit for me.

Every write is durable on return and answers with the ``ChangeSet`` the views refresh from.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from companion.domain.events import Event, EventStatus, PrepPlan
from companion.domain.fit import Fit, rank_events
from companion.services.changes import ChangeSet, added, removed, updated
from companion.services.events.stored_times import events_ending_between
from companion.services.profile.interests import interest_parents
from companion.services.profile.profile import get_profile
from companion.storage.store import Store

TABLE = "events"


@dataclass(frozen=True, slots=True)
class EventOverview:
    """Upcoming events (soonest first, each with its fit) and past ones (latest first)."""

    upcoming: list[tuple[Event, Fit]]
    past: list[Event]


def save_event(store: Store, event: Event) -> ChangeSet:
    """Add ``event`` or replace the stored one with the same id. Unchanged: writes nothing."""
    existing = store.events.get(event.id)
    if existing == event:
        return ChangeSet()
    was_new = store.events.put(event)
    return added(TABLE, event.id) if was_new else updated(TABLE, event.id)


def delete_event(store: Store, event_id: str) -> tuple[ChangeSet, Event | None]:
    """Remove an event; returns the removed record so the caller can offer undo."""
    gone = store.events.remove(event_id)
    return (removed(TABLE, event_id) if gone else ChangeSet()), gone


def set_status(store: Store, event_id: str, status: EventStatus) -> ChangeSet:
    """Mark an event considering, going, attended or skipped. Unknown id: nothing changes."""
    event = store.events.get(event_id)
    if event is None or event.status is status:
        return ChangeSet()
    return save_event(store, replace(event, status=status))


def upcoming_and_past(store: Store, now: datetime) -> EventOverview:
    """Split the events at ``now``: one still running counts as upcoming.

    Every event (past ones included) is evidence for the fit: reflections on ended events
    move the fit of similar upcoming ones.
    """
    events = store.events.all()
    profile = store.profile.get()
    upcoming = [event for event in events if not event.has_ended(now)]
    ranked = rank_events(upcoming, profile, events, now, parents=interest_parents(store))
    ranked.sort(key=lambda pair: (pair[0].start, pair[0].title, pair[0].id))
    past = [event for event in events if event.has_ended(now)]
    past.sort(key=lambda event: (event.start, event.title, event.id), reverse=True)
    return EventOverview(upcoming=ranked, past=past)


def _needs_my_attention(event: Event) -> bool:
    """A cancelled event I was going to or prepared for: I must hear that it is off."""
    return event.status is EventStatus.GOING or event.prep != PrepPlan()


def _upcoming_and_reflected(store: Store, now: datetime) -> tuple[list[Event], list[str]]:
    """The events that may be upcoming (decoded; a superset, the caller checks them), and the
    keys of the other events that carry a reflection (the evidence for the fit)."""
    maybe_upcoming: list[Event] = []
    reflected: list[str] = []
    for key, document, event in events_ending_between(store, now, None):
        if event is not None:
            maybe_upcoming.append(event)
        elif document.get("reflection") is not None:
            reflected.append(key)
    return maybe_upcoming, reflected


def next_events_that_fit(store: Store, now: datetime, *, limit: int) -> list[tuple[Event, Fit]]:
    """Home's next events: cancelled ones I counted on first (so I know), then the ones I am
    going to (soonest first), then the best fit (then the soonest).

    An event I said yes to is the one to prepare for, however well another one fits: before,
    a well-fitting event next month could push tomorrow's "going" event off Home. A cancelled
    event I had no plans for is left out.
    """
    # Only what can count is decoded (this runs on every start, for Home): the events that may
    # be upcoming and, when some are, the reflected past ones that move their fit.
    maybe_upcoming, reflected = _upcoming_and_reflected(store, now)
    upcoming = [
        event
        for event in maybe_upcoming
        if not event.has_ended(now)
        and event.status is not EventStatus.SKIPPED
        and (not event.cancelled or _needs_my_attention(event))
    ]
    if not upcoming:
        return []
    evidence = maybe_upcoming + [
        event for key in reflected if (event := store.events.get(key)) is not None
    ]
    ranked = rank_events(
        upcoming, get_profile(store), evidence, now, parents=interest_parents(store)
    )
    called_off = sorted(
        (pair for pair in ranked if pair[0].cancelled), key=lambda pair: pair[0].start
    )
    going = sorted(
        (pair for pair in ranked if pair[0].status is EventStatus.GOING and not pair[0].cancelled),
        key=lambda pair: pair[0].start,
    )
    others = [
        pair for pair in ranked if pair[0].status is not EventStatus.GOING and not pair[0].cancelled
    ]
    return (called_off + going + others)[:limit]
