"""Suggesting a prep card: the shipped opener library (topped up to 330+ with own openers) and
1,000 past encounters that used openers, 300 people and 200 events of 20 groups.

Measures ``prepare.prep_card`` end to end on an open store (reading the plan, the variety and
feedback evidence, ranking every stage, "likely there", offers), then a shuffle of one slot.
The baseline suggests the same card the straightforward way: every encounter, event and person
decoded as a record (from the repositories' cache after the warm-up), the evidence gathered from
them, then the same ranking. The budget is issue 5's: under 20 ms.
"""

from __future__ import annotations

import random
import shutil
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from figures import Row, median_ms

from companion.domain import opener_suggestion
from companion.domain.events import Event, PrepPlan
from companion.domain.opener_suggestion import SuggestionContext
from companion.domain.openers import Opener, OpenerStage
from companion.domain.people import Encounter, Person
from companion.domain.profile import OfferItem, OfferKind, Profile
from companion.services.prepare import prepare
from companion.services.prepare.opener_library import builtin_openers, opener_library
from companion.services.profile.interests import builtin_catalogue
from companion.storage.store import Store

BUDGET_MS = 20.0
LIBRARY_SIZE = 330
ENCOUNTERS = 1000
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
INTERESTS = ("board-games", "climbing", "hiking", "ai-machine-learning", "choir", "chess")


def _fill(store: Store) -> str:
    """Write the synthetic data; returns the id of the event to prepare."""
    rng = random.Random(5)
    builtins = builtin_openers("en")
    own = [
        Opener(
            text=f"Own opener {number} about {INTERESTS[number % 6]}?",
            stage=list(OpenerStage)[number % 4],
            interests=(INTERESTS[number % 6],),
            favourite=number % 7 == 0,
        )
        for number in range(max(0, LIBRARY_SIZE - len(builtins)) + 20)
    ]
    store.openers.put_many(own)
    opener_ids = [opener.id for opener in (*builtins, *own)]
    store.profile.put(
        Profile(
            interests=("board-games", "climbing"),
            offers=tuple(
                OfferItem(kind=OfferKind.SKILL, text=f"Offer {n}", interests=(INTERESTS[n % 6],))
                for n in range(12)
            ),
        )
    )
    events = [
        Event(
            title=f"Meetup {number}",
            start=NOW + timedelta(days=number - 150),
            organizer=f"Group {number % 20}",
            interests=(INTERESTS[number % 6], INTERESTS[(number * 5) % 6]),
            prep=PrepPlan(
                opener_ids=tuple(rng.sample(opener_ids, 4)),
                skipped_opener_ids=tuple(rng.sample(opener_ids, 2)),
                used_opener_ids=tuple(rng.sample(opener_ids, 2)),
            ),
        )
        for number in range(200)
    ]
    store.events.put_many(events)
    people = [
        Person(name=f"Person {number}", interests=(INTERESTS[number % 6],)) for number in range(300)
    ]
    store.people.put_many(people)
    store.encounters.put_many(
        [
            Encounter(
                person_id=people[number % 300].id,
                on=date(2026, 1, 1) + timedelta(days=number % 300),
                event_id=events[number % 150].id,
                opener_ids=tuple(rng.sample(opener_ids, 2)),
            )
            for number in range(ENCOUNTERS)
        ]
    )
    return events[160].id


def _naive_card(store: Store, event_id: str) -> opener_suggestion.Card:
    event = store.events.get(event_id)
    assert event is not None
    profile = store.profile.get()
    group = {e.id for e in store.events if e.organizer == event.organizer and e.id != event.id}
    wanted = set(event.interests)
    likely = {person.id for person in store.people if wanted & set(person.interests)}
    with_group: set[str] = set()
    with_people: set[str] = set()
    for encounter in store.encounters:
        if encounter.event_id in group:
            with_group.update(encounter.opener_ids)
        if encounter.person_id in likely:
            with_people.update(encounter.opener_ids)
    recent = {
        opener_id
        for other in store.events
        if other.id != event.id and abs(other.start - event.start) <= timedelta(days=60)
        for opener_id in other.prep.opener_ids
    }
    context = SuggestionContext(
        my_interests=profile.interests,
        event_interests=event.interests,
        used_with_group=frozenset(with_group),
        used_with_people=frozenset(with_people),
        recently_prepared=frozenset(recent),
        parents=builtin_catalogue().parents,
    )
    return opener_suggestion.suggest_card(opener_library(store, "en"), context)


def prep_rows(*, runs: int) -> list[Row]:
    folder = Path(tempfile.mkdtemp(prefix="bench-prep-"))
    try:
        with Store.open(folder / "data") as store:
            event_id = _fill(store)
            library_size = len(opener_library(store, "en"))

            def suggest() -> prepare.PrepCard:
                return prepare.prep_card(store, event_id, locale="en", now=NOW)

            card = suggest()
            naive_ms = median_ms(lambda: _naive_card(store, event_id), runs=max(runs, 5))
            suggest_ms = median_ms(suggest, runs=max(runs, 5))
            shuffle_ms = median_ms(
                lambda: prepare.shuffle(store, card, OpenerStage.OPEN), runs=max(runs, 5)
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    note = f"{library_size} openers, {ENCOUNTERS} encounters, 300 people, 200 events"
    return [
        Row(
            name="prep card suggested",
            unit="ms",
            ours=suggest_ms,
            baseline=naive_ms,
            baseline_name="same card from decoded records",
            runs=max(runs, 5),
            budget=f"< {BUDGET_MS:.0f} ms",
            within_budget=suggest_ms < BUDGET_MS,
            note=note,
        ),
        Row(
            name="prep card slot shuffled",
            unit="ms",
            ours=shuffle_ms,
            baseline=suggest_ms,
            baseline_name="suggesting the whole card",
            runs=max(runs, 5),
            budget=f"< {BUDGET_MS:.0f} ms",
            within_budget=shuffle_ms < BUDGET_MS,
        ),
    ]
