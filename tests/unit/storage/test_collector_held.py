"""The window's store is loaded without the cyclic collector walking its documents meanwhile,
and then set apart from its walks for good; other opens leave the collector as it was."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from companion.domain.people import Person
from companion.storage.documents import collector_held
from companion.storage.store import Store


@pytest.fixture
def unfrozen() -> Iterator[None]:
    # gc.freeze is process-wide: whatever a test set apart is handed back to the collector.
    yield
    gc.unfreeze()


def _filled(folder: Path) -> Path:
    with Store.open(folder) as store:
        # With an address each: a document holding a list is one the collector would walk
        # (a dict of plain strings is not tracked at all).
        store.people.put_many(
            [
                Person(name=f"Person {index}", emails=(f"p{index}@example.org",))
                for index in range(50)
            ]
        )
    return folder


def test_a_lasting_open_sets_the_documents_apart_and_turns_the_collector_back_on(
    tmp_path: Path, unfrozen: None
) -> None:
    # Given a store with people, and the collector running
    folder = _filled(tmp_path / "data")
    gc.unfreeze()
    assert gc.isenabled()
    # When the window opens it (lasting)
    with Store.open(folder, lasting=True) as store:
        # Then its documents are out of the collector's generations, and it runs again
        assert len(store.people) == 50
        assert gc.get_freeze_count() > 0
        documents = list(store.table("people").values())
        assert all(gc.is_tracked(document) for document in documents)
        stored = set(map(id, documents))
        assert not any(id(candidate) in stored for candidate in gc.get_objects())
        assert gc.isenabled()


def test_other_opens_leave_the_collector_as_it_was(tmp_path: Path, unfrozen: None) -> None:
    # Given a store, nothing set apart, and the collector switched off by someone else
    folder = _filled(tmp_path / "data")
    gc.unfreeze()
    gc.disable()
    try:
        # When a command opens it
        with Store.open(folder, read_only=True) as store:
            assert len(store.people) == 50
        # Then nothing is set apart and the collector is still off
        assert gc.get_freeze_count() == 0
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_failure_inside_turns_the_collector_back_on() -> None:
    # Given the collector running
    assert gc.isenabled()
    # When what is made while it is held off fails
    with pytest.raises(ValueError), collector_held():
        assert not gc.isenabled()
        raise ValueError("damaged")
    # Then it runs again
    assert gc.isenabled()
