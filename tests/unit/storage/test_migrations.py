"""Schema migrations: a version-1 store is brought forward, on disk only by a writer."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import orjson
import pytest

from companion.domain.people import Person
from companion.storage.errors import StoreReadOnlyError
from companion.storage.lock import StoreLock
from companion.storage.migrations import SCHEMA_VERSION, migrate, schema_version
from companion.storage.store import Store
from companion.storage.table_layout import decode_tables

FIXTURES = Path(__file__).parents[1] / "fixtures"
ADA = "5b0c7e0f7a3e4d7c9f0d1a2b3c4d5e6f"
GRACE = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
LINUS = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"


def _install(fixture: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "store.json"
    shutil.copyfile(FIXTURES / fixture, target)
    return target


def _on_disk(path: Path) -> dict[str, Any]:
    tables: dict[str, Any] = decode_tables(path.read_bytes())
    return tables


def test_the_current_schema_is_version_3() -> None:
    # If this changes, add a migration step, a fixture of the old shape and a test here.
    assert SCHEMA_VERSION == 3


def test_version_2_documents_are_version_3_unchanged() -> None:
    # Given a version-2 store (every field written)
    tables = {
        "_meta": {"schema": {"schema_version": 2}},
        "offers": {"1": {"id": "p1", "text": "Intro to Ana", "done": False, "due": None}},
    }
    # When it is brought forward
    migrated = migrate(tables)
    # Then only the version moved: a full document is a valid short-form one
    assert migrated["offers"] == tables["offers"]
    assert schema_version(migrated) == 3


def test_version_1_store_is_migrated_on_disk(core_data_dir: Path) -> None:
    # Given a version-1 store with single email/phone fields
    store_file = _install("store-v1.json", core_data_dir)
    # When it is opened for writing
    with Store.open(core_data_dir) as store:
        # Then its people read with email lists
        ada = store.people.get(ADA)
        grace = store.people.get(GRACE)
        assert ada is not None and grace is not None
        assert ada.emails == ("ada@example.org",)
        assert ada.phones == ("+44 20 7946 0000",)
        assert ada.interests == ("mathematics", "board-games")
        assert grace.emails == ()
        assert grace.phones == ()
        event = store.events.all()[0]
        assert event.title == "Board game night"
    # And the file on disk is now version 2, in the new shape
    tables = _on_disk(store_file)
    assert tables["_meta"]["schema"]["schema_version"] == SCHEMA_VERSION
    ada_document = tables["people"][ADA]
    assert ada_document["emails"] == ["ada@example.org"]
    assert "email" not in ada_document
    assert "phone" not in ada_document


def test_store_without_meta_is_treated_as_version_1(core_data_dir: Path) -> None:
    # Given a store without any _meta table (the very first format)
    store_file = _install("store-v1-no-meta.json", core_data_dir)
    # When it is opened for writing
    with Store.open(core_data_dir) as store:
        linus = store.people.get(LINUS)
        assert linus is not None
        # Then the email became a list and the blank phone was dropped
        assert linus.emails == ("linus@example.org",)
        assert linus.phones == ()
    assert _on_disk(store_file)["_meta"]["schema"]["schema_version"] == SCHEMA_VERSION


def test_migrated_store_accepts_new_records(core_data_dir: Path) -> None:
    _install("store-v1.json", core_data_dir)
    with Store.open(core_data_dir) as store:
        store.people.put(Person(name="Katherine", emails=("k@example.org", "kj@example.org")))
    with Store.open(core_data_dir, read_only=True) as reader:
        assert len(reader.people) == 3


def test_read_only_open_migrates_in_memory_only(core_data_dir: Path) -> None:
    # Given a version-1 store
    store_file = _install("store-v1.json", core_data_dir)
    before = store_file.read_bytes()
    # When it is opened read-only
    with Store.open(core_data_dir, read_only=True) as reader:
        # Then the records read in the new shape
        ada = reader.people.get(ADA)
        assert ada is not None
        assert ada.emails == ("ada@example.org",)
    # And the file is unchanged
    assert store_file.read_bytes() == before


def test_refused_write_keeps_a_read_only_migration(core_data_dir: Path) -> None:
    # Given a version-1 store opened read-only (so migrated in memory)
    _install("store-v1.json", core_data_dir)
    with Store.open(core_data_dir, read_only=True) as reader:
        # When a write is attempted and refused
        with pytest.raises(StoreReadOnlyError):
            reader.people.put(Person(name="Intruder"))
        # Then the records still read in the migrated shape
        ada = reader.people.get(ADA)
        assert ada is not None
        assert ada.emails == ("ada@example.org",)


def test_before_migration_is_called_with_the_old_version_before_writing(
    core_data_dir: Path,
) -> None:
    # Given a version-1 store and a callback that records what it sees on disk
    store_file = _install("store-v1.json", core_data_dir)
    original = store_file.read_bytes()
    calls: list[tuple[Path, int, bytes]] = []

    def before_migration(path: Path, version: int) -> None:
        calls.append((path, version, path.read_bytes()))

    # When the store is opened for writing
    Store.open(core_data_dir, before_migration=before_migration).close()
    # Then the callback ran once, with version 1, while the file was still the old one
    assert calls == [(store_file, 1, original)]


def test_before_migration_is_not_called_for_a_current_store(core_data_dir: Path) -> None:
    Store.open(core_data_dir).close()
    calls: list[int] = []
    Store.open(core_data_dir, before_migration=lambda _path, version: calls.append(version)).close()
    assert calls == []


def test_before_migration_is_not_called_read_only(core_data_dir: Path) -> None:
    _install("store-v1.json", core_data_dir)
    calls: list[int] = []
    with Store.open(
        core_data_dir, read_only=True, before_migration=lambda _p, version: calls.append(version)
    ):
        pass
    assert calls == []


def test_failing_before_migration_leaves_the_store_untouched(core_data_dir: Path) -> None:
    # Given a version-1 store and a callback that fails (e.g. the safety copy cannot be written)
    store_file = _install("store-v1.json", core_data_dir)
    before = store_file.read_bytes()

    def failing(_path: Path, _version: int) -> None:
        raise OSError("disk full")

    # When the store is opened / Then the error comes through, nothing changed, lock released
    with pytest.raises(OSError, match="disk full"):
        Store.open(core_data_dir, before_migration=failing)
    assert store_file.read_bytes() == before
    with StoreLock(core_data_dir):
        pass


def test_migrate_does_not_change_its_input() -> None:
    tables = orjson.loads((FIXTURES / "store-v1.json").read_bytes())
    snapshot = orjson.dumps(tables)
    migrated = migrate(tables)
    assert orjson.dumps(tables) == snapshot
    assert schema_version(migrated) == SCHEMA_VERSION
    assert schema_version(tables) == 1


def test_migrate_of_a_current_store_changes_nothing() -> None:
    tables: dict[str, dict[str, Any]] = {
        "_meta": {"schema": {"schema_version": SCHEMA_VERSION}},
        "people": {"p": {"id": "p", "name": "Ada", "emails": ["a@b.c"]}},
    }
    assert migrate(tables) == tables


@pytest.mark.parametrize(
    ("meta", "version"),
    [
        ({}, 1),
        ({"schema": {}}, 1),
        ({"schema": "2"}, 1),
        ({"schema": {"schema_version": "2"}}, 1),
        ({"schema": {"schema_version": 2}}, 2),
    ],
)
def test_schema_version_reading(meta: dict[str, Any], version: int) -> None:
    assert schema_version({"_meta": meta}) == version
