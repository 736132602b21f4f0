"""Reminders: what the tray tells about, when, and only once (with an injected clock)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from companion.domain.events import Event, EventStatus
from companion.domain.people import (
    Encounter,
    EncounterKind,
    FollowUp,
    Person,
    Promise,
    PromiseStatus,
)
from companion.services.promises.promise_actions import log_contact, snooze_promise
from companion.services.promises.promises import due_promises, reconnects
from companion.services.promises.reminders import (
    Reminder,
    ReminderKind,
    next_event,
    pending_reminders,
    remember_shown,
)
from companion.storage.store import Store

NOW = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)
TODAY = date(2026, 11, 25)


def _event(
    title: str,
    start: datetime,
    *,
    status: EventStatus = EventStatus.GOING,
    event_id: str | None = None,
) -> Event:
    event = Event(title=title, start=start, end=start + timedelta(hours=2), status=status)
    return event if event_id is None else replace(event, id=event_id)


def _reminders(store: Store, now: datetime = NOW, shown: set[str] | None = None) -> list[Reminder]:
    return pending_reminders(store, now=now, today=now.date(), shown=shown or set())


def test_an_event_starting_within_the_hour_is_a_reminder(core_store: Store) -> None:
    # Given an event starting in 40 minutes
    core_store.events.put(_event("Go club", NOW + timedelta(minutes=40)))
    # When the reminders are asked for
    [reminder] = _reminders(core_store)
    # Then it is an "event starting" reminder for that event
    assert reminder.kind is ReminderKind.EVENT_STARTING
    assert reminder.title == "Go club"
    assert reminder.moment == NOW + timedelta(minutes=40)


def test_an_event_in_two_hours_is_not_a_reminder_yet(core_store: Store) -> None:
    # Given an event starting in 2 hours
    core_store.events.put(_event("Go club", NOW + timedelta(hours=2)))
    # When the reminders are asked for now, and again 70 minutes later
    now_reminders = _reminders(core_store)
    later = _reminders(core_store, NOW + timedelta(minutes=70))
    # Then nothing yet, and then the event is within the hour
    assert now_reminders == []
    assert [reminder.kind for reminder in later] == [ReminderKind.EVENT_STARTING]


def test_an_event_that_ended_30_minutes_ago_asks_who_i_met(core_store: Store) -> None:
    # Given an event that ended half an hour ago, one that ended yesterday and a skipped one
    core_store.events.put(_event("Climbing", NOW - timedelta(hours=2, minutes=30)))
    core_store.events.put(_event("Book club", NOW - timedelta(days=1)))
    core_store.events.put(
        _event("Mixer", NOW - timedelta(hours=2, minutes=30), status=EventStatus.SKIPPED)
    )
    # When the reminders are asked for
    reminders = _reminders(core_store)
    # Then only the recent one is a reminder, to log who I met
    assert [(r.kind, r.title) for r in reminders] == [(ReminderKind.EVENT_ENDED, "Climbing")]


def test_an_event_without_an_end_counts_as_three_hours_long(core_store: Store) -> None:
    # Given an event without an end that started 3.5 hours ago
    core_store.events.put(Event(title="Game night", start=NOW - timedelta(hours=3, minutes=30)))
    # When the reminders are asked for
    reminders = _reminders(core_store)
    # Then it counts as ended half an hour ago
    assert [r.kind for r in reminders] == [ReminderKind.EVENT_ENDED]


def test_a_shown_reminder_is_not_shown_again(core_store: Store) -> None:
    # Given an event starting soon whose reminder was shown
    core_store.events.put(_event("Go club", NOW + timedelta(minutes=40)))
    [first] = _reminders(core_store)
    shown = remember_shown({}, [first.key], TODAY)
    # When the reminders are asked for again a minute later
    again = pending_reminders(core_store, now=NOW + timedelta(minutes=1), today=TODAY, shown=shown)
    # Then the same situation has the same key, and it is not repeated
    assert again == []


def test_a_moved_event_reminds_again(core_store: Store) -> None:
    # Given a reminder shown for an event that then moved by 20 minutes
    event = _event("Go club", NOW + timedelta(minutes=40))
    core_store.events.put(event)
    shown = remember_shown({}, [r.key for r in _reminders(core_store)], TODAY)
    core_store.events.put(_event("Go club", NOW + timedelta(minutes=50), event_id=event.id))
    # When the reminders are asked for
    again = _reminders(core_store, shown=set(shown))
    # Then the new time is a new reminder
    assert [r.kind for r in again] == [ReminderKind.EVENT_STARTING]


def test_remembered_keys_are_forgotten_after_two_days() -> None:
    # Given keys shown three days ago and yesterday
    shown = {"old": "2026-11-22", "recent": "2026-11-24"}
    # When a key is remembered today
    kept = remember_shown(shown, ["new"], TODAY)
    # Then the old one is dropped, the others are kept with their day
    assert kept == {"recent": "2026-11-24", "new": "2026-11-25"}


def test_promises_due_today_and_overdue_make_one_reminder_a_day(core_store: Store) -> None:
    # Given a promise due today, one overdue by 3 days, one due next week and one done
    core_store.people.put(Person(id="p1", name="Ada"))
    core_store.people.put(Person(id="p2", name="Ben"))
    core_store.promises.put(Promise(person_id="p1", text="Send the route map", due=TODAY))
    core_store.promises.put(
        Promise(person_id="p2", text="Lend the Go book", due=TODAY - timedelta(days=3))
    )
    core_store.promises.put(Promise(person_id="p1", text="Intro", due=TODAY + timedelta(days=7)))
    core_store.promises.put(
        Promise(
            person_id="p1", text="Old", due=TODAY - timedelta(days=9), status=PromiseStatus.DONE
        )
    )
    # When the reminders are asked for
    [reminder] = _reminders(core_store)
    # Then one reminder names the most overdue promise and counts both
    assert reminder.kind is ReminderKind.PROMISES_DUE
    assert reminder.title == "Lend the Go book"
    assert reminder.person_name == "Ben"
    assert (reminder.promises, reminder.overdue) == (2, 1)
    # And, being for two people, it opens no single person
    assert reminder.person_id == ""
    # And once shown it waits for the next day
    shown = remember_shown({}, [reminder.key], TODAY)
    assert _reminders(core_store, shown=set(shown)) == []
    tomorrow = NOW + timedelta(days=1)
    assert [r.kind for r in _reminders(core_store, tomorrow, set(shown))] == [
        ReminderKind.PROMISES_DUE
    ]


def test_a_single_overdue_promise_opens_its_person(core_store: Store) -> None:
    # Given one overdue promise
    core_store.people.put(Person(id="p1", name="Ada"))
    core_store.promises.put(Promise(person_id="p1", text="Send the map", due=TODAY - timedelta(1)))
    # When the reminders are asked for
    [reminder] = _reminders(core_store)
    # Then it leads to Ada
    assert (reminder.person_id, reminder.overdue) == ("p1", 1)


def test_events_come_before_promises_and_the_soonest_first(core_store: Store) -> None:
    # Given a due promise, an event that ended, and two events starting soon
    core_store.people.put(Person(id="p1", name="Ada"))
    core_store.promises.put(Promise(person_id="p1", text="Send the map", due=TODAY))
    core_store.events.put(_event("Ended", NOW - timedelta(hours=3)))
    core_store.events.put(_event("Later", NOW + timedelta(minutes=50)))
    core_store.events.put(_event("Sooner", NOW + timedelta(minutes=10)))
    # When the reminders are asked for
    reminders = _reminders(core_store)
    # Then the soonest start leads, the ended event follows, the promises come last
    assert [r.title for r in reminders] == ["Sooner", "Later", "Ended", "Send the map"]


def test_next_event_is_the_soonest_not_started_and_not_skipped(core_store: Store) -> None:
    # Given a running event, a skipped one tomorrow and one the day after
    core_store.events.put(_event("Running", NOW - timedelta(minutes=10)))
    core_store.events.put(_event("Skipped", NOW + timedelta(days=1), status=EventStatus.SKIPPED))
    core_store.events.put(_event("Next", NOW + timedelta(days=2)))
    # When the next event is asked for
    found = next_event(core_store, NOW)
    # Then it is the one I have not skipped
    assert found is not None and found.title == "Next"
    assert next_event(core_store, NOW + timedelta(days=3)) is None


def test_snoozing_moves_the_due_date_a_week_from_today(core_store: Store) -> None:
    # Given a promise overdue by 3 days
    core_store.people.put(Person(id="p1", name="Ada"))
    promise = Promise(person_id="p1", text="Send the map", due=TODAY - timedelta(days=3))
    core_store.promises.put(promise)
    # When it is snoozed
    changes = snooze_promise(core_store, promise.id, today=TODAY)
    # Then it is due in a week and no longer due today
    stored = core_store.promises.get(promise.id)
    assert stored is not None and stored.due == TODAY + timedelta(days=7)
    assert changes.touches("offers")
    assert due_promises(core_store, TODAY, within_days=0) == []


def test_logging_a_contact_uses_up_a_due_follow_up_date(core_store: Store) -> None:
    # Given two people due for a reconnect: one by date only, one by date and cadence
    core_store.people.put(Person(id="p1", name="Ada", follow_up=FollowUp(next_date=TODAY)))
    core_store.people.put(
        Person(id="p2", name="Ben", follow_up=FollowUp(next_date=TODAY, cadence_days=30))
    )
    core_store.encounters.put(Encounter(person_id="p2", on=TODAY - timedelta(days=60)))
    # When a contact is logged with both today
    log_contact(core_store, "p1", today=TODAY, kind=EncounterKind.CALL)
    changes = log_contact(core_store, "p2", today=TODAY)
    # Then neither waits for a reconnect; Ben's cadence now counts from today
    assert reconnects(core_store, TODAY) == []
    ben = core_store.people.get("p2")
    assert ben is not None and ben.follow_up == FollowUp(cadence_days=30)
    assert [r.person_id for r in reconnects(core_store, TODAY, within_days=30)] == ["p2"]
    assert changes.touches("encounters") and changes.touches("people")


def test_snoozing_a_promise_not_yet_due_moves_it_a_week_past_its_date(core_store: Store) -> None:
    promise = Promise(person_id="p1", text="Send the map", due=TODAY + timedelta(days=3))
    core_store.promises.put(promise)
    snooze_promise(core_store, promise.id, today=TODAY)
    stored = core_store.promises.get(promise.id)
    assert stored is not None and stored.due == TODAY + timedelta(days=10)
