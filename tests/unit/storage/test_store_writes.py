"""The write path: nested batches, documents that cannot change in place, no table rebuilds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
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


def _handed_out(store: Store, key: str) -> list[tuple[str, Any]]:
    """The document ``key`` of people as each reading path of the store hands it out."""
    return [
        ("table()", store.table("people")[key]),
        ("tables()", store.tables()["people"][key]),
        ("record_tables()", store.record_tables()["people"][key]),
        ("TinyDB read()", store._storage.read()["people"][key]),  # type: ignore[index]
    ]


def _assert_refuses_changes(what: str, document: Any) -> None:
    with pytest.raises(TypeError, match="never changed in place"):
        document["name"] = "Eve"
    with pytest.raises(TypeError, match="never changed in place"):
        document.pop("name")
    with pytest.raises(TypeError, match="never changed in place"):
        document["emails"].append("eve@example.org")
    with pytest.raises(TypeError, match="never changed in place"):
        document["tags"].append("x")
    assert document["name"] != "Eve", what


def test_documents_read_from_disk_refuse_changes_in_place(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    # Given a person folded into the store file, and one only in the journal beside it
    with Store.open(folder) as store:
        store.people.put(Person(id="a", name="Ada", emails=("ada@example.org",), tags=("t",)))
    writer = Store.open(folder)
    writer.people.put(Person(id="b", name="Bea", emails=("bea@example.org",), tags=("t",)))
    # When the data is read from disk again (a reader replays the journal; no compaction)
    with Store.open(folder, read_only=True) as store:
        # Then every document it hands out, by every reading path, refuses changes in place
        for key in ("a", "b"):
            for what, document in _handed_out(store, key):
                _assert_refuses_changes(f"{key} from {what}", document)
        emails = store.people.field_values("emails")
        with pytest.raises(TypeError, match="never changed in place"):
            emails["a"].append("eve@example.org")
        # (a field left out of the document, as its default is, reads as a read-only default)
        phones = store.people.field_values("phones")
        assert phones["a"] == []
        with pytest.raises(TypeError, match="never changed in place"):
            phones["a"].append("+49 30 1234567")
        # And the records read from them are intact
        assert store.people.get("a").emails == ("ada@example.org",)  # type: ignore[union-attr]
    writer.close()
    # And so does a writer's store once it reopened the file it compacted
    with Store.open(folder) as store:
        _assert_refuses_changes("reopened", store.table("people")["b"])


def test_documents_of_an_older_store_refuse_changes_once_migrated(tmp_path: Path) -> None:
    # Given a store written by the first version (one email per person, no schema version)
    folder = tmp_path / "data"
    folder.mkdir()
    old = {
        "people": {"a": {"id": "a", "name": "Ada", "email": "ada@example.org", "tags": ["friend"]}}
    }
    (folder / "store.json").write_bytes(orjson.dumps(old))
    # When it is opened (migrated in memory by a reader)
    with Store.open(folder, read_only=True) as store:
        # Then its migrated documents refuse changes in place too
        _assert_refuses_changes("migrated", store.table("people")["a"])
        assert store.people.get("a").emails == ("ada@example.org",)  # type: ignore[union-attr]


def test_a_restored_snapshot_refuses_changes_in_place(tmp_path: Path) -> None:
    with Store.open(tmp_path / "data") as store:
        # Given tables from somewhere else (a backup being restored), as plain dicts
        store.people.put(Person(id="a", name="Ada"))
        tables = {name: dict(table) for name, table in store.tables().items()}
        tables["people"] = {
            "b": {"id": "b", "name": "Bea", "emails": ["b@x.org"], "tags": ["friend"]}
        }
        # When they replace everything
        store.replace_everything(tables)
        # Then what the store holds refuses changes, and the caller's dicts stay its own
        _assert_refuses_changes("restored", store.table("people")["b"])
        tables["people"]["b"]["name"] = "Still mine"
        assert store.people.get("b").name == "Bea"  # type: ignore[union-attr]
