"""Atomic writes: a failure at any step leaves the old file whole and no temp file behind."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from companion.domain.people import Person
from companion.storage.atomic import TEMP_MARKER, atomic_write_bytes, remove_orphan_temp_files
from companion.storage.errors import StoreWriteError
from companion.storage.store import Store

OLD = b'{"old": "content that must survive"}'
NEW = b'{"new": "' + b"x" * 100_000 + b'"}'


def _fail_after_half_a_write(real_write: Callable[[int, Any], int]) -> Callable[[int, Any], int]:
    """An ``os.write`` that writes part of the data once, then the disk is full."""
    calls = {"count": 0}

    def write(descriptor: int, data: Any) -> int:
        calls["count"] += 1
        if calls["count"] == 1:
            return real_write(descriptor, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, "No space left on device")

    return write


def _raise_os_error(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.EIO, "Input/output error")


def _temp_files(folder: Path) -> list[Path]:
    return [path for path in folder.iterdir() if TEMP_MARKER in path.name]


# (name, attribute of os to break, replacement factory)
FAILURES: list[tuple[str, Callable[[], Any]]] = [
    ("write", lambda: _fail_after_half_a_write(os.write)),
    ("fsync", lambda: _raise_os_error),
    ("replace", lambda: _raise_os_error),
]


@pytest.mark.parametrize(("step", "make_failure"), FAILURES, ids=[f[0] for f in FAILURES])
def test_failed_write_leaves_the_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str, make_failure: Callable[[], Any]
) -> None:
    # Given a file with old content
    target = tmp_path / "store.json"
    target.write_bytes(OLD)
    # When the write fails at this step
    monkeypatch.setattr(os, step, make_failure())
    with pytest.raises(OSError):
        atomic_write_bytes(target, NEW)
    monkeypatch.undo()
    # Then the old file is byte-identical and no temp file is left
    assert target.read_bytes() == OLD
    assert _temp_files(tmp_path) == []


def test_successful_write_replaces_the_content_with_a_private_file(tmp_path: Path) -> None:
    target = tmp_path / "store.json"
    target.write_bytes(OLD)
    atomic_write_bytes(target, NEW)
    assert target.read_bytes() == NEW
    assert _temp_files(tmp_path) == []
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600


def test_write_creates_a_missing_file(tmp_path: Path) -> None:
    target = tmp_path / "new.json"
    atomic_write_bytes(target, b"{}")
    assert target.read_bytes() == b"{}"


def test_write_of_empty_bytes_gives_an_empty_file(tmp_path: Path) -> None:
    target = tmp_path / "empty"
    target.write_bytes(OLD)
    atomic_write_bytes(target, b"")
    assert target.read_bytes() == b""


def test_orphan_temp_files_are_removed_and_others_kept(tmp_path: Path) -> None:
    # Given temp files a crash left behind, next to real files
    orphans = [
        tmp_path / f"store.json{TEMP_MARKER}1a2b3c4d",
        tmp_path / f"settings.json{TEMP_MARKER}x",
    ]
    for orphan in orphans:
        orphan.write_bytes(b"half")
    keep = [tmp_path / "store.json", tmp_path / "notes-tmp.txt"]
    for path in keep:
        path.write_bytes(OLD)
    # When the orphans are cleaned
    removed = remove_orphan_temp_files(tmp_path)
    # Then only the orphans are gone
    assert sorted(removed) == sorted(orphans)
    assert all(path.exists() for path in keep)
    assert _temp_files(tmp_path) == []


# --- Through the store ------------------------------------------------------------------------
# The store may make a change durable by appending to a journal or by rewriting the file; either
# way it goes through os.write and an fsync/fdatasync. Break those, whichever is used.


def _break_sync(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "fsync", _raise_os_error)
    if hasattr(os, "fdatasync"):
        monkeypatch.setattr(os, "fdatasync", _raise_os_error)


def _break_write(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "write", _fail_after_half_a_write(os.write))


STORE_FAILURES = {"write": _break_write, "sync": _break_sync}


def _folder_state(folder: Path) -> dict[str, bytes]:
    """Every file of the data folder and its bytes (the lock file holds nothing)."""
    return {
        path.name: path.read_bytes()
        for path in sorted(folder.iterdir())
        if path.is_file() and path.name != "store.lock"
    }


@pytest.mark.parametrize("step", list(STORE_FAILURES))
def test_failed_store_write_keeps_disk_and_memory_at_the_last_good_state(
    core_data_dir: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    # Given a store holding Ada
    with Store.open(core_data_dir) as store:
        ada = Person(name="Ada")
        store.people.put(ada)
        before = _folder_state(core_data_dir)
        # When adding Grace fails at this step of the write
        grace = Person(name="Grace")
        STORE_FAILURES[step](monkeypatch)
        with pytest.raises(StoreWriteError) as caught:
            store.people.put(grace)
        monkeypatch.undo()
        # Then the error says the previous data is intact, every file is byte-identical,
        # no temp file is left, and the failed change is not visible
        assert "Your previous data is intact" in str(caught.value)
        assert str(store.path) in str(caught.value)
        assert _folder_state(core_data_dir) == before
        assert _temp_files(core_data_dir) == []
        assert store.people.get(grace.id) is None
        assert [person.id for person in store.people] == [ada.id]
        # And a fresh reader sees the last good state
        with Store.open(core_data_dir, read_only=True) as reader:
            assert [person.name for person in reader.people] == ["Ada"]
        # And the next write works and does not resurrect the failed change
        store.people.put(Person(name="Linus"))
    with Store.open(core_data_dir, read_only=True) as reopened:
        assert {person.name for person in reopened.people} == {"Ada", "Linus"}


@pytest.mark.parametrize("step", list(STORE_FAILURES))
def test_failed_replace_keeps_the_old_version_visible(
    core_data_dir: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    # Given a stored person that has been read once (so it is cached)
    with Store.open(core_data_dir) as store:
        ada = Person(name="Ada")
        store.people.put(ada)
        assert store.people.get(ada.id) == ada
        # When renaming her fails on disk
        STORE_FAILURES[step](monkeypatch)
        with pytest.raises(StoreWriteError):
            store.people.put(Person(name="Ada Lovelace", id=ada.id))
        monkeypatch.undo()
        # Then the old name is what the repository returns
        assert store.people.get(ada.id) == ada
        assert list(store.people) == [ada]


@pytest.mark.parametrize("step", list(STORE_FAILURES))
def test_failed_remove_keeps_the_record(
    core_data_dir: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    with Store.open(core_data_dir) as store:
        ada = Person(name="Ada")
        store.people.put(ada)
        before = _folder_state(core_data_dir)
        STORE_FAILURES[step](monkeypatch)
        with pytest.raises(StoreWriteError):
            store.people.remove(ada.id)
        monkeypatch.undo()
        assert store.people.get(ada.id) == ada
        assert len(store.people) == 1
        assert _folder_state(core_data_dir) == before


@pytest.mark.parametrize("step", ["replace", *STORE_FAILURES])
def test_failed_migration_write_leaves_the_old_store(
    core_data_dir: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    # Given a version-1 store (migrating it rewrites the whole file)
    core_data_dir.mkdir()
    store_file = core_data_dir / "store.json"
    store_file.write_bytes(b'{"people": {"p1": {"id": "p1", "name": "Ada", "email": "a@b.c"}}}')
    before = _folder_state(core_data_dir)
    # When writing the migrated store fails
    if step == "replace":
        monkeypatch.setattr(os, "replace", _raise_os_error)
    else:
        STORE_FAILURES[step](monkeypatch)
    with pytest.raises(StoreWriteError):
        Store.open(core_data_dir)
    monkeypatch.undo()
    # Then the old store is untouched and opens fine afterwards
    assert _folder_state(core_data_dir) == before
    assert _temp_files(core_data_dir) == []
    with Store.open(core_data_dir) as store:
        person = store.people.get("p1")
        assert person is not None
        assert person.emails == ("a@b.c",)
