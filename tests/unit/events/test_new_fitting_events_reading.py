"""Home's "New events that fit" reads only the events that may still come, with the same answer
as reading every event (the old rule, kept here as the reference)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from companion.domain.events import Event, Reflection
from companion.domain.fit import rank_events
from companion.services.feeds.feeds import new_events_since, new_fitting_events
from companion.services.profile.interests import interest_parents
from companion.services.profile.profile import get_profile, set_my_interests
from companion.storage.codec import from_document
from companion.storage.store import Store
from tests.unit.events.test_home_next_events_reading import DECODER, NOW, _generated_events


def _old_new_events_since(store: Store, since: datetime | None, now: datetime) -> list[Event]:
    return [
        event
        for event in store.events.all()
        if event.feed_id
        and event.listed_on is not None
        and (since is None or event.listed_on > since)
        and event.start > now
        and not event.cancelled
        and not event.unlisted
    ]


def _feed_events(seed: int) -> list[Event]:
    """Generated events, most of them from a feed, listed at different moments."""
    rng = random.Random(seed)
    return [
        replace(
            event,
            feed_id="feed-1" if rng.random() < 0.7 else "",
            listed_on=NOW - timedelta(days=rng.randint(0, 20)),
            unlisted=rng.random() < 0.1,
            source_uid=f"series-{rng.randrange(40)}#{index}",
        )
        for index, event in enumerate(_generated_events(seed, 300))
    ]


@pytest.mark.parametrize("seed", [21, 22])
def test_new_fitting_events_agree_with_reading_every_event(core_store: Store, seed: int) -> None:
    # Given feed events around now, some reflected, and my interests
    core_store.events.put_many(_feed_events(seed))
    set_my_interests(core_store, ("board-games", "python", "jazz"))
    for since in (None, NOW - timedelta(days=5)):
        # When Home asks for the new events that fit
        new = new_events_since(core_store, since, NOW)
        fitting = new_fitting_events(core_store, since, NOW)
        # Then they are what reading every event gives, with the same fit
        assert new == _old_new_events_since(core_store, since, NOW)
        everything = rank_events(
            new,
            get_profile(core_store),
            core_store.events.all(),
            NOW,
            parents=interest_parents(core_store),
        )
        assert {event.id: fit for event, fit in fitting} == {
            event.id: fit for event, fit in everything if event.id in {e.id for e, _f in fitting}
        }
        assert fitting


def test_past_feed_events_without_a_reflection_are_not_decoded(
    core_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given long-past feed events, one reflected, and one new upcoming feed event
    core_store.events.put_many(
        [
            Event(
                title=f"Past {index}",
                start=NOW - timedelta(days=30 + index),
                feed_id="feed-1",
                interests=("python",),
                reflection=Reflection(felt_natural=5) if index == 0 else None,
            )
            for index in range(20)
        ]
        + [
            Event(
                title="Next meetup",
                start=NOW + timedelta(days=3),
                feed_id="feed-1",
                listed_on=NOW - timedelta(hours=1),
                interests=("python",),
            )
        ]
    )
    set_my_interests(core_store, ("python",))
    core_store.events.clear_cache()
    decoded: list[str] = []

    def counting(record_type: type[object], document: dict[str, object]) -> object:
        if record_type is Event:
            decoded.append(str(document["title"]))
        return from_document(record_type, document)

    monkeypatch.setattr(DECODER, counting)
    # When Home asks for the new events that fit
    fitting = new_fitting_events(core_store, None, NOW)
    # Then only the upcoming event and the reflected one were decoded
    assert sorted(set(decoded)) == ["Next meetup", "Past 0"]
    assert [event.title for event, _fit in fitting] == ["Next meetup"]
    assert fitting[0][1].learned > 0
