"""Home's promises and reconnects read only what they show, with the same answer as before.

Both run on every start (10,000 people, 30,000 encounters). The old rules, which read every
person's name and every encounter, are kept here as the reference the new ones must agree with.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest

from companion.domain.date_range import add_days
from companion.domain.folding import fold
from companion.domain.people import Encounter, FollowUp, Person, Promise, PromiseStatus
from companion.services.promises.promises import (
    DuePromise,
    Reconnect,
    due_promises,
    first_reconnects,
    last_contacts,
    reconnects,
)
from companion.storage.store import Store

TODAY = date(2026, 12, 7)
NAMES = ("Ada", "ada", "Émile", "Emma", "Zoë", "Bob", "bob", "Chidi")


def _old_last_contacts(store: Store) -> dict[str, date]:
    latest: dict[str, str] = {}
    for document in store.table("encounters").values():
        person_id, day = document.get("person_id"), document.get("on")
        if person_id and isinstance(day, str) and day > latest.get(person_id, ""):
            latest[person_id] = day
    return {person_id: date.fromisoformat(text) for person_id, text in latest.items()}


def _old_reconnects(store: Store, today: date, within_days: int) -> list[Reconnect]:
    names = store.people.field_values("name")
    contacts = _old_last_contacts(store)
    horizon = add_days(today, within_days)
    found = []
    for person in store.people:
        follow_up = person.follow_up
        if follow_up is None:
            continue
        last = contacts.get(person.id)
        due = follow_up.due_date(last)
        if due is None or due > horizon:
            continue
        found.append(
            Reconnect(
                person_id=person.id,
                person_name=str(names.get(person.id) or ""),
                due=due,
                days_overdue=(today - due).days,
                last_contact=last,
                cadence_days=follow_up.cadence_days,
            )
        )
    found.sort(key=lambda item: (item.due, fold(item.person_name)))
    return found


def _old_due_promises(store: Store, today: date, within_days: int) -> list[DuePromise]:
    names = store.people.field_values("name")
    horizon = add_days(today, within_days)
    found = [
        DuePromise(
            promise_id=promise.id,
            person_id=promise.person_id,
            person_name=str(names[promise.person_id]),
            text=promise.text,
            due=promise.due,
            days_overdue=(today - promise.due).days,
        )
        for promise in store.promises
        if promise.status is PromiseStatus.OPEN
        and promise.due is not None
        and promise.due <= horizon
        and promise.person_id in names
    ]
    found.sort(key=lambda promise: (promise.due, promise.person_name.casefold()))
    return found


def _fill(store: Store, seed: int) -> None:
    """People with and without follow-ups, encounters, promises (some to people now gone)."""
    rng = random.Random(seed)

    def some_day(spread: int = 90) -> date:
        return TODAY + timedelta(days=rng.randint(-spread, spread))

    people = []
    for index in range(300):
        follow_up: Any = None
        if rng.random() < 0.6:
            follow_up = FollowUp(
                next_date=some_day() if rng.random() < 0.4 else None,
                cadence_days=rng.choice([None, 14, 30, 91]),
            )
        people.append(
            Person(name=f"{rng.choice(NAMES)} {index % 7}", id=f"p{index}", follow_up=follow_up)
        )
    store.people.put_many(people)
    store.encounters.put_many(
        [Encounter(person_id=f"p{rng.randrange(330)}", on=some_day(400)) for _ in range(900)]
    )
    store.promises.put_many(
        [
            Promise(
                person_id=f"p{rng.randrange(330)}",
                text=f"Send the link {index}",
                due=some_day(20) if rng.random() < 0.8 else None,
                status=rng.choice(list(PromiseStatus)),
            )
            for index in range(200)
        ]
    )


@pytest.mark.parametrize("seed", [5, 6])
def test_reconnects_and_due_promises_agree_with_reading_everyone(
    core_store: Store, seed: int
) -> None:
    # Given generated people, encounters and promises (some to people no longer stored)
    _fill(core_store, seed)
    for within_days in (0, 7, 30):
        # When Home and the tray ask who to get back to and what is due
        # Then the answers are what reading every person and encounter gives
        assert reconnects(core_store, TODAY, within_days=within_days) == _old_reconnects(
            core_store, TODAY, within_days
        )
        assert due_promises(core_store, TODAY, within_days=within_days) == _old_due_promises(
            core_store, TODAY, within_days
        )


@pytest.mark.parametrize("seed", [7, 8])
def test_homes_first_reconnects_are_the_head_of_the_whole_list(
    core_store: Store, seed: int
) -> None:
    # Given generated people with follow-ups, many due at once (ties in day and name)
    _fill(core_store, seed)
    everyone = reconnects(core_store, TODAY, within_days=30)
    for count in (0, 1, 5, len(everyone) + 3):
        # When Home asks for the first few and how many there are
        total, first = first_reconnects(core_store, TODAY, within_days=30, count=count)
        # Then they are the head of the whole list, in the same order, and the count is its length
        assert total == len(everyone)
        assert first == everyone[:count]


def test_last_contacts_follow_an_encounter_logged_after_the_first_question(
    core_store: Store,
) -> None:
    # Given someone last met nine days ago, asked about once (Home at start)
    core_store.encounters.put(Encounter(person_id="a", on=TODAY - timedelta(days=9)))
    assert last_contacts(core_store) == {"a": TODAY - timedelta(days=9)}
    # When a newer encounter is logged, and then one is deleted
    newer = Encounter(person_id="a", on=TODAY)
    core_store.encounters.put(newer)
    # Then the next question sees it at once, and sees it gone once deleted
    assert last_contacts(core_store) == {"a": TODAY}
    core_store.encounters.remove(newer.id)
    assert last_contacts(core_store) == {"a": TODAY - timedelta(days=9)}


def test_reconnects_due_the_same_day_are_in_the_people_pages_order(core_store: Store) -> None:
    # Given three people due back the same day, one name starting with an accent
    due = FollowUp(next_date=TODAY)
    core_store.people.put_many(
        [
            Person(id="z", name="Zoe Angstrom", follow_up=due),
            Person(id="e", name="Émile Zola", follow_up=due),
            Person(id="b", name="Björn", follow_up=due),
        ]
    )
    # When Home asks for the first two
    _total, first = first_reconnects(core_store, TODAY, count=2)
    # Then the accented name sorts as its letters do, as on the People page
    assert [reconnect.person_name for reconnect in first] == ["Björn", "Émile Zola"]
