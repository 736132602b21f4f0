"""Fixtures for the core unit tests: a private data folder, sample records, English by default.

Names start with ``core_`` so they never clash with the suite-wide fixtures of
``tests/conftest.py``.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from companion.domain.events import Event, EventStatus, PrepPlan, Reflection
from companion.domain.interests import Interest
from companion.domain.openers import Opener, OpenerStage
from companion.domain.people import (
    Encounter,
    EncounterKind,
    FollowUp,
    Person,
    Promise,
    PromiseStatus,
)
from companion.domain.profile import OfferItem, OfferKind, Profile
from companion.i18n.translate import SOURCE_LOCALE, set_translations
from companion.storage.store import Store

BERLIN_SUMMER = timezone(timedelta(hours=2), "CEST")
NEW_YORK = timezone(timedelta(hours=-5), "EST")


@pytest.fixture(autouse=True)
def core_english() -> Iterator[None]:
    """Every test starts and ends in English, whatever a test activated."""
    set_translations(gettext.NullTranslations(), SOURCE_LOCALE)
    yield
    set_translations(gettext.NullTranslations(), SOURCE_LOCALE)


@pytest.fixture
def core_data_dir(tmp_path: Path) -> Path:
    """A data folder that does not exist yet (the store creates it)."""
    return tmp_path / "data"


@pytest.fixture
def core_store(core_data_dir: Path) -> Iterator[Store]:
    """A writable, empty store, closed after the test."""
    store = Store.open(core_data_dir)
    yield store
    store.close()


def sample_records() -> dict[str, Any]:
    """One record of every type, with nested parts, enums, None and non-UTC times."""
    interest = Interest(slug="board-games", label="Board games", keywords=("catan", "go"))
    climbing = Interest(slug="climbing", label="Climbing", group="sport", builtin=True)
    opener = Opener(
        text="What got you into board games?",
        stage=OpenerStage.OPEN,
        interests=("board-games",),
        locale="en",
        favourite=True,
        used=3,
        landed=2,
    )
    event = Event(
        title="Game night at the library",
        start=datetime(2024, 6, 1, 19, 0, tzinfo=BERLIN_SUMMER),
        end=datetime(2024, 6, 1, 22, 30, tzinfo=BERLIN_SUMMER),
        venue="City library",
        url="https://example.org/game-night",
        organizer="Board game club",
        description="Bring a game.\nOr don't.",
        source="ics",
        source_uid="uid-123@example.org",
        interests=("board-games",),
        status=EventStatus.ATTENDED,
        prep=PrepPlan(
            opener_ids=(opener.id,),
            offer_notes=("Teach Go to beginners",),
            intention="Listen more than I talk",
        ),
        reflection=Reflection(felt_natural=4, note="Easy to talk over a game."),
    )
    online_event = Event(
        title="Climbing talk",
        start=datetime(2024, 7, 2, 18, 0, tzinfo=NEW_YORK),
        online=True,
    )
    person = Person(
        name="Zoë Ångström",
        emails=("zoe@example.org", "z@example.com"),
        phones=("+49 30 1234567",),
        links=("https://example.org/zoe",),
        organization="Library",
        interests=("board-games", "climbing"),
        tags=("friend",),
        working_on="A cooperative game",
        looking_for="Playtesters",
        notes="Met at the game night; likes Go.",
        event_ids=(event.id,),
        first_met=date(2024, 6, 1),
        follow_up=FollowUp(next_date=date(2024, 7, 1), cadence_days=30),
    )
    plain_person = Person(name="Sam")
    encounter = Encounter(
        person_id=person.id,
        on=date(2024, 6, 1),
        event_id=event.id,
        kind=EncounterKind.MET,
        note="Played Catan together.",
        opener_ids=(opener.id,),
    )
    call = Encounter(person_id=plain_person.id, on=date(2024, 6, 5), kind=EncounterKind.CALL)
    promise = Promise(
        person_id=person.id,
        text="Send her the Go problem book",
        due=date(2024, 6, 10),
        status=PromiseStatus.DONE,
        created=date(2024, 6, 1),
        done_on=date(2024, 6, 8),
    )
    open_promise = Promise(person_id=plain_person.id, text="Introduce Sam to Alex")
    profile = Profile(
        interests=("board-games", "climbing"),
        offers=(
            OfferItem(kind=OfferKind.SKILL, text="Teach Go", interests=("board-games",)),
            OfferItem(kind=OfferKind.INTRO, text="Introductions to the climbing gym"),
        ),
    )
    return {
        "interests": [interest, climbing],
        "openers": [opener],
        "events": [event, online_event],
        "people": [person, plain_person],
        "encounters": [encounter, call],
        "offers": [promise, open_promise],
        "profile": profile,
    }


def fill_store(store: Store, records: dict[str, Any]) -> None:
    """Put every sample record into ``store`` in one durable write."""
    with store.batch():
        for interest in records["interests"]:
            store.interests.put(interest)
        for opener in records["openers"]:
            store.openers.put(opener)
        for event in records["events"]:
            store.events.put(event)
        for person in records["people"]:
            store.people.put(person)
        for encounter in records["encounters"]:
            store.encounters.put(encounter)
        for promise in records["offers"]:
            store.promises.put(promise)
        store.profile.put(records["profile"])


@pytest.fixture
def core_records() -> dict[str, Any]:
    return sample_records()


@pytest.fixture
def core_filled_store(core_store: Store, core_records: dict[str, Any]) -> Store:
    """The writable store holding one record of every type."""
    fill_store(core_store, core_records)
    return core_store


@pytest.fixture
def core_fill() -> Callable[[Store, dict[str, Any]], None]:
    """``fill(store, records)``: put records of every type into a store in one write."""
    return fill_store
