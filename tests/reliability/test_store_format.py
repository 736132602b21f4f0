"""Stores written by older versions, restores that survive crashes, and tidy backups."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from companion import paths
from companion.domain.people import Person
from companion.storage import backups as backups_module
from companion.storage import file_storage, keys
from companion.storage.backups import KEEP_OTHER, Backups, SnapshotReason
from companion.storage.encryption import LEGACY_MAGIC, MAGIC, AesGcmCipher, new_data_key, new_key_id
from companion.storage.journal import LEGACY_MAGIC as LEGACY_JOURNAL
from companion.storage.journal import MAGIC as JOURNAL_MAGIC
from companion.storage.journal import journal_path
from companion.storage.store import Store
from companion.storage.vault import open_store

FIXTURE = Path(__file__).parents[1] / "fixtures" / "legacy_store_v1"
PASSPHRASE = "correct horse battery staple"
CIPHER = AesGcmCipher(new_data_key(), new_key_id())


class Crash(BaseException):
    """The process dies here."""


def _ask(prompt: keys.PassphrasePrompt) -> str:
    return PASSPHRASE


def _names(store: Store) -> set[str]:
    return {person.id for person in store.people}


def _kill(store: Store) -> None:
    journal = store._storage._journal
    if journal is not None:
        journal.close()
    assert store._lock is not None
    store._lock.release()


# -- a store written by the previous format ---------------------------------------------------


@pytest.fixture
def legacy_folder(tmp_path: Path) -> Path:
    """A copy of a folder written by the app before bindings (store, journal, backup, keys
    with Scrypt N=2^15), with two changes left in its journal by a crash."""
    folder = tmp_path / "data"
    shutil.copytree(FIXTURE, folder)
    return folder


def test_a_store_of_the_previous_format_opens_and_is_upgraded_at_the_next_write(
    legacy_folder: Path, no_keyring: object
) -> None:
    store_file = paths.store_file(legacy_folder)
    assert store_file.read_bytes().startswith(LEGACY_MAGIC)
    assert journal_path(store_file).read_bytes().startswith(LEGACY_JOURNAL)
    # When a reader opens it: the journal's changes are there and nothing is written
    before = {path.name: path.read_bytes() for path in legacy_folder.iterdir() if path.is_file()}
    store, _key = open_store(legacy_folder, _ask, read_only=True)
    with store:
        assert _names(store) == {"p1", "p2", "p3"}
    after = {path.name: path.read_bytes() for path in legacy_folder.iterdir() if path.is_file()}
    assert after == before
    # When a writer opens it and writes
    store, _key = open_store(legacy_folder, _ask)
    with store:
        assert _names(store) == {"p1", "p2", "p3"}
        store.people.put(Person(id="p4", name="New"))
        # Then the store was rewritten in today's format, bound and with a new journal
        assert store_file.read_bytes().startswith(MAGIC)
        assert journal_path(store_file).read_bytes().startswith(JOURNAL_MAGIC)
    store, _key = open_store(legacy_folder, _ask)
    with store:
        assert _names(store) == {"p1", "p2", "p3", "p4"}


def test_the_previous_keys_file_is_upgraded_to_today_s_scrypt_at_unlock(
    legacy_folder: Path, no_keyring: object
) -> None:
    assert keys._read_info(legacy_folder)["passphrase"]["n"] == 2**15
    store, _key = open_store(legacy_folder, _ask)
    store.close()
    info = keys._read_info(legacy_folder)
    assert (info["passphrase"]["n"], info["passphrase"]["p"]) == (2**16, 2)
    assert "check" in info
    # And the same passphrase still unlocks it
    store, _key = open_store(legacy_folder, _ask)
    store.close()


def test_a_backup_of_the_previous_format_is_listed_and_restores(
    legacy_folder: Path, no_keyring: object
) -> None:
    key = keys.unlock(legacy_folder, _ask)
    backups = Backups(legacy_folder, key.cipher())
    [snapshot] = backups.list()
    assert snapshot.reason is SnapshotReason.MANUAL
    backups.restore(snapshot.id)
    with Store.open(legacy_folder, cipher=key.cipher()) as store:
        assert _names(store) == {"p0", "p1", "p2"}


# -- restore: one atomic switch ---------------------------------------------------------------


def _folder_with_snapshot(folder: Path) -> str:
    """People ``kept`` in a snapshot; ``after`` only in the journal of a crashed writer."""
    store = Store.open(folder, cipher=CIPHER)
    store.people.put(Person(id="kept", name="In the backup"))
    snapshot = Backups(folder, CIPHER).snapshot(SnapshotReason.MANUAL, tables=store.tables())
    assert snapshot is not None
    store.people.put(Person(id="after", name="Only in the old journal"))
    _kill(store)
    return snapshot.id


def test_a_stale_journal_never_undoes_a_restore_even_after_two_crashes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "data"
    snapshot_id = _folder_with_snapshot(folder)
    real_start = backups_module.JournalWriter.start

    def crash(*args: object, **kwargs: object) -> None:
        raise Crash()

    # When the restore dies after writing the store, before starting the new journal
    monkeypatch.setattr(backups_module.JournalWriter, "start", crash)
    with pytest.raises(Crash):
        Backups(folder, CIPHER).restore(snapshot_id)
    monkeypatch.setattr(backups_module.JournalWriter, "start", real_start)
    # Then the restored data is what opens; the old journal is not replayed
    store = Store.open(folder, cipher=CIPHER)
    assert _names(store) == {"kept"}
    # When the next write's compaction dies before its journal starts (a second crash)
    monkeypatch.setattr(file_storage.JournalWriter, "start", crash)
    with pytest.raises(Crash):
        store.people.put(Person(id="new", name="After the restore"))
    monkeypatch.setattr(file_storage.JournalWriter, "start", real_start)
    _kill(store)
    # Then still the restore and the new write, never the old journal's change
    with Store.open(folder, cipher=CIPHER) as store:
        assert _names(store) == {"kept", "new"}


@pytest.mark.parametrize("crash_at", ["snapshot", "store", "journal"])
def test_a_restore_that_dies_at_any_step_leaves_old_or_new_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, crash_at: str
) -> None:
    folder = tmp_path / "data"
    snapshot_id = _folder_with_snapshot(folder)

    def crash(*args: object, **kwargs: object) -> None:
        raise Crash()

    target = {
        "snapshot": (Backups, "snapshot"),
        "store": (backups_module, "write_store_file"),
        "journal": (backups_module.JournalWriter, "start"),
    }[crash_at]
    with monkeypatch.context() as patch:
        patch.setattr(*target, crash)
        with pytest.raises(Crash):
            Backups(folder, CIPHER).restore(snapshot_id)
    with Store.open(folder, cipher=CIPHER) as store:
        assert _names(store) in ({"kept", "after"}, {"kept"})


def test_restoring_over_a_damaged_store_keeps_it_aside_with_its_journal(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    snapshot_id = _folder_with_snapshot(folder)
    store_file = paths.store_file(folder)
    damaged = bytearray(store_file.read_bytes())
    damaged[-5] ^= 0x10
    store_file.write_bytes(bytes(damaged))
    journal = journal_path(store_file).read_bytes()
    set_aside = Backups(folder, CIPHER).restore(
        snapshot_id, now=datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
    )
    assert set_aside == folder / "store.damaged-20260304-050607.json"
    assert set_aside.read_bytes() == bytes(damaged)
    assert set_aside.with_name(set_aside.name + ".journal").read_bytes() == journal
    with Store.open(folder, cipher=CIPHER) as store:
        assert _names(store) == {"kept"}


# -- backups: no orphans, retention over everything -------------------------------------------


def test_orphans_and_temp_files_in_backups_are_removed_at_start_and_after_a_snapshot(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    with Store.open(folder, cipher=CIPHER) as store:
        store.people.put(Person(id="p1", name="Ada"))
        good = Backups(folder, CIPHER).snapshot(SnapshotReason.MANUAL, tables=store.tables())
    assert good is not None
    directory = folder / "backups"
    leftovers = [
        directory / "20260101-000000-daily.cgstore",  # data without its metadata
        directory / "20260102-000000-daily.meta",  # metadata without its data
        directory / "20260103-000000-import.cgstore.tmp-1a2b3c4d",  # a killed write
    ]
    for path in leftovers:
        path.write_bytes(b"sealed bytes")
    # When the store opens
    Store.open(folder, cipher=CIPHER).close()
    # Then only complete snapshots are left
    assert sorted(path.name for path in directory.iterdir()) == [
        f"{good.id}.cgstore",
        f"{good.id}.meta",
    ]
    # And the same after a snapshot
    leftovers[0].write_bytes(b"sealed bytes")
    Backups(folder, CIPHER).snapshot(SnapshotReason.MANUAL, tables={"people": {}})
    assert not leftovers[0].exists()


def test_retention_covers_snapshots_that_no_longer_open(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    directory = folder / "backups"
    directory.mkdir(parents=True)
    # Given more unreadable snapshots than are kept (sealed with another key, or damaged)
    for number in range(KEEP_OTHER + 3):
        for suffix in (".cgstore", ".meta"):
            (directory / f"2026010{number % 10}-00000{number // 10}-x{suffix}").write_bytes(b"?")
    # When a snapshot is made
    Backups(folder, CIPHER).snapshot(SnapshotReason.MANUAL, tables={"people": {}})
    # Then only the newest KEEP_OTHER of them are left, beside the new one
    assert len(list(directory.glob("*.meta"))) == KEEP_OTHER + 1
