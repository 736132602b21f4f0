"""Damage and tampering: every changed bit is named and kept aside, never a silent loss.

The black-box check: after a crash with changes only in the journal, one bit is flipped at a
sample of places in every file of the data folder (store, journal, keys). Each time the folder
must either refuse to open with a clear error, open with a named recovery (the damaged file
kept aside), or open with exactly the data that was there — never open with less, silently.
"""

from __future__ import annotations

import functools
import random
import shutil
from pathlib import Path
from typing import Any

import keyring
import orjson
import pytest
from keyring.backends import fail

from companion import paths
from companion.domain.people import Person
from companion.storage import keys, passphrase_wrap
from companion.storage.backups import Backups, SnapshotReason
from companion.storage.encryption import AesGcmCipher, new_data_key, new_key_id
from companion.storage.errors import StoreCorruptError, StoreError
from companion.storage.journal import ENTRY_MARK, journal_path
from companion.storage.keys import WrongPassphraseError
from companion.storage.store import Store
from companion.storage.vault import open_store

PASSPHRASE = "correct horse battery staple"
CIPHER = AesGcmCipher(new_data_key(), new_key_id())


def _ask(prompt: keys.PassphrasePrompt) -> str:
    return PASSPHRASE


def _crash(store: Store) -> None:
    """Drop a writer as a kill would: no compaction, the journal keeps the last changes."""
    journal = store._storage._journal
    if journal is not None:
        journal.close()
    assert store._lock is not None
    store._lock.release()


def _people_documents(store: Store) -> dict[str, Any]:
    return orjson.loads(orjson.dumps(store.tables().get("people", {})))


def _store_with_journal(folder: Path, cipher: AesGcmCipher = CIPHER) -> dict[str, Any]:
    """Five people in the store file, four more changes only in the journal; what it holds."""
    store = Store.open(folder, cipher=cipher)
    for number in range(5):
        store.people.put(Person(id=f"p{number}", name=f"Person {number}"))
    store.compact()
    store.people.put(Person(id="p5", name="Only in the journal"))
    store.people.remove("p0")
    store.people.put(Person(id="p1", name="Renamed"))
    store.people.put(Person(id="p6", name="Last one"))
    expected = _people_documents(store)
    _crash(store)
    return expected


def _flip(path: Path, position: int, bit: int) -> None:
    data = bytearray(path.read_bytes())
    data[position] ^= 1 << bit
    path.write_bytes(bytes(data))


# -- the journal ------------------------------------------------------------------------------


def test_a_flipped_generation_in_the_journal_header_loses_nothing(tmp_path: Path) -> None:
    # Given changes only in the journal
    folder = tmp_path / "data"
    expected = _store_with_journal(folder)
    journal = journal_path(paths.store_file(folder))
    damaged = bytearray(journal.read_bytes())
    # When one bit of the generation in its header flips
    damaged[15] ^= 0x01
    journal.write_bytes(bytes(damaged))
    with Store.open(folder, cipher=CIPHER) as store:
        # Then every change is still there, the damage is named and the journal kept aside
        assert _people_documents(store) == expected
        assert store.recovery is not None
        assert "header" in store.recovery.message
        assert store.recovery.kept_as is not None
        assert store.recovery.kept_as.read_bytes() == bytes(damaged)


def test_a_damaged_length_in_the_middle_keeps_every_later_entry(tmp_path: Path) -> None:
    # Given four journal entries
    folder = tmp_path / "data"
    _store_with_journal(folder)
    journal = journal_path(paths.store_file(folder))
    data = journal.read_bytes()
    first = data.index(ENTRY_MARK)
    # When a byte of the first entry's length changes
    damaged = bytearray(data)
    damaged[first + 5] ^= 0x40
    journal.write_bytes(bytes(damaged))
    with Store.open(folder, cipher=CIPHER) as store:
        # Then only that entry is lost (p5 was its change), and the user is told so
        people = {person.id: person.name for person in store.people}
        assert people == {"p1": "Renamed", "p2": "Person 2", "p3": "Person 3", "p4": "Person 4"} | {
            "p6": "Last one"
        }
        assert store.recovery is not None
        assert store.recovery.damage.lost == 1
        assert "1 recent change could not be read" in store.recovery.message
    # And the recovered state is now the store's own: it opens cleanly next time
    with Store.open(folder, cipher=CIPHER) as store:
        assert store.recovery is None
        assert "p6" in store.people


def test_a_damaged_last_entry_is_not_taken_for_a_torn_write(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    _store_with_journal(folder)
    journal = journal_path(paths.store_file(folder))
    _flip(journal, journal.stat().st_size - 3, 2)
    with Store.open(folder, cipher=CIPHER) as store:
        assert store.recovery is not None
        assert "entry 4" in store.recovery.message
        assert "p6" not in store.people


def test_only_a_short_last_entry_counts_as_a_torn_write(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    _store_with_journal(folder)
    journal = journal_path(paths.store_file(folder))
    journal.write_bytes(journal.read_bytes()[:-5])
    with Store.open(folder, cipher=CIPHER) as store:
        assert store.recovery is None
        assert "p5" in store.people
        assert "p6" not in store.people


def test_an_old_journal_put_back_with_a_patched_generation_is_detected(tmp_path: Path) -> None:
    # Given a journal that created p9, then a compaction and p9's removal
    folder = tmp_path / "data"
    with Store.open(folder, cipher=CIPHER) as store:
        store.compact()
        store.people.put(Person(id="p9", name="Deleted later"))
        old_journal = journal_path(paths.store_file(folder)).read_bytes()
    with Store.open(folder, cipher=CIPHER) as store:
        store.people.remove("p9")
    # When the old journal is put back with its generation patched to the current one
    current = journal_path(paths.store_file(folder)).read_bytes()
    patched = bytearray(old_journal)
    patched[8:16] = current[8:16]
    journal_path(paths.store_file(folder)).write_bytes(bytes(patched))
    # Then the deleted person does not come back, and the journal is named as damaged
    with Store.open(folder, cipher=CIPHER) as store:
        assert "p9" not in store.people
        assert store.recovery is not None


def test_a_backup_copied_over_the_store_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    with Store.open(folder, cipher=CIPHER) as store:
        store.people.put(Person(id="p1", name="Ada"))
        snapshot = Backups(folder, CIPHER).snapshot(SnapshotReason.MANUAL, tables=store.tables())
    assert snapshot is not None
    shutil.copy(snapshot.path, paths.store_file(folder))
    with pytest.raises(StoreCorruptError, match="backup"):
        Store.open(folder, cipher=CIPHER)


def test_an_older_store_put_back_under_a_newer_journal_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    with Store.open(folder, cipher=CIPHER) as store:
        store.people.put(Person(id="p1", name="Ada"))
    old_store = paths.store_file(folder).read_bytes()
    with Store.open(folder, cipher=CIPHER) as store:
        store.people.remove("p1")
        store.compact()
    paths.store_file(folder).write_bytes(old_store)
    with pytest.raises(StoreCorruptError, match="older copy"):
        Store.open(folder, cipher=CIPHER)


# -- the black-box check ----------------------------------------------------------------------


def _outcome(folder: Path, expected: dict[str, Any], flipped: bytes, name: str) -> str:
    try:
        store, _key = open_store(folder, _ask)
    except WrongPassphraseError:
        return "wrong passphrase"  # damage must never read as a wrong passphrase
    except StoreError:
        return "detected"
    with store:
        if store.recovery is not None:
            assert store.recovery.kept_as is not None
            assert store.recovery.kept_as.read_bytes() == flipped, name
            return "detected"
        return "intact" if _people_documents(store) == expected else "opened with less"


def test_one_flipped_bit_anywhere_is_detected_or_harmless(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a passphrase-protected folder after a crash, with changes only in the journal
    monkeypatch.setattr(passphrase_wrap, "SCRYPT_N", keys.MIN_SCRYPT_N)
    # The same passphrase and parameters derive the same key: derive each once.
    monkeypatch.setattr(passphrase_wrap, "derive", functools.cache(passphrase_wrap.derive))
    # Durability is not what this checks: skip the syncs (1,200 opens stay fast).
    monkeypatch.setattr("os.fsync", lambda descriptor: None)
    monkeypatch.setattr("os.fdatasync", lambda descriptor: None, raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        pristine = tmp_path / "pristine"
        store, key = open_store(pristine, _ask)
        store.close()
        assert key is not None
        expected = _store_with_journal(pristine, key.cipher())
        outcomes: dict[str, int] = {}
        rng = random.Random(13)
        files = ("store.json", "store.json.journal", "keys.json")
        for name in files:
            size = (pristine / name).stat().st_size
            for position in sorted(rng.sample(range(size), min(size, 50))):
                for bit in range(8):
                    # When one bit of one file flips
                    folder = tmp_path / "case"
                    shutil.rmtree(folder, ignore_errors=True)
                    shutil.copytree(pristine, folder)
                    _flip(folder / name, position, bit)
                    flipped = (folder / name).read_bytes()
                    # Then the damage is named (or harmless), never a silent loss
                    result = _outcome(folder, expected, flipped, f"{name}@{position}:{bit}")
                    assert result in {"detected", "intact"}, (name, position, bit, result)
                    outcomes[result] = outcomes.get(result, 0) + 1
    finally:
        keyring.set_keyring(previous)
    assert outcomes["detected"] > 0
    print(f"bit flips: {outcomes}")  # shown with -s
