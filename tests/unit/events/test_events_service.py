"""Events use cases against a real store: change sets, undo data, status and the overview."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from companion.domain.events import Event, EventStatus, Reflection
from companion.domain.fit import FitReasonKind
from companion.services.changes import ChangeSet
from companion.services.events.events import delete_event, save_event, set_status, upcoming_and_past
from companion.services.profile.profile import set_my_interests
from companion.storage.store import Store

NOW = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)


def _event(title: str, *, days: float, interests: tuple[str, ...] = ()) -> Event:
    start = NOW + timedelta(days=days)
    return Event(title=title, start=start, end=start + timedelta(hours=2), interests=interests)


def test_saving_a_new_event_then_changing_it_reports_added_then_updated(
    core_store: Store,
) -> None:
    # Given a new event
    event = _event("Board game night", days=2, interests=("board-games",))
    # When it is saved, changed, and saved unchanged again
    first = save_event(core_store, event)
    changed = replace(event, venue="Café Meeple")
    second = save_event(core_store, changed)
    third = save_event(core_store, changed)
    # Then the change sets say so, and the store holds the latest version
    assert first.added == {"events": frozenset({event.id})}
    assert second.updated == {"events": frozenset({event.id})}
    assert third.empty
    assert core_store.events.get(event.id) == changed


def test_deleting_returns_the_event_so_saving_it_again_restores_it(core_store: Store) -> None:
    # Given a stored event
    event = _event("Climbing meetup", days=3)
    save_event(core_store, event)
    # When it is deleted
    changes, gone = delete_event(core_store, event.id)
    # Then it is gone and handed back whole, and saving it brings it back (undo)
    assert changes.removed == {"events": frozenset({event.id})}
    assert gone == event and event.id not in core_store.events
    assert save_event(core_store, gone).added == {"events": frozenset({event.id})}
    assert core_store.events.get(event.id) == event


def test_deleting_an_unknown_event_changes_nothing(core_store: Store) -> None:
    assert delete_event(core_store, "no-such-id") == (ChangeSet(), None)


def test_setting_the_status_updates_only_when_it_differs(core_store: Store) -> None:
    # Given an event I am considering
    event = _event("Paper reading group", days=1)
    save_event(core_store, event)
    # When I mark it going, then going again, and mark an unknown event
    going = set_status(core_store, event.id, EventStatus.GOING)
    again = set_status(core_store, event.id, EventStatus.GOING)
    unknown = set_status(core_store, "no-such-id", EventStatus.SKIPPED)
    # Then only the first call wrote something
    assert going.updated == {"events": frozenset({event.id})}
    assert again.empty and unknown.empty
    stored = core_store.events.get(event.id)
    assert stored is not None and stored.status is EventStatus.GOING


def test_the_overview_splits_at_now_and_fits_only_upcoming_events(core_store: Store) -> None:
    # Given my interests, two upcoming events (one running now) and two past ones
    set_my_interests(core_store, ["board-games"])
    later = _event("Board game night", days=5, interests=("board-games",))
    running = replace(_event("Networking mixer", days=0), start=NOW - timedelta(hours=1))
    old = _event("Old game night", days=-10, interests=("board-games",))
    older = _event("Oldest meetup", days=-20)
    for event in (later, running, old, older):
        save_event(core_store, event)
    # When the overview is asked for
    overview = upcoming_and_past(core_store, NOW)
    # Then upcoming is soonest first with fits, past latest first
    assert [event.title for event, _fit in overview.upcoming] == ["Networking mixer", later.title]
    assert [event.title for event in overview.past] == ["Old game night", "Oldest meetup"]
    fits = {event.title: fit for event, fit in overview.upcoming}
    assert fits["Networking mixer"].reasons[0].kind is FitReasonKind.NO_SHARED
    assert fits[later.title].score > 0


def test_a_reflection_on_a_past_event_moves_the_fit_of_a_similar_one(core_store: Store) -> None:
    # Given a past board game night that felt natural, and an upcoming one
    set_my_interests(core_store, ["board-games"])
    past = replace(
        _event("Game night in October", days=-30, interests=("board-games",)),
        reflection=Reflection(felt_natural=5),
    )
    upcoming = _event("Game night", days=4, interests=("board-games",))
    save_event(core_store, past)
    save_event(core_store, upcoming)
    # When the overview is asked for
    ((event, fit),) = upcoming_and_past(core_store, NOW).upcoming
    # Then the fit learned from the reflection
    assert event.id == upcoming.id
    assert fit.learned > 0
    assert fit.reasons[-1].kind is FitReasonKind.FELT_NATURAL


def test_home_shows_a_cancelled_event_i_counted_on_first_and_leaves_out_the_others(
    core_store: Store,
) -> None:
    # Given interests, a cancelled evening I prepared, a cancelled one I never looked at, a
    # "going" one and one that merely fits
    from companion.domain.events import PrepPlan
    from companion.services.events.events import next_events_that_fit

    set_my_interests(core_store, ("board-games",))
    now = NOW
    prepared = replace(
        _event("Prepared, then called off", days=5, interests=("board-games",)),
        cancelled=True,
        prep=PrepPlan(intention="Ask about Go"),
    )
    ignored = replace(
        _event("Called off, never planned", days=1, interests=("board-games",)), cancelled=True
    )
    going = replace(_event("Going", days=3), status=EventStatus.GOING)
    fits = _event("Fits", days=2, interests=("board-games",))
    for event in (prepared, ignored, going, fits):
        save_event(core_store, event)
    # When Home asks for the next events
    titles = [event.title for event, _fit in next_events_that_fit(core_store, now, limit=5)]
    # Then the one I counted on comes first (so I hear it is off), the unplanned one not at all
    assert titles == ["Prepared, then called off", "Going", "Fits"]
