"""Promises becoming due, reconnects by cadence and date, status changes and the timeline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from companion.domain.errors import ValidationError
from companion.domain.events import Event
from companion.domain.people import (
    Encounter,
    EncounterKind,
    FollowUp,
    Person,
    Promise,
    PromiseStatus,
)
from companion.services.promises.promises import (
    CADENCES,
    add_promise,
    cadence_label,
    due_promises,
    promise_counts,
    promises_of,
    reconnects,
    set_follow_up,
    set_promise_status,
)
from companion.services.promises.timeline import TimelineKind, timeline
from companion.storage.store import Store

MONDAY = date(2026, 3, 2)


def _person(store: Store, name: str, **fields: object) -> Person:
    person = Person(name=name, **fields)  # type: ignore[arg-type]
    store.people.put(person)
    return person


def _promise(
    store: Store, person: Person, text: str, due: date | None, **fields: object
) -> Promise:
    promise = Promise(person_id=person.id, text=text, due=due, **fields)  # type: ignore[arg-type]
    store.promises.put(promise)
    return promise


def test_a_promise_becomes_due_then_overdue_as_days_pass(core_store: Store) -> None:
    # Given a promise due on Wednesday
    ada = _person(core_store, "Ada")
    promise = _promise(core_store, ada, "Send the paper", MONDAY + timedelta(days=2))

    # When it is Monday, Wednesday and Friday
    monday = due_promises(core_store, MONDAY)
    wednesday = due_promises(core_store, MONDAY + timedelta(days=2))
    friday = due_promises(core_store, MONDAY + timedelta(days=4))

    # Then it is upcoming, then due today, then two days overdue
    assert [(p.promise_id, p.days_overdue, p.overdue) for p in monday] == [(promise.id, -2, False)]
    assert wednesday[0].due_today and wednesday[0].person_name == "Ada"
    assert friday[0].overdue and friday[0].days_overdue == 2
    assert promise_counts(core_store, MONDAY).promises_due == 0
    assert promise_counts(core_store, MONDAY + timedelta(days=4)).promises_overdue == 1


def test_due_promises_list_overdue_first_and_skip_kept_far_and_undated(core_store: Store) -> None:
    # Given promises due at various times, one kept and one without a date
    ada = _person(core_store, "Ada")
    later = _promise(core_store, ada, "Upcoming", MONDAY + timedelta(days=3))
    today = _promise(core_store, ada, "Today", MONDAY)
    overdue = _promise(core_store, ada, "Overdue", MONDAY - timedelta(days=5))
    _promise(core_store, ada, "Far away", MONDAY + timedelta(days=30))
    _promise(core_store, ada, "Undated", None)
    _promise(core_store, ada, "Kept", MONDAY, status=PromiseStatus.DONE, done_on=MONDAY)

    # When listing what is due on Monday
    found = due_promises(core_store, MONDAY)

    # Then overdue comes first, then today, then upcoming, and nothing else
    assert [p.promise_id for p in found] == [overdue.id, today.id, later.id]


def test_reconnect_by_cadence_counts_from_the_last_encounter(core_store: Store) -> None:
    # Given a monthly cadence and encounters on two days
    ada = _person(core_store, "Ada", follow_up=FollowUp(cadence_days=30))
    core_store.encounters.put(Encounter(person_id=ada.id, on=MONDAY - timedelta(days=60)))
    core_store.encounters.put(Encounter(person_id=ada.id, on=MONDAY - timedelta(days=35)))

    # When asking who to reconnect with
    found = reconnects(core_store, MONDAY)

    # Then Ada is due five days ago, counted from the latest encounter
    assert [(r.person_id, r.days_overdue, r.cadence_days) for r in found] == [(ada.id, 5, 30)]
    assert found[0].last_contact == MONDAY - timedelta(days=35)


def test_reconnect_by_date_most_overdue_first(core_store: Store) -> None:
    # Given two people with explicit dates, one in the future, and one without a follow-up
    ada = _person(core_store, "Ada", follow_up=FollowUp(next_date=MONDAY - timedelta(days=1)))
    bob = _person(core_store, "Bob", follow_up=FollowUp(next_date=MONDAY - timedelta(days=9)))
    _person(core_store, "Cy", follow_up=FollowUp(next_date=MONDAY + timedelta(days=3)))
    _person(core_store, "Dee")

    # When asking on Monday
    found = reconnects(core_store, MONDAY)

    # Then Bob (9 days over) comes before Ada (1 day over); Cy is not due yet
    assert [r.person_id for r in found] == [bob.id, ada.id]
    assert promise_counts(core_store, MONDAY).reconnects == 2


def test_status_changes_are_durable_and_on_the_timeline(
    core_store: Store, core_data_dir: Path
) -> None:
    # Given a promise made on Monday
    ada = _person(core_store, "Ada")
    _changes, promise = add_promise(core_store, ada.id, "Intro to Bob", due=MONDAY, today=MONDAY)

    # When it is marked done on Thursday and the store reopened
    changes = set_promise_status(
        core_store, promise.id, PromiseStatus.DONE, MONDAY + timedelta(days=3)
    )
    core_store.close()
    reopened = Store.open(core_data_dir)
    try:
        # Then it is done with the day recorded, and the timeline shows both moments
        stored = reopened.promises.get(promise.id)
        assert stored is not None and stored.status is PromiseStatus.DONE
        assert stored.done_on == MONDAY + timedelta(days=3)
        assert changes.touches("offers")
        kinds = [(e.kind, e.on) for e in timeline(reopened, ada.id)]
        assert kinds == [
            (TimelineKind.PROMISE_DONE, MONDAY + timedelta(days=3)),
            (TimelineKind.PROMISE_MADE, MONDAY),
        ]
        # When reopened (as a promise) the day is cleared and it is due again
        set_promise_status(reopened, promise.id, PromiseStatus.OPEN, MONDAY + timedelta(days=4))
        again = reopened.promises.get(promise.id)
        assert again is not None and again.done_on is None
        assert [p.promise_id for p in due_promises(reopened, MONDAY)] == [promise.id]
    finally:
        reopened.close()


def test_timeline_is_newest_first_with_event_titles(core_store: Store) -> None:
    # Given an encounter at an event, a later call and a dropped promise
    ada = _person(core_store, "Ada")
    event = Event(title="Meetup", start=datetime(2026, 2, 1, 18, tzinfo=UTC))
    core_store.events.put(event)
    core_store.encounters.put(
        Encounter(person_id=ada.id, on=date(2026, 2, 1), event_id=event.id, note="Chess")
    )
    core_store.encounters.put(
        Encounter(person_id=ada.id, on=date(2026, 2, 10), kind=EncounterKind.CALL)
    )
    _promise(
        core_store,
        ada,
        "Book",
        None,
        created=date(2026, 2, 1),
        status=PromiseStatus.DROPPED,
        done_on=date(2026, 2, 20),
    )

    # When reading her timeline
    entries = timeline(core_store, ada.id)

    # Then the newest comes first and the encounter carries the event title
    assert [e.kind for e in entries] == [
        TimelineKind.PROMISE_DROPPED,
        TimelineKind.ENCOUNTER,
        TimelineKind.PROMISE_MADE,
        TimelineKind.ENCOUNTER,
    ]
    assert entries[1].encounter_kind is EncounterKind.CALL
    assert entries[3].event_title == "Meetup" and entries[3].text == "Chess"
    assert promises_of(core_store, ada.id)[0].status is PromiseStatus.DROPPED


def test_set_follow_up_sets_and_clears(core_store: Store) -> None:
    # Given a person without a follow-up
    ada = _person(core_store, "Ada")

    # When a cadence is set, then cleared
    set_follow_up(core_store, ada.id, cadence_days=CADENCES[2].days)
    with_cadence = core_store.people.get(ada.id)
    set_follow_up(core_store, ada.id)
    cleared = core_store.people.get(ada.id)

    # Then it was stored and then removed
    assert with_cadence is not None and with_cadence.follow_up == FollowUp(cadence_days=91)
    assert cleared is not None and cleared.follow_up is None
    assert cadence_label(91) == "Every 3 months" and cadence_label(10) == "Every 10 days"
    with pytest.raises(ValidationError):
        set_follow_up(core_store, "gone", cadence_days=14)


def test_counts_come_out_right_at_ten_thousand_people(
    core_store: Store, core_fill: Callable[[Store, dict[str, list[object]]], None]
) -> None:
    # Given 10,000 people with follow-ups, 30,000 encounters and 10,000 promises
    people = [
        Person(name=f"Person {i}", follow_up=FollowUp(cadence_days=30 + i % 60))
        for i in range(10_000)
    ]
    with core_store.batch():
        core_store.people.put_many(people)
        core_store.encounters.put_many(
            [
                Encounter(person_id=p.id, on=MONDAY - timedelta(days=i % 90 + k))
                for i, p in enumerate(people)
                for k in range(3)
            ]
        )
        core_store.promises.put_many(
            [
                Promise(person_id=p.id, text="x", due=MONDAY + timedelta(days=i % 20 - 10))
                for i, p in enumerate(people)
            ]
        )

    # When computing the counts
    counts = promise_counts(core_store, MONDAY)

    # Then they are found (their speed is a `make bench` row: promise and reconnect counts)
    assert counts.promises_due > 0 and counts.reconnects > 0
