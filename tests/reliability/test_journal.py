"""The journal: torn tails are dropped, damage in the middle is reported, generations never mix."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion import paths
from companion.domain.people import Person
from companion.storage.encryption import AesGcmCipher, new_data_key, new_key_id
from companion.storage.errors import StoreCorruptError
from companion.storage.journal import journal_path
from companion.storage.journal_operations import diff, merge
from companion.storage.store import Store
from companion.storage.store_file import load_state

CIPHER = AesGcmCipher(new_data_key(), new_key_id())


def _store_with_journal(folder: Path, count: int) -> Path:
    """A store whose last ``count`` changes are only in the journal (the writer was killed)."""
    store = Store.open(folder, cipher=CIPHER)
    for number in range(count):
        store.people.put(Person(id=f"p{number}", name=f"Person {number}"))
    # Drop the store without close(): like a crash, the journal is not folded in.
    store._lock.release()  # type: ignore[union-attr]
    return journal_path(paths.store_file(folder))


def _people(folder: Path) -> set[str]:
    with Store.open(folder, cipher=CIPHER, read_only=True) as store:
        return {person.id for person in store.people}


def _journal_entries(folder: Path) -> int:
    store_path = paths.store_file(folder)
    state = load_state(store_path, CIPHER)
    assert state.journal is not None
    return len(state.journal.entries)


def test_changes_live_in_the_journal_until_close(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    journal = _store_with_journal(folder, 3)
    assert journal.stat().st_size > 16
    assert _people(folder) == {"p0", "p1", "p2"}
    # Closing a writer folds the journal into the store file
    Store.open(folder, cipher=CIPHER).close()
    assert _journal_entries(folder) == 0
    assert _people(folder) == {"p0", "p1", "p2"}


def test_a_torn_last_entry_is_dropped(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    journal = _store_with_journal(folder, 3)
    data = journal.read_bytes()
    journal.write_bytes(data[:-7])
    assert _people(folder) == {"p0", "p1"}
    # And the next writer continues cleanly after the last complete entry
    with Store.open(folder, cipher=CIPHER) as store:
        store.people.put(Person(id="p9", name="Late"))
    assert _people(folder) == {"p0", "p1", "p9"}


def test_damage_before_the_last_entry_is_reported_and_later_entries_kept(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    journal = _store_with_journal(folder, 3)
    data = bytearray(journal.read_bytes())
    data[data.index(b"CGJE") + 40] ^= 0xFF  # inside the first entry
    journal.write_bytes(bytes(data))
    state = load_state(paths.store_file(folder), CIPHER)
    assert state.damage is not None
    assert "entry 1" in state.damage.reasons[0]
    assert state.damage.lost == 1
    assert state.tables is not None
    assert set(state.tables["people"]) == {"p1", "p2"}


def test_a_journal_of_an_older_generation_is_ignored(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    journal = _store_with_journal(folder, 2)
    stale = journal.read_bytes()
    Store.open(folder, cipher=CIPHER).close()  # compaction: a new generation
    with Store.open(folder, cipher=CIPHER) as store:
        store.people.remove("p0")
    journal.write_bytes(stale)  # an old journal put back (e.g. by a sync tool)
    assert _people(folder) == {"p1"}


def test_diff_and_merge_follow_document_identity() -> None:
    ada, grace = {"name": "Ada"}, {"name": "Grace"}
    before = {"people": {"a": ada}, "events": {}}
    after = {"people": {"a": {"name": "Ada L."}, "g": grace}, "events": before["events"]}
    change = diff(before, after)
    assert change["tables"] == {"people": {"put": after["people"], "del": []}}
    removal = diff(after, {"people": {"g": grace}, "events": before["events"]})
    combined = merge(change, removal)
    assert combined["tables"]["people"] == {"put": {"g": grace}, "del": ["a"]}


def test_in_place_updates_are_refused(tmp_path: Path) -> None:
    with Store.open(tmp_path / "data") as store:
        table = store._db.table("people")
        with pytest.raises(TypeError, match="Repository"):
            table.update({"name": "x"})


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tail=st.binary(max_size=200), cut=st.integers(min_value=0, max_value=400))
def test_any_damage_to_the_journal_gives_a_prefix_or_is_reported(
    tmp_path_factory: pytest.TempPathFactory, tail: bytes, cut: int
) -> None:
    folder = tmp_path_factory.mktemp("fuzz") / "data"
    journal = _store_with_journal(folder, 3)
    data = journal.read_bytes()
    journal.write_bytes(data[: max(0, len(data) - cut)] + tail)
    try:
        state = load_state(paths.store_file(folder), CIPHER)
    except StoreCorruptError:
        return
    assert state.tables is not None
    found = set(state.tables.get("people", {}))
    if state.damage is not None:
        # Reported: whatever verified was kept, nothing invented
        assert found <= {"p0", "p1", "p2"}
        return
    # Unreported, whatever survives is a prefix of the writes (a torn tail cut off)
    assert found in ({f"p{n}" for n in range(k)} for k in range(4))


def test_writes_never_compact_but_idle_time_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from companion.storage import file_storage

    monkeypatch.setattr(file_storage, "COMPACT_MIN_BYTES", 1)
    folder = tmp_path / "data"
    with Store.open(folder, cipher=CIPHER) as store:
        store_file_before = paths.store_file(folder).read_bytes()
        for number in range(5):
            store.people.put(Person(id=f"p{number}", name="Someone", notes="A long note. " * 80))
        # Writes went to the journal only, however large it grew
        assert paths.store_file(folder).read_bytes() == store_file_before
        assert store.compact_if_due()
        assert paths.store_file(folder).read_bytes() != store_file_before
        assert _journal_entries(folder) == 0
        assert not store.compact_if_due()
    assert _people(folder) == {f"p{n}" for n in range(5)}


def test_tables_are_stored_one_json_document_each(tmp_path: Path) -> None:
    from companion.storage.table_layout import MAGIC, decode_tables, encode_tables

    tables = {"people": {"a": {"name": "Ada"}}, "events": {}, "_meta": {"schema": {"v": 2}}}
    encoded = encode_tables(tables)
    assert encoded.startswith(MAGIC)
    assert decode_tables(encoded) == tables
    # A plain JSON object (an older store) still reads
    assert decode_tables(b'{"people": {}}') == {"people": {}}
    # Cut short or with trailing bytes: a clear error, never a partial result
    for damaged in (encoded[:-3], encoded + b"x", MAGIC + b"[[1, 2]]\n"):
        with pytest.raises(ValueError):
            decode_tables(damaged)
