"""Opening the store: private files, batches, damaged or newer files, and the repositories."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from companion.domain.interests import Interest
from companion.domain.people import Person
from companion.domain.profile import OfferItem, OfferKind, Profile
from companion.storage.atomic import TEMP_MARKER
from companion.storage.errors import (
    StoreCorruptError,
    StoreReadOnlyError,
    StoreTooNewError,
)
from companion.storage.lock import StoreLock
from companion.storage.migrations import SCHEMA_VERSION
from companion.storage.store import Store
from companion.storage.table_layout import decode_tables

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


# --- Files and folders ------------------------------------------------------------------------


def test_new_store_is_created_with_the_current_schema(core_data_dir: Path) -> None:
    # Given no data folder / When the store is opened for writing
    with Store.open(core_data_dir) as store:
        path = store.path
    # Then a store file exists that records the current schema version
    tables = decode_tables(path.read_bytes())
    assert tables["_meta"]["schema"] == {"schema_version": SCHEMA_VERSION}


@posix_only
def test_data_folder_and_files_are_private(core_data_dir: Path) -> None:
    with Store.open(core_data_dir) as store:
        store.people.put(Person(name="Ada"))
        assert _mode(core_data_dir) == 0o700
        assert _mode(store.path) == 0o600
        assert _mode(core_data_dir / "store.lock") == 0o600


@posix_only
def test_an_existing_open_folder_is_made_private(core_data_dir: Path) -> None:
    core_data_dir.mkdir(mode=0o755)
    core_data_dir.chmod(0o755)
    Store.open(core_data_dir).close()
    assert _mode(core_data_dir) == 0o700


def test_orphan_temp_files_are_removed_when_opening_for_writing(core_data_dir: Path) -> None:
    # Given a store and a temp file a crash left behind
    Store.open(core_data_dir).close()
    orphan = core_data_dir / f"store.json{TEMP_MARKER}deadbeef"
    orphan.write_bytes(b'{"half": ')
    # When the store is opened for writing
    with Store.open(core_data_dir):
        # Then the orphan is gone
        assert not orphan.exists()


def test_read_only_open_leaves_temp_files_alone(core_data_dir: Path) -> None:
    # A reader holds no lock, so the temp file may belong to a live writer.
    Store.open(core_data_dir).close()
    temp = core_data_dir / f"store.json{TEMP_MARKER}0badf00d"
    temp.write_bytes(b"{")
    with Store.open(core_data_dir, read_only=True):
        assert temp.exists()


def test_read_only_open_of_a_missing_store_creates_nothing(core_data_dir: Path) -> None:
    with Store.open(core_data_dir, read_only=True) as store:
        assert len(store.people) == 0
        assert store.read_only
    assert not core_data_dir.exists()


def test_records_survive_closing_and_reopening(
    core_filled_store: Store, core_records: dict[str, Any]
) -> None:
    # Given a store filled with one record of every type, closed
    folder = core_filled_store.folder
    core_filled_store.close()
    # When it is opened again
    with Store.open(folder) as store:
        # Then every record reads back equal
        for table in ("people", "events", "encounters", "offers", "openers", "interests"):
            repository = getattr(store, {"offers": "promises"}.get(table, table))
            stored = {repository.key_of(record): record for record in repository}
            expected = {repository.key_of(record): record for record in core_records[table]}
            assert stored == expected, table
        assert store.profile.get() == core_records["profile"]


# --- Batches ----------------------------------------------------------------------------------


def _count_syncs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record every fsync/fdatasync: each durable commit needs at least one."""
    syncs: list[int] = []
    for name in ("fsync", "fdatasync"):
        real = getattr(os, name, None)
        if real is None:
            continue

        def counting(descriptor: int, _real: Any = real) -> None:
            syncs.append(descriptor)
            _real(descriptor)

        monkeypatch.setattr(os, name, counting)
    return syncs


def _names_on_disk(folder: Path) -> set[str]:
    with Store.open(folder, read_only=True) as reader:
        return {person.name for person in reader.people}


def test_batch_lands_all_at_once(core_store: Store) -> None:
    # Given a store holding Ada
    core_store.people.put(Person(name="Ada"))
    # When a batch adds several people
    with core_store.batch():
        core_store.people.put(Person(name="Grace"))
        core_store.people.put(Person(name="Linus"))
        # Then, inside the batch, the disk still shows none of them
        assert _names_on_disk(core_store.folder) == {"Ada"}
    # And after it, all of them
    assert _names_on_disk(core_store.folder) == {"Ada", "Grace", "Linus"}


def test_batch_is_one_durable_write_not_one_per_record(
    core_store: Store,
    monkeypatch: pytest.MonkeyPatch,
    core_records: dict[str, Any],
    core_fill: Callable[[Store, dict[str, Any]], None],
) -> None:
    # Given a sync counter
    syncs = _count_syncs(monkeypatch)
    # When 14 records of every type are stored in one batch
    core_fill(core_store, core_records)
    # Then the disk was synced for one write (a file and its folder at most), not per record
    assert 1 <= len(syncs) <= 3


def test_each_put_outside_a_batch_is_durable_on_return(
    core_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    syncs = _count_syncs(monkeypatch)
    core_store.people.put(Person(name="Ada"))
    after_first = len(syncs)
    core_store.people.put(Person(name="Grace"))
    assert after_first >= 1
    assert len(syncs) > after_first
    assert _names_on_disk(core_store.folder) == {"Ada", "Grace"}


def test_exception_in_a_batch_rolls_everything_back(core_store: Store) -> None:
    # Given a store holding Ada
    ada = Person(name="Ada")
    core_store.people.put(ada)
    before = core_store.path.read_bytes()
    # When a batch adds Grace, renames Ada, sets the profile, then fails
    grace = Person(name="Grace")
    with pytest.raises(RuntimeError, match="boom"), core_store.batch():
        core_store.people.put(grace)
        core_store.people.put(Person(name="Ada L.", id=ada.id))
        core_store.profile.put(Profile(interests=("go",)))
        assert core_store.people.get(grace.id) == grace
        raise RuntimeError("boom")
    # Then neither memory nor disk shows any of it
    assert core_store.path.read_bytes() == before
    assert _names_on_disk(core_store.folder) == {"Ada"}
    assert core_store.people.get(grace.id) is None
    assert core_store.people.get(ada.id) == ada
    assert core_store.profile.get() == Profile()


def test_nested_batches_persist_at_the_outermost_end(core_store: Store) -> None:
    with core_store.batch():
        with core_store.batch():
            core_store.people.put(Person(name="Ada"))
        assert _names_on_disk(core_store.folder) == set()
        core_store.people.put(Person(name="Grace"))
    assert _names_on_disk(core_store.folder) == {"Ada", "Grace"}


def test_empty_batch_writes_nothing(core_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    syncs = _count_syncs(monkeypatch)
    with core_store.batch():
        pass
    assert syncs == []


# --- Damaged and newer files ------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"   \n",
        b"{not json",
        b'{"people": {"a": {"name": "Ada"}',
        b"[]",
        b'"text"',
        b'{"people": []}',
        b"\x00\x01\x02\xff" * 50,
        b"\xef\xbb\xbf{}",
    ],
    ids=["empty", "blank", "junk", "truncated", "list", "string", "table-list", "binary", "bom"],
)
def test_damaged_store_is_refused_and_left_untouched(core_data_dir: Path, content: bytes) -> None:
    # Given a store file that is not a valid store
    core_data_dir.mkdir()
    store_file = core_data_dir / "store.json"
    store_file.write_bytes(content)
    # When it is opened for writing
    with pytest.raises(StoreCorruptError) as caught:
        Store.open(core_data_dir)
    # Then the message names the file and says it was not changed, the bytes are the same,
    # and the lock was released again
    assert str(store_file) in str(caught.value)
    assert "It has not been changed." in str(caught.value)
    assert store_file.read_bytes() == content
    with StoreLock(core_data_dir):
        pass


def test_damaged_store_is_refused_read_only_too(core_data_dir: Path) -> None:
    core_data_dir.mkdir()
    (core_data_dir / "store.json").write_bytes(b"{oops")
    with pytest.raises(StoreCorruptError):
        Store.open(core_data_dir, read_only=True)


def test_store_from_a_newer_app_is_refused(core_data_dir: Path) -> None:
    # Given a store whose schema version is ahead of this app
    core_data_dir.mkdir()
    store_file = core_data_dir / "store.json"
    content = orjson.dumps(
        {"_meta": {"schema": {"schema_version": SCHEMA_VERSION + 1}}, "people": {}}
    )
    store_file.write_bytes(content)
    # When it is opened
    with pytest.raises(StoreTooNewError) as caught:
        Store.open(core_data_dir)
    # Then the message asks for an update and the file is untouched
    assert "newer Common Ground" in str(caught.value)
    assert f"format {SCHEMA_VERSION + 1}" in str(caught.value)
    assert store_file.read_bytes() == content
    with StoreLock(core_data_dir):
        pass


# --- Read-only stores -------------------------------------------------------------------------


def test_read_only_store_cannot_write(core_store: Store) -> None:
    # Given a store with Ada, and a reader on the same folder
    core_store.people.put(Person(name="Ada"))
    before = core_store.path.read_bytes()
    with Store.open(core_store.folder, read_only=True) as reader:
        # When the reader tries to add someone
        with pytest.raises(StoreReadOnlyError):
            reader.people.put(Person(name="Grace"))
        # Then nothing changed, on disk or in the reader
        assert [person.name for person in reader.people] == ["Ada"]
    assert core_store.path.read_bytes() == before


# --- Repositories -----------------------------------------------------------------------------


def test_repository_put_get_len_contains_iterate(core_store: Store) -> None:
    ada, grace = Person(name="Ada"), Person(name="Grace")
    assert core_store.people.put(ada) is True
    assert core_store.people.put(grace) is True
    assert len(core_store.people) == 2
    assert ada.id in core_store.people
    assert "nobody" not in core_store.people
    assert core_store.people.get(ada.id) == ada
    assert core_store.people.get("nobody") is None
    assert {person.id for person in core_store.people} == {ada.id, grace.id}
    assert sorted(core_store.people.all(), key=lambda p: p.name) == [ada, grace]


def test_repository_replacing_a_record_keeps_one_copy(core_store: Store) -> None:
    # Given Ada, read once so the decoded record is cached
    ada = Person(name="Ada")
    core_store.people.put(ada)
    assert core_store.people.get(ada.id) == ada
    assert list(core_store.people) == [ada]
    # When she is replaced by a changed record with the same id
    renamed = Person(name="Ada Lovelace", id=ada.id, notes="Wrote the first program")
    was_new = core_store.people.put(renamed)
    # Then it was not new, there is still one, and no read returns the stale one
    assert was_new is False
    assert len(core_store.people) == 1
    assert core_store.people.get(ada.id) == renamed
    assert list(core_store.people) == [renamed]
    with Store.open(core_store.folder, read_only=True) as reader:
        assert reader.people.get(ada.id) == renamed


def test_repeated_replaces_never_serve_stale_records(core_store: Store) -> None:
    person = Person(name="Version 0")
    core_store.people.put(person)
    for version in range(1, 6):
        changed = Person(name=f"Version {version}", id=person.id)
        core_store.people.put(changed)
        assert core_store.people.get(person.id) == changed


def test_repository_remove(core_store: Store) -> None:
    ada = Person(name="Ada")
    core_store.people.put(ada)
    assert core_store.people.remove(ada.id) == ada
    assert core_store.people.get(ada.id) is None
    assert len(core_store.people) == 0
    assert core_store.people.remove(ada.id) is None
    with Store.open(core_store.folder, read_only=True) as reader:
        assert len(reader.people) == 0


def test_repository_put_many(core_store: Store) -> None:
    people = [Person(name=f"Person {index}") for index in range(20)]
    core_store.people.put_many(people)
    assert len(core_store.people) == 20


def test_interests_are_keyed_by_slug(core_store: Store) -> None:
    core_store.interests.put(Interest(slug="go", label="Go"))
    core_store.interests.put(Interest(slug="go", label="Go (the game)"))
    assert len(core_store.interests) == 1
    stored = core_store.interests.get("go")
    assert stored is not None
    assert stored.label == "Go (the game)"


def test_tables_are_independent(core_store: Store) -> None:
    ada = Person(name="Ada")
    core_store.people.put(ada)
    assert len(core_store.events) == 0
    assert core_store.events.get(ada.id) is None


def test_profile_defaults_then_round_trips(core_store: Store) -> None:
    # Given a new store / Then the profile is empty
    assert core_store.profile.get() == Profile()
    # When a profile is saved and then replaced
    first = Profile(interests=("go",))
    second = Profile(
        interests=("climbing",), offers=(OfferItem(kind=OfferKind.TIME, text="An hour a week"),)
    )
    core_store.profile.put(first)
    core_store.profile.put(second)
    # Then the latest one is read, and only one is stored
    assert core_store.profile.get() == second
    assert list(core_store.record_tables()["profile"]) == ["me"]


def test_record_tables_hide_bookkeeping(core_store: Store) -> None:
    core_store.people.put(Person(name="Ada"))
    assert "_meta" in core_store.tables()
    assert "_meta" not in core_store.record_tables()
    assert "people" in core_store.record_tables()


@pytest.mark.parametrize(
    "content",
    [
        b'{"_meta": {"schema": {"schema_version": 0}}, "people": {}}',
        b'{"_meta": {"schema": {"schema_version": -3}}}',
        b'{"people": {"p1": ["not", "an", "object"]}}',
    ],
    ids=["version-0", "negative-version", "v1-document-not-object"],
)
def test_store_with_impossible_contents_is_reported_as_damaged(
    core_data_dir: Path, content: bytes
) -> None:
    core_data_dir.mkdir()
    store_file = core_data_dir / "store.json"
    store_file.write_bytes(content)
    with pytest.raises(StoreCorruptError):
        Store.open(core_data_dir)
    assert store_file.read_bytes() == content
