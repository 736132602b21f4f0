"""Quick capture as a use case: one durable change, fuzzy duplicates, due dates in words."""

from __future__ import annotations

import errno
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from companion.domain.errors import ValidationError
from companion.domain.events import Event
from companion.domain.interests import Interest
from companion.domain.people import Person, PromiseStatus
from companion.services.people.capture import (
    capture_encounter,
    event_for_capture,
    find_similar_people,
    parse_due,
)
from companion.storage.errors import StoreWriteError
from companion.storage.file_storage import AtomicStorage
from companion.storage.store import Store

TODAY = date(2026, 11, 25)  # a Wednesday
NOW = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)


def _reopened(folder: Path) -> Store:
    return Store.open(folder, read_only=True)


def test_capture_of_a_new_person_saves_person_encounter_and_promise_durably(
    core_store: Store, core_data_dir: Path
) -> None:
    # Given a store with one event
    event = Event(title="Go club", start=NOW - timedelta(hours=2), interests=("go",))
    core_store.events.put(event)
    # When Ada is captured with a note, an interest, an offer and a due date
    changes = capture_encounter(
        core_store,
        name="  Ada Lovelace ",
        note="Works on engines",
        interests=["Go", "Board games"],
        promised="Send the paper",
        due=date(2026, 11, 27),
        event_id=event.id,
        today=TODAY,
    )
    # Then everything is on disk (a fresh reader sees it) and the change set names it
    with _reopened(core_data_dir) as disk:
        [person] = disk.people.all()
        [encounter] = disk.encounters.all()
        [promise] = disk.promises.all()
        assert person.name == "Ada Lovelace"
        assert person.first_met == TODAY
        assert person.event_ids == (event.id,)
        assert set(person.interests) == {"go", "board-games"}
        # "Board games" is in the built-in catalogue: only the unknown "Go" became a new interest.
        assert {interest.slug for interest in disk.interests} == {"go"}
        assert (encounter.person_id, encounter.note, encounter.event_id) == (
            person.id,
            "Works on engines",
            event.id,
        )
        assert (promise.text, promise.due, promise.status) == (
            "Send the paper",
            date(2026, 11, 27),
            PromiseStatus.OPEN,
        )
    assert changes.added["people"] == {person.id}
    assert changes.added["encounters"] == {encounter.id}
    assert changes.added["offers"] == {promise.id}


def test_capture_for_an_existing_person_adds_to_them(core_store: Store) -> None:
    # Given Zoë, who likes chess
    core_store.interests.put(Interest(slug="chess", label="Chess"))
    zoe = Person(name="Zoë Ångström", interests=("chess",), first_met=date(2025, 1, 1))
    core_store.people.put(zoe)
    # When an encounter is captured for her, with a known interest typed in another case
    changes = capture_encounter(
        core_store, name="Zoe", interests=["CHESS", "Go"], existing_person_id=zoe.id, today=TODAY
    )
    # Then no second person exists, her record keeps its name and gained the new interest
    [person] = core_store.people.all()
    assert person.name == "Zoë Ångström"
    assert person.interests == ("chess", "go")
    assert person.first_met == date(2025, 1, 1)
    assert [encounter.person_id for encounter in core_store.encounters] == [zoe.id]
    assert changes.updated["people"] == {zoe.id}
    assert "people" not in changes.added
    assert not core_store.promises.all()


def test_capture_is_one_durable_write(core_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a store whose durable commits are counted
    commits: list[object] = []
    real_commit = AtomicStorage._commit

    def counting_commit(storage: AtomicStorage, operations: Any) -> None:
        commits.append(operations)
        real_commit(storage, operations)

    monkeypatch.setattr(AtomicStorage, "_commit", counting_commit)
    # When a capture with person, interest, encounter and offer is saved
    capture_encounter(core_store, name="Grace", interests=["Ships"], promised="Intro", today=TODAY)
    # Then all four records reached the disk in one commit
    assert len(commits) == 1
    assert len(core_store.people) == len(core_store.promises) == len(core_store.interests) == 1


def test_a_failed_write_leaves_nothing(core_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a full disk
    def failing_write(descriptor: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", failing_write)
    # When a capture is saved
    with pytest.raises(StoreWriteError) as raised:
        capture_encounter(core_store, name="Grace", promised="Intro", today=TODAY)
    monkeypatch.undo()
    # Then it says why and nothing at all was stored
    assert os.strerror(errno.ENOSPC) in str(raised.value)
    assert not core_store.people.all()
    assert not core_store.encounters.all()
    assert not core_store.promises.all()


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"name": "   "}, "name"),
        ({"name": "Ada", "event_id": "gone"}, "event"),
        ({"name": "Ada", "existing_person_id": "gone"}, "person"),
        ({"name": "Ada", "due": TODAY}, "promised"),
        ({"name": "Ada", "promised": "x" * 2001}, "text"),
    ],
)
def test_bad_captures_are_refused_with_a_message(
    core_store: Store, arguments: dict[str, object], field: str
) -> None:
    # When a capture is missing something or refers to something gone
    with pytest.raises(ValidationError) as raised:
        capture_encounter(core_store, today=TODAY, **arguments)  # type: ignore[arg-type]
    # Then the field is named, there is a message, and nothing was stored
    assert raised.value.field == field
    assert raised.value.message
    assert not core_store.people.all()


def test_long_notes_emoji_and_right_to_left_names_are_kept(core_store: Store) -> None:
    # When a capture has a 10,000-character note and an Arabic name with emoji
    capture_encounter(core_store, name="ليلى 🌙", note="n" * 10_000, today=TODAY)
    # Then both are stored as typed
    [person] = core_store.people.all()
    [encounter] = core_store.encounters.all()
    assert person.name == "ليلى 🌙"
    assert len(encounter.note) == 10_000


@pytest.mark.parametrize(
    ("typed", "stored", "found"),
    [
        ("Zoe", "Zoë Ångström", True),
        ("zoe angstrom", "Zoë Ångström", True),
        ("MULLER", "Jörg Müller", True),
        ("Bob", "Zoë Ångström", False),
        ("Z", "Zoë Ångström", False),
    ],
)
def test_similar_names_ignore_case_and_accents(
    core_store: Store, typed: str, stored: str, found: bool
) -> None:
    # Given a stored person
    core_store.people.put(Person(name=stored))
    # When a similar (or different) name is looked up
    similar = find_similar_people(core_store, typed)
    # Then the stored person is suggested only when the names are close
    assert [match.person.name for match in similar] == ([stored] if found else [])


def test_similar_names_are_best_first_and_limited(core_store: Store) -> None:
    # Given four Annas and a Bob
    for name in ("Anna Schmidt", "Anna", "Anna Weber", "Anna Kowalski", "Bob"):
        core_store.people.put(Person(name=name))
    # When "anna" is looked up
    similar = find_similar_people(core_store, "anna", limit=3)
    # Then three are suggested, the exact match first
    assert len(similar) == 3
    assert similar[0].person.name == "Anna"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("Fri", date(2026, 11, 27)),
        ("friday", date(2026, 11, 27)),
        ("Freitag", date(2026, 11, 27)),
        ("wed", date(2026, 12, 2)),  # said on a Wednesday: the next one
        ("next week", date(2026, 11, 30)),
        ("nächste Woche", date(2026, 11, 30)),
        ("in 3 days", date(2026, 11, 28)),
        ("in 3 Tagen", date(2026, 11, 28)),
        ("in a week", date(2026, 12, 2)),
        ("in 2 Wochen", date(2026, 12, 9)),
        ("tomorrow", date(2026, 11, 26)),
        ("übermorgen", date(2026, 11, 27)),
        ("next month", date(2026, 12, 25)),
        ("2027-01-15", date(2027, 1, 15)),
        ("15.1.", date(2027, 1, 15)),
        ("1.12.2026", date(2026, 12, 1)),
    ],
)
def test_due_dates_in_words(text: str, expected: date | None) -> None:
    # When a due date is typed the way people say it
    # Then it means the expected day, counted from today
    assert parse_due(text, TODAY) == expected


@pytest.mark.parametrize("text", ["someday", "32.1.", "2026-13-01", "in many days"])
def test_unknown_due_dates_are_refused_clearly(text: str) -> None:
    with pytest.raises(ValidationError) as raised:
        parse_due(text, TODAY)
    assert text in raised.value.message
    assert raised.value.field == "due"


def test_the_event_happening_now_or_just_ended_is_chosen() -> None:
    # Given an event that ended two hours ago, one happening now, and one last week
    ended = Event(title="Ended", start=NOW - timedelta(hours=4), end=NOW - timedelta(hours=2))
    now = Event(title="Now", start=NOW - timedelta(hours=1), end=NOW + timedelta(hours=1))
    old = Event(title="Old", start=NOW - timedelta(days=7))
    # Then the one happening now wins, else the one that just ended, else none
    assert event_for_capture([ended, now, old], NOW) is now
    assert event_for_capture([ended, old], NOW) is ended
    assert event_for_capture([old], NOW) is None
