"""Documents read from disk are frozen when first handed out, not when loaded.

A start that only reads fields of the big tables (Home: follow-ups, names, last contacts) never
copies their documents; whatever leaves the store, a document or a value in one, is frozen.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from companion.domain.people import Encounter, FollowUp, Person
from companion.storage.documents import FrozenDocument, FrozenList
from companion.storage.store import Store

PEOPLE = [
    Person(
        id=f"p{index}",
        name=f"Person {index}",
        emails=(f"p{index}@example.org",),
        follow_up=FollowUp(cadence_days=30) if index % 2 else None,
    )
    for index in range(20)
]
ENCOUNTERS = [
    Encounter(id=f"e{index}", person_id=f"p{index % 5}", on=date(2026, 1, 1 + index))
    for index in range(20)
]


@pytest.fixture
def reopened(tmp_path: Path) -> Iterator[Store]:
    """A store whose documents were written, then read back from disk."""
    folder = tmp_path / "data"
    with Store.open(folder) as store:
        store.people.put_many(PEOPLE)
        store.encounters.put_many(ENCOUNTERS)
    with Store.open(folder) as store:
        yield store


def _frozen_count(store: Store, table: str) -> int:
    # The storage's own view: which parsed documents have been replaced by frozen copies.
    raw = store._storage.raw_table(table)
    return sum(type(document) is FrozenDocument for document in raw.values())


def _nothing_changeable(value: Any) -> bool:
    if isinstance(value, dict):
        return type(value) is FrozenDocument and all(map(_nothing_changeable, value.values()))
    if isinstance(value, list):
        return type(value) is FrozenList and all(map(_nothing_changeable, value))
    return True


def test_reading_fields_copies_no_document(reopened: Store) -> None:
    # When Home's questions are asked of the tables read from disk
    follow_ups = reopened.people.set_values("follow_up")
    names = reopened.people.fields_of(["p1", "p2", "gone"], "name")
    emails = reopened.people.field_values("emails")
    latest = reopened.encounters.latest_text("person_id", "on")
    assert len(reopened.people) == 20 and "p3" in reopened.people
    # Then they are answered
    assert set(follow_ups) == {f"p{index}" for index in range(1, 20, 2)}
    assert names == {"p1": "Person 1", "p2": "Person 2"}
    assert latest["p0"] == "2026-01-16"
    # And the values handed out are frozen, while no document was copied to freeze it
    assert all(map(_nothing_changeable, follow_ups.values()))
    assert all(map(_nothing_changeable, emails.values()))
    assert _frozen_count(reopened, "people") == 0
    assert _frozen_count(reopened, "encounters") == 0


@pytest.mark.parametrize(
    "hand_out",
    [
        pytest.param(lambda store: list(store.table("people").values()), id="Store.table"),
        pytest.param(lambda store: list(store.people.documents().values()), id="documents"),
        pytest.param(lambda store: list(store.tables()["people"].values()), id="Store.tables"),
        pytest.param(lambda store: list(store._storage.read()["people"].values()), id="TinyDB"),
    ],
)
def test_a_table_handed_out_is_frozen_whole(reopened: Store, hand_out: Any) -> None:
    # When a table read from disk is handed out
    documents = hand_out(reopened)
    # Then every document in it is frozen, and stays frozen in the store
    assert len(documents) == 20
    assert all(map(_nothing_changeable, documents))
    assert _frozen_count(reopened, "people") == 20
    with pytest.raises(TypeError):
        documents[0]["name"] = "changed"


def test_one_record_freezes_its_document_only_and_keeps_it(reopened: Store) -> None:
    # When one person is read
    person = reopened.people.get("p3")
    assert person is not None and person.name == "Person 3"
    # Then only their document was frozen, in its place
    assert _frozen_count(reopened, "people") == 1
    document = reopened._storage.raw_table("people")["p3"]
    # And the whole table handed out later holds that same document (the decoded record
    # stays cached against it)
    assert reopened.table("people")["p3"] is document
    assert reopened.people.get("p3") is person


def test_read_all_reads_every_document_without_copying_one(reopened: Store) -> None:
    # When every person's document is read in one pass
    seen = {key: document["name"] for key, document in reopened.people.read_all()}
    # Then each was read, and none was copied to freeze it
    assert len(seen) == 20 and seen["p4"] == "Person 4"
    assert _frozen_count(reopened, "people") == 0
