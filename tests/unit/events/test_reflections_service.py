"""Which events wait for a "How was it?", and saving the answer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from companion.domain.errors import ValidationError
from companion.domain.events import Event, EventStatus, Reflection
from companion.services.changes import ChangeSet
from companion.services.events.reflections import (
    events_awaiting_reflection,
    save_reflection,
    split_reflection_note,
)
from companion.storage.store import Store

NOW = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)


def _event(
    title: str,
    *,
    days_ago: float,
    status: EventStatus = EventStatus.CONSIDERING,
    reflection: Reflection | None = None,
) -> Event:
    start = NOW - timedelta(days=days_ago)
    end = start + timedelta(hours=2)
    return Event(title=title, start=start, end=end, status=status, reflection=reflection)


def test_only_ended_unreflected_events_not_skipped_wait_newest_first(core_store: Store) -> None:
    # Given events that ended, one that is running, one skipped and one already reflected on
    older = _event("Go club", days_ago=10, status=EventStatus.GOING)
    newer = _event("Board game night", days_ago=2)
    attended = _event("Paper reading group", days_ago=5, status=EventStatus.ATTENDED)
    running = _event("Climbing meetup", days_ago=1 / 24)
    skipped = _event("Speed networking", days_ago=3, status=EventStatus.SKIPPED)
    done = _event("Pottery", days_ago=4, reflection=Reflection(felt_natural=4))
    without_end = Event(title="Chess café", start=NOW - timedelta(hours=1))
    for event in (older, newer, attended, running, skipped, done, without_end):
        core_store.events.put(event)
    # When asking which events wait for a reflection
    waiting = events_awaiting_reflection(core_store, NOW)
    # Then the ended ones come, the most recently ended first (no end: the start counts)
    assert [event.title for event in waiting] == [
        "Chess café",
        "Board game night",
        "Paper reading group",
        "Go club",
    ]


def test_saving_a_reflection_marks_the_event_attended_and_keeps_who_i_met(
    core_store: Store,
) -> None:
    # Given an event I was considering, now over
    event = _event("Board game night", days_ago=1)
    core_store.events.put(event)
    # When I say how it was
    changes = save_reflection(
        core_store,
        event.id,
        felt_natural=5,
        note="  Teaching  Azul worked ",
        met_note="Ana (designs games), Tom",
    )
    # Then the event is attended, carries the reflection, and no longer waits
    stored = core_store.events.get(event.id)
    assert stored is not None and stored.reflection is not None
    assert stored.status is EventStatus.ATTENDED
    assert stored.reflection.felt_natural == 5
    assert split_reflection_note(stored.reflection.note) == (
        "Teaching Azul worked",
        "Ana (designs games), Tom",
    )
    assert changes == ChangeSet(updated={"events": frozenset({event.id})})
    assert events_awaiting_reflection(core_store, NOW) == []


def test_a_rating_alone_is_enough(core_store: Store) -> None:
    event = _event("Go club", days_ago=1)
    core_store.events.put(event)
    save_reflection(core_store, event.id, felt_natural=2, note="", met_note="")
    stored = core_store.events.get(event.id)
    assert stored is not None and stored.reflection == Reflection(felt_natural=2, note="")


@pytest.mark.parametrize("rating", [0, 6])
def test_a_rating_outside_one_to_five_is_refused_and_nothing_changes(
    core_store: Store, rating: int
) -> None:
    event = _event("Go club", days_ago=1)
    core_store.events.put(event)
    with pytest.raises(ValidationError):
        save_reflection(core_store, event.id, felt_natural=rating, note="", met_note="")
    assert core_store.events.get(event.id) == event


def test_an_unknown_event_is_refused(core_store: Store) -> None:
    with pytest.raises(ValidationError):
        save_reflection(core_store, "no-such-event", felt_natural=3, note="", met_note="")


def test_events_that_ended_over_a_month_ago_are_not_asked_about(core_store: Store) -> None:
    # Given an imported calendar with evenings from weeks and months ago
    recent = _event("Climbing night", days_ago=29)
    old = _event("Climbing night", days_ago=31)
    ancient = _event("Climbing night", days_ago=200)
    for event in (recent, old, ancient):
        core_store.events.put(event)
    # Then only the one from the last 30 days waits for a reflection
    assert [event.id for event in events_awaiting_reflection(core_store, NOW)] == [recent.id]
