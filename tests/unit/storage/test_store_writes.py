"""The write path: nested batches, documents that cannot change in place, no table rebuilds."""

from __future__ import annotations

from pathlib import Path

import pytest
from tinydb.table import Document

from companion.domain.people import Person
from companion.storage.file_storage import AtomicStorage
from companion.storage.store import Store


def _ids(store: Store) -> set[str]:
    return {person.id for person in store.people}


def _on_disk(folder: Path) -> set[str]:
    with Store.open(folder, read_only=True) as store:
        return _ids(store)


def test_a_failed_inner_batch_that_is_caught_does_not_commit(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    with Store.open(folder) as store:
        # Given an outer batch whose inner batch fails and is caught
        with store.batch():
            store.people.put(Person(id="a", name="Ada"))
            try:
                with store.batch():
                    store.people.put(Person(id="b", name="Bea"))
                    store.people.remove("a")
                    raise ValueError("the inner step failed")
            except ValueError:
                pass
            store.people.put(Person(id="c", name="Cy"))
        # Then the inner batch's changes are gone, the rest landed
        assert _ids(store) == {"a", "c"}
        assert _on_disk(folder) == {"a", "c"}


def test_inner_batches_roll_back_with_their_parent(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    with Store.open(folder) as store:
        store.people.put(Person(id="a", name="Ada"))
        with pytest.raises(ValueError), store.batch():
            with store.batch():
                store.people.put(Person(id="b", name="Bea"))
                store.people.put(Person(id="a", name="Changed"))
            raise ValueError("the outer step failed")
        assert _ids(store) == {"a"}
        assert store.people.get("a").name == "Ada"  # type: ignore[union-attr]
    assert _on_disk(folder) == {"a"}


def test_a_whole_store_rewrite_is_refused_inside_a_batch(tmp_path: Path) -> None:
    with Store.open(tmp_path / "data") as store, store.batch():
        store.people.put(Person(id="a", name="Ada"))
        with pytest.raises(RuntimeError):
            store.compact()


def test_stored_documents_cannot_be_changed_in_place(tmp_path: Path) -> None:
    with Store.open(tmp_path / "data") as store:
        store.people.put(Person(id="a", name="Ada", emails=("ada@example.org",)))
        document = store.tables()["people"]["a"]
        with pytest.raises(TypeError, match="never changed in place"):
            document["name"] = "Eve"
        with pytest.raises(TypeError, match="never changed in place"):
            document["emails"].append("eve@example.org")
        # A copy is an ordinary dict to build a new document from
        copy = dict(document)
        copy["name"] = "Eve"
        assert store.people.get("a").name == "Ada"  # type: ignore[union-attr]


def test_a_put_does_not_rebuild_any_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a store with many people
    with Store.open(tmp_path / "data") as store:
        store.people.put_many([Person(id=f"p{n}", name=f"Person {n}") for n in range(2000)])
        # When one person is put and one removed, TinyDB's read-all / write-all path is not used
        calls: list[str] = []
        monkeypatch.setattr(AtomicStorage, "read", lambda self: calls.append("read"))
        monkeypatch.setattr(AtomicStorage, "write", lambda self, data: calls.append("write"))
        store.people.put(Person(id="p7", name="Changed"))
        store.people.put(Person(id="new", name="New"))
        store.people.remove("p8")
        assert calls == []
        assert len(store.people) == 2000


def test_tinydb_writes_still_reach_the_journal(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    with Store.open(folder) as store:
        table = store._db.table("people")
        table.insert(Document({"id": "t", "name": "Through TinyDB"}, doc_id="t"))  # type: ignore[arg-type]
        table.insert(Document({"id": "u", "name": "Removed"}, doc_id="u"))  # type: ignore[arg-type]
        table.remove(doc_ids=["u"])  # type: ignore[list-item]
        assert _ids(store) == {"t"}
    assert _on_disk(folder) == {"t"}
