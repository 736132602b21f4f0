"""The tray's next event and event reminders read only the events that can still matter, with
the same answer as reading every event (the old rule, kept here as the reference)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

import pytest

from companion.domain.events import Event, EventStatus, PrepPlan
from companion.services.promises import reminders
from companion.services.promises.reminders import next_event, pending_reminders
from companion.storage.codec import from_document
from companion.storage.store import Store

NOW = datetime(2026, 12, 7, 18, 0, tzinfo=UTC)
ZONES = (UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8)))


def _old_next_event(store: Store, now: datetime) -> Event | None:
    upcoming = [
        event
        for event in store.events
        if event.start > now
        and (
            (event.status is not EventStatus.SKIPPED and not event.cancelled)
            or (event.cancelled and event.prep != PrepPlan())
        )
    ]
    return min(upcoming, key=lambda event: (event.start, event.id), default=None)


def _events(seed: int) -> list[Event]:
    """Events within hours of ``NOW`` (starting soon, just ended, without an end) and far off."""
    rng = random.Random(seed)
    made = []
    for index in range(200):
        hours = rng.choice([rng.uniform(-8, 3), rng.uniform(-24 * 90, 24 * 30)])
        start = (NOW + timedelta(hours=hours)).astimezone(rng.choice(ZONES))
        made.append(
            Event(
                title=f"Event {index}",
                start=start,
                end=None if rng.random() < 0.3 else start + timedelta(hours=rng.uniform(0, 4)),
                all_day=rng.random() < 0.1,
                status=rng.choice(list(EventStatus)),
                cancelled=rng.random() < 0.1,
                prep=PrepPlan(intention="Ask about the trip") if rng.random() < 0.2 else PrepPlan(),
            )
        )
    return made


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_next_event_and_event_reminders_agree_with_reading_every_event(
    core_store: Store, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given events just before, around and long before now
    core_store.events.put_many(_events(seed))
    for now in (NOW, NOW + timedelta(minutes=50), NOW - timedelta(hours=3)):
        # When the tray asks for the next event and the reminders
        found = pending_reminders(core_store, now=now, today=now.date())
        # Then they are what reading every event gives
        assert next_event(core_store, now) == _old_next_event(core_store, now)
        with monkeypatch.context() as every_event:
            every_event.setattr(
                reminders, "_events_ending_after", lambda store, moment: list(store.events)
            )
            assert found == pending_reminders(core_store, now=now, today=now.date())


def test_long_past_events_are_not_decoded_for_the_tray(
    core_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given many long-past events and one tonight
    core_store.events.put_many(
        [Event(title=f"Past {index}", start=NOW - timedelta(days=9 + index)) for index in range(40)]
        + [Event(title="Tonight", start=NOW + timedelta(minutes=30))]
    )
    core_store.events.clear_cache()
    decoded: list[str] = []

    def counting(record_type: type[object], document: dict[str, object]) -> object:
        if record_type is Event:
            decoded.append(str(document["title"]))
        return from_document(record_type, document)

    monkeypatch.setattr("companion.storage.repositories.from_document", counting)
    # When the tray asks for the next event and the reminders
    upcoming = next_event(core_store, NOW)
    found = pending_reminders(core_store, now=NOW, today=NOW.date())
    # Then only tonight's event was decoded, and it is the one named
    assert set(decoded) == {"Tonight"}
    assert upcoming is not None and upcoming.title == "Tonight"
    assert [reminder.title for reminder in found] == ["Tonight"]
