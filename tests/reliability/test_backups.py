"""Encrypted snapshots: made before imports and migrations, daily, pruned, restorable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from companion import paths
from companion.domain.people import Person
from companion.services.data.importing import import_files
from companion.storage.backups import BackupNotFound, Backups, SnapshotReason
from companion.storage.encryption import AesGcmCipher, Binding, Role, new_data_key, new_key_id
from companion.storage.errors import StoreCorruptError, StoreTooNewError
from companion.storage.migrations import SCHEMA_VERSION
from companion.storage.store import Store
from companion.storage.table_layout import decode_tables

START = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def cipher() -> AesGcmCipher:
    return AesGcmCipher(new_data_key(), new_key_id())


def _store_with(folder: Path, cipher: AesGcmCipher, *names: str) -> None:
    with Store.open(folder, cipher=cipher) as store, store.batch():
        for name in names:
            store.people.put(Person(name=name))


def test_snapshot_lists_date_reason_and_counts(folder: Path, cipher: AesGcmCipher) -> None:
    _store_with(folder, cipher, "Ada", "Grace")
    backups = Backups(folder, cipher)
    made = backups.snapshot(SnapshotReason.MANUAL, now=START)
    assert made is not None
    [listed] = backups.list()
    assert listed.id == made.id
    assert listed.created == START
    assert listed.reason is SnapshotReason.MANUAL
    assert listed.counts["people"] == 2


def test_snapshot_of_missing_store_is_none(folder: Path, cipher: AesGcmCipher) -> None:
    assert Backups(folder, cipher).snapshot(SnapshotReason.MANUAL) is None


def test_daily_snapshot_once_per_day(folder: Path, cipher: AesGcmCipher) -> None:
    _store_with(folder, cipher, "Ada")
    backups = Backups(folder, cipher)
    assert backups.snapshot_if_due(now=START) is not None
    assert backups.snapshot_if_due(now=START + timedelta(minutes=5)) is None
    assert backups.snapshot_if_due(now=START + timedelta(days=1)) is not None


def test_retention_keeps_ten_daily_and_four_weekly(folder: Path, cipher: AesGcmCipher) -> None:
    # Given 60 days of daily snapshots
    _store_with(folder, cipher, "Ada")
    backups = Backups(folder, cipher)
    for day in range(60):
        backups.snapshot(SnapshotReason.DAILY, now=START + timedelta(days=day))
    kept = backups.list()
    # Then the newest 10 days stay, plus one snapshot for each of 4 older weeks
    assert len(kept) == 14
    newest = [s.created for s in kept[:10]]
    assert newest == [START + timedelta(days=59 - n) for n in range(10)]
    older_weeks = {s.created.isocalendar()[:2] for s in kept[10:]}
    assert len(older_weeks) == 4


def test_import_takes_a_snapshot_first(folder: Path, cipher: AesGcmCipher, tmp_path: Path) -> None:
    _store_with(folder, cipher, "Ada")
    backup_file = tmp_path / "b.json"
    with Store.open(folder, cipher=cipher) as store:
        from companion.services.data.backup import export_backup

        backup_file.write_bytes(export_backup(store))
        import_files(store, [backup_file], backups=Backups(folder, cipher))
    assert [s.reason for s in Backups(folder, cipher).list()] == [SnapshotReason.IMPORT]


def test_migration_takes_a_snapshot_of_the_old_file(folder: Path, cipher: AesGcmCipher) -> None:
    # Given a version-1 store (one email per person)
    paths.ensure_private_dir(folder)
    old = {
        "_meta": {"schema": {"schema_version": 1}},
        "people": {"p1": {"id": "p1", "name": "Ada", "email": "ada@example.org"}},
    }
    paths.store_file(folder).write_bytes(cipher.seal(orjson.dumps(old), Binding(Role.STORE)))
    backups = Backups(folder, cipher)
    # When it is opened (and migrated)
    store = Store.open(
        folder,
        cipher=cipher,
        before_migration=lambda path, version: backups.snapshot(SnapshotReason.MIGRATION),
    )
    with store:
        assert store.people.get("p1").emails == ("ada@example.org",)  # type: ignore[union-attr]
    # Then the old file was kept as a snapshot
    [snapshot] = backups.list()
    assert snapshot.reason is SnapshotReason.MIGRATION
    sealed = snapshot.path.read_bytes()
    assert decode_tables(cipher.open(sealed, Binding(Role.BACKUP)))["people"]["p1"]["email"]


def test_restore_replaces_the_store_and_keeps_the_current_one(
    folder: Path, cipher: AesGcmCipher
) -> None:
    _store_with(folder, cipher, "Ada")
    backups = Backups(folder, cipher)
    snapshot = backups.snapshot(SnapshotReason.MANUAL, now=START)
    assert snapshot is not None
    _store_with(folder, cipher, "Grace")
    backups.restore(snapshot.id, now=START + timedelta(hours=1))
    with Store.open(folder, cipher=cipher, read_only=True) as store:
        assert {p.name for p in store.people} == {"Ada"}
    assert SnapshotReason.RESTORE in {s.reason for s in backups.list()}


def test_damaged_store_is_set_aside_and_newest_good_backup_offered(
    folder: Path, cipher: AesGcmCipher
) -> None:
    _store_with(folder, cipher, "Ada")
    backups = Backups(folder, cipher)
    good = backups.snapshot(SnapshotReason.MANUAL, now=START)
    # A damaged snapshot newer than the good one is skipped
    bad = backups.snapshot(SnapshotReason.MANUAL, now=START + timedelta(hours=1))
    assert good is not None and bad is not None
    bad.path.write_bytes(b"garbage")
    store_path = paths.store_file(folder)
    store_path.write_bytes(b"\x00broken")
    with pytest.raises(StoreCorruptError):
        Store.open(folder, cipher=cipher)
    newest = backups.newest_good()
    assert newest is not None and newest.id == good.id
    set_aside = backups.restore(newest.id)
    assert set_aside is not None and set_aside.read_bytes() == b"\x00broken"
    with Store.open(folder, cipher=cipher) as store:
        assert {p.name for p in store.people} == {"Ada"}


def test_unknown_backup_id(folder: Path, cipher: AesGcmCipher) -> None:
    with pytest.raises(BackupNotFound):
        Backups(folder, cipher).restore("nope")


def test_a_backup_of_a_newer_version_is_refused_before_anything_changes(
    folder: Path, cipher: AesGcmCipher
) -> None:
    # Given a backup a newer Common Ground made (its format is past this version's)
    _store_with(folder, cipher, "Ada")
    backups = Backups(folder, cipher)
    with Store.open(folder, cipher=cipher) as store:
        tables = {name: dict(table) for name, table in store.tables().items()}
    tables["_meta"] = {"schema": {"schema_version": SCHEMA_VERSION + 1}}
    newer = backups.snapshot(SnapshotReason.MANUAL, tables=tables, now=START)
    assert newer is not None
    _store_with(folder, cipher, "Grace")
    before = paths.store_file(folder).read_bytes()
    # When it is restored / Then it is refused as made by a newer version, nothing changed
    with pytest.raises(StoreTooNewError):
        backups.restore(newer.id, now=START + timedelta(hours=1))
    assert paths.store_file(folder).read_bytes() == before
    assert [snapshot.id for snapshot in backups.list()] == [newer.id]
    # And it is not offered as the newest good backup of a damaged store
    assert backups.newest_good() is None
