"""Home's next events read only the events that can count, with the same answer as ranking all.

``next_events_that_fit`` runs on every start; at 1,000 events almost all have ended. The old
rule (decode and rank every event) is kept here as the reference the new one must agree with.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

import pytest

from companion.domain.events import Event, EventStatus, PrepPlan, Reflection
from companion.domain.fit import Fit, rank_events
from companion.services.events.events import next_events_that_fit
from companion.services.events.reflections import awaiting_reflection, events_awaiting_reflection
from companion.services.events.stored_times import may_end_between
from companion.services.profile.interests import interest_parents
from companion.services.profile.profile import get_profile, set_my_interests
from companion.storage.codec import from_document
from companion.storage.store import Store

NOW = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)
INTERESTS = ("board-games", "climbing", "python", "jazz", "chess", "photography")
ORGANIZERS = ("Meeple club", "meeple club ", "Jazz cellar", "", "PyBerlin")
#: Where the store's repositories decode a stored document into a record.
DECODER = "companion.storage.repositories.from_document"
ZONES = (UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-9, minutes=-30)))


def _reference(store: Store, now: datetime, limit: int) -> list[tuple[Event, Fit]]:
    """The rule as it was: every event decoded, every one ranked, every one evidence."""
    upcoming = [
        event
        for event in store.events
        if not event.has_ended(now)
        and event.status is not EventStatus.SKIPPED
        and (not event.cancelled or event.status is EventStatus.GOING or event.prep != PrepPlan())
    ]
    ranked = rank_events(
        upcoming, get_profile(store), store.events, now, parents=interest_parents(store)
    )
    called_off = sorted((pair for pair in ranked if pair[0].cancelled), key=lambda p: p[0].start)
    going = sorted(
        (p for p in ranked if p[0].status is EventStatus.GOING and not p[0].cancelled),
        key=lambda p: p[0].start,
    )
    others = [p for p in ranked if p[0].status is not EventStatus.GOING and not p[0].cancelled]
    return (called_off + going + others)[:limit]


def _generated_events(seed: int, count: int) -> list[Event]:
    """Past, running, upcoming and all-day events around ``NOW`` in several zones."""
    rng = random.Random(seed)
    made = []
    for index in range(count):
        zone = rng.choice(ZONES)
        start = (NOW + timedelta(hours=rng.uniform(-24 * 60, 24 * 30))).astimezone(zone)
        all_day = rng.random() < 0.2
        end = None if rng.random() < 0.15 else start + timedelta(hours=rng.uniform(0, 30))
        ended = (end or start) < NOW
        made.append(
            Event(
                title=f"Event {index}",
                start=start,
                end=end,
                all_day=all_day,
                organizer=rng.choice(ORGANIZERS),
                interests=tuple(rng.sample(INTERESTS, rng.randint(0, 3))),
                status=rng.choice(list(EventStatus)),
                cancelled=rng.random() < 0.1,
                prep=PrepPlan(intention="Say hello") if rng.random() < 0.1 else PrepPlan(),
                reflection=(
                    Reflection(felt_natural=rng.randint(1, 5))
                    if rng.random() < (0.5 if ended else 0.05)
                    else None
                ),
            )
        )
    return made


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_next_events_agree_with_ranking_every_event(core_store: Store, seed: int) -> None:
    # Given generated events around now (past, running, upcoming, all-day, other zones)
    core_store.events.put_many(_generated_events(seed, 300))
    set_my_interests(core_store, ("board-games", "python", "jazz"))
    for now in (NOW, NOW - timedelta(days=20), NOW + timedelta(hours=13), NOW + timedelta(days=40)):
        for limit in (3, 1000):
            # When Home asks for its next events
            found = next_events_that_fit(core_store, now, limit=limit)
            # Then they are what ranking every event gives, in the same order with the same fit
            assert found == _reference(core_store, now, limit)


def test_events_ended_days_ago_without_a_reflection_are_not_decoded(
    core_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a store with many long-past events, a few reflected ones and one upcoming event
    past = [
        Event(title=f"Past {index}", start=NOW - timedelta(days=30 + index)) for index in range(50)
    ]
    reflected = [
        Event(
            title=f"Reflected {index}",
            start=NOW - timedelta(days=10 + index),
            interests=("python",),
            reflection=Reflection(felt_natural=5),
        )
        for index in range(3)
    ]
    upcoming = Event(title="Python meetup", start=NOW + timedelta(days=2), interests=("python",))
    core_store.events.put_many([*past, *reflected, upcoming])
    set_my_interests(core_store, ("python",))
    core_store.events.clear_cache()
    decoded: list[str] = []

    def counting(record_type: type[object], document: dict[str, object]) -> object:
        if record_type is Event:
            decoded.append(str(document["title"]))
        return from_document(record_type, document)

    monkeypatch.setattr(DECODER, counting)
    # When Home asks for its next events
    found = next_events_that_fit(core_store, NOW, limit=3)
    # Then only the upcoming event and the reflected ones (its evidence) were decoded
    assert sorted(decoded) == sorted(["Python meetup", *(event.title for event in reflected)])
    # And the reflections still moved its fit
    assert [event.title for event, _ in found] == ["Python meetup"]
    assert found[0][1].learned > 0


def test_with_nothing_upcoming_no_event_is_decoded(
    core_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given only past events, some of them reflected
    core_store.events.put_many(
        [
            Event(
                title=f"Past {index}",
                start=NOW - timedelta(days=3 + index),
                reflection=Reflection(felt_natural=4) if index % 2 else None,
            )
            for index in range(20)
        ]
    )
    decoded: list[object] = []

    def noting(record_type: type[object], document: dict[str, object]) -> object:
        decoded.append(record_type)
        return from_document(record_type, document)

    monkeypatch.setattr(DECODER, noting)
    core_store.events.clear_cache()
    # When Home asks for its next events
    found = next_events_that_fit(core_store, NOW, limit=3)
    # Then there are none, and no event was decoded to say so
    assert found == []
    assert Event not in decoded


def test_an_event_whose_stored_times_cannot_be_read_is_decided_by_its_record() -> None:
    # Given stored documents with a missing, unreadable or zone-less start
    # When the stored document alone is asked whether the event may still end after now
    # Then it says yes (the decoded record decides), never drops the event unseen
    assert may_end_between({}, NOW, None)
    assert may_end_between({"start": "tomorrow"}, NOW, None)
    assert may_end_between({"start": "2020-01-01T10:00:00"}, NOW, None)
    assert not may_end_between({"start": "2020-01-01T10:00:00+00:00"}, NOW, None)


@pytest.mark.parametrize("seed", [7, 8])
def test_events_awaiting_a_reflection_agree_with_reading_every_event(
    core_store: Store, seed: int
) -> None:
    # Given generated events around now (past, running, upcoming, all-day, other zones)
    core_store.events.put_many(_generated_events(seed, 300))
    for now in (NOW, NOW - timedelta(days=20), NOW + timedelta(days=3)):
        # When Home asks which events wait for a "How was it?"
        found = events_awaiting_reflection(core_store, now)
        # Then they are the ones the rule picks from every event, in the same order
        assert found == awaiting_reflection(list(core_store.events), now)
        assert found  # the generated events include some that wait


def test_long_past_events_are_not_decoded_to_ask_how_they_went(
    core_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given events that ended long ago and one that ended yesterday
    core_store.events.put_many(
        [
            Event(title=f"Past {index}", start=NOW - timedelta(days=60 + index))
            for index in range(30)
        ]
        + [Event(title="Yesterday", start=NOW - timedelta(days=1))]
    )
    core_store.events.clear_cache()
    decoded: list[str] = []

    def counting(record_type: type[object], document: dict[str, object]) -> object:
        if record_type is Event:
            decoded.append(str(document["title"]))
        return from_document(record_type, document)

    monkeypatch.setattr(DECODER, counting)
    # When Home asks which events wait for a "How was it?"
    found = events_awaiting_reflection(core_store, NOW)
    # Then only yesterday's event was decoded, and it is the one asked about
    assert decoded == ["Yesterday"]
    assert [event.title for event in found] == ["Yesterday"]
