"""The JSON backup: lossless round trip, merge by id, all-or-nothing on bad records."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest

from companion.domain.people import Person
from companion.interop.errors import FormatError
from companion.interop.json_backup import BACKUP_VERSION, FORMAT_NAME, read_backup
from companion.services.data.backup import (
    RECORD_TYPES,
    export_backup,
    export_empty_backup,
    import_backup,
    validated_tables,
)
from companion.storage.migrations import SCHEMA_VERSION
from companion.storage.store import Store

FIXTURES = Path(__file__).parents[1] / "fixtures"
EXPORTED_AT = datetime(2024, 6, 15, 12, 0, tzinfo=UTC)


def _clock() -> datetime:
    return EXPORTED_AT


def _envelope(tables: dict[str, Any], *, schema_version: int = SCHEMA_VERSION) -> bytes:
    return orjson.dumps(
        {
            "format": FORMAT_NAME,
            "backup_version": BACKUP_VERSION,
            "schema_version": schema_version,
            "exported_at": "2024-06-15T12:00:00+00:00",
            "tables": tables,
        }
    )


def _by_id(records: list[Any]) -> dict[str, Any]:
    return {record.id: record for record in records}


def _parsed(data: bytes) -> dict[str, Any]:
    value: dict[str, Any] = orjson.loads(data)
    return value


# --- Export -----------------------------------------------------------------------------------


def test_export_has_a_versioned_envelope(core_filled_store: Store) -> None:
    backup = _parsed(export_backup(core_filled_store, clock=_clock))
    assert backup["format"] == FORMAT_NAME
    assert backup["backup_version"] == BACKUP_VERSION
    assert backup["schema_version"] == SCHEMA_VERSION
    assert backup["exported_at"] == "2024-06-15T12:00:00+00:00"
    assert backup["app_version"]
    assert set(backup["tables"]) == {
        "people",
        "events",
        "encounters",
        "offers",
        "openers",
        "interests",
        "profile",
    }
    assert "_meta" not in backup["tables"]


def test_empty_backup_is_a_valid_backup() -> None:
    backup = read_backup(export_empty_backup(clock=_clock))
    assert backup.tables == {}
    assert backup.schema_version == SCHEMA_VERSION


def test_export_is_deterministic(core_filled_store: Store) -> None:
    assert export_backup(core_filled_store, clock=_clock) == export_backup(
        core_filled_store, clock=_clock
    )


# --- Round trip -------------------------------------------------------------------------------


def test_round_trip_is_lossless(
    core_filled_store: Store, core_records: dict[str, Any], tmp_path: Path
) -> None:
    # Given a store with records of every type, exported
    first = export_backup(core_filled_store, clock=_clock)
    # When the backup is imported into an empty data folder and exported again
    with Store.open(tmp_path / "restored") as restored:
        summary = import_backup(restored, first)
        second = export_backup(restored, clock=_clock)
        # Then the tables are identical and every record reads back equal
        assert _parsed(second)["tables"] == _parsed(first)["tables"]
        assert second == first
        assert _by_id(restored.people.all()) == _by_id(core_records["people"])
        assert _by_id(restored.events.all()) == _by_id(core_records["events"])
        assert restored.profile.get() == core_records["profile"]
    # And every record was counted as added
    record_count = sum(len(table) for table in _parsed(first)["tables"].values())
    assert (summary.added, summary.updated, summary.skipped) == (record_count, 0, 0)


def test_reimport_skips_everything(core_filled_store: Store) -> None:
    # Given a backup of the store
    backup = export_backup(core_filled_store, clock=_clock)
    before = core_filled_store.path.read_bytes()
    # When it is imported into the same store
    summary = import_backup(core_filled_store, backup)
    # Then everything is a duplicate, nothing is written and nothing changed
    record_count = sum(len(table) for table in _parsed(backup)["tables"].values())
    assert (summary.added, summary.updated, summary.skipped) == (0, 0, record_count)
    assert summary.changes.empty
    assert core_filled_store.path.read_bytes() == before


def test_changed_record_is_reported_updated(core_filled_store: Store) -> None:
    # Given a backup in which one person was renamed
    backup = _parsed(export_backup(core_filled_store, clock=_clock))
    person_id = next(iter(backup["tables"]["people"]))
    backup["tables"]["people"][person_id]["name"] = "Renamed in the backup"
    # When it is imported
    summary = import_backup(core_filled_store, orjson.dumps(backup))
    # Then that person is updated, the rest skipped
    assert summary.updated == 1
    assert summary.added == 0
    assert summary.changes.updated == {"people": frozenset({person_id})}
    stored = core_filled_store.people.get(person_id)
    assert stored is not None
    assert stored.name == "Renamed in the backup"


def test_import_merges_with_existing_records(core_store: Store, tmp_path: Path) -> None:
    # Given a store with Ada and a backup from elsewhere with Grace
    ada = Person(name="Ada")
    core_store.people.put(ada)
    with Store.open(tmp_path / "other") as other:
        grace = Person(name="Grace")
        other.people.put(grace)
        backup = export_backup(other, clock=_clock)
    # When the backup is imported
    summary = import_backup(core_store, backup)
    # Then both are there
    assert summary.added == 1
    assert summary.changes.added == {"people": frozenset({grace.id})}
    assert {person.name for person in core_store.people} == {"Ada", "Grace"}


def test_import_persists_in_one_write(core_filled_store: Store, tmp_path: Path) -> None:
    backup = export_backup(core_filled_store, clock=_clock)
    with Store.open(tmp_path / "restored") as restored:
        import_backup(restored, backup)
    with Store.open(tmp_path / "restored", read_only=True) as reader:
        assert len(reader.people) == len(core_filled_store.people)


# --- Bad records: all or nothing --------------------------------------------------------------

GOOD_ID = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
BAD_ID = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"


@pytest.mark.parametrize(
    ("table", "bad_document", "reason"),
    [
        ("people", {"id": BAD_ID, "name": "  "}, "A person needs a name."),
        ("people", {"id": BAD_ID, "name": "Bo", "first_met": "31/12/2023"}, "first_met"),
        ("people", {"id": BAD_ID, "name": ["Bo"]}, "field “name”"),
        ("people", {"id": BAD_ID, "name": "Bo", "emails": ["bo"]}, "is not an email address"),
        (
            "events",
            {"id": BAD_ID, "title": "T", "start": "2024-01-01T10:00:00"},
            "A time needs a time zone.",
        ),
        (
            "events",
            {
                "id": BAD_ID,
                "title": "T",
                "start": "2024-01-02T10:00:00+00:00",
                "end": "2024-01-01T10:00:00+00:00",
            },
            "cannot end before it starts",
        ),
        (
            "offers",
            {"id": BAD_ID, "person_id": GOOD_ID, "text": "x", "status": "soon"},
            "field “status”",
        ),
        ("encounters", {"id": BAD_ID, "on": "2024-01-01"}, "missing fields"),
        ("people", "just a string", "damaged"),
    ],
)
def test_backup_with_one_bad_record_changes_nothing(
    core_filled_store: Store, table: str, bad_document: Any, reason: str
) -> None:
    # Given a backup with a good new person and one bad record
    tables: dict[str, Any] = {"people": {GOOD_ID: {"id": GOOD_ID, "name": "Good Person"}}}
    tables.setdefault(table, {})[BAD_ID] = bad_document
    before = core_filled_store.path.read_bytes()
    people_before = len(core_filled_store.people)
    # When it is imported
    with pytest.raises(FormatError) as caught:
        import_backup(core_filled_store, _envelope(tables))
    # Then the message names the table, the record and the reason
    message = str(caught.value)
    assert f"“{table}”" in message
    assert reason in message
    if reason != "damaged":
        assert BAD_ID in message
    # And nothing changed, on disk or in memory
    assert core_filled_store.path.read_bytes() == before
    assert len(core_filled_store.people) == people_before
    assert core_filled_store.people.get(GOOD_ID) is None


def test_backup_with_an_unknown_table_is_refused(core_store: Store) -> None:
    with pytest.raises(FormatError, match="unknown table “gossip”"):
        import_backup(core_store, _envelope({"gossip": {"x": {"id": "x"}}}))


def test_validated_tables_normalise_records() -> None:
    # Given a person with padding and repeats
    tables = validated_tables(
        _envelope({"people": {GOOD_ID: {"id": GOOD_ID, "name": "  Ada ", "tags": ["x", "x"]}}})
    )
    # Then the stored document is the cleaned record, its default fields left out
    document = tables["people"][GOOD_ID]
    assert document["name"] == "Ada"
    assert document["tags"] == ["x"]
    assert "emails" not in document
    assert "_meta" not in tables


# --- Schema versions --------------------------------------------------------------------------


def test_version_1_backup_is_migrated_on_import(core_store: Store) -> None:
    # Given a backup written by the version-1 format (single email and phone)
    data = (FIXTURES / "backup-v1.json").read_bytes()
    # When it is imported
    summary = import_backup(core_store, data)
    # Then the person arrives in the current shape
    assert summary.added == 1
    margaret = core_store.people.get("b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2")
    assert margaret is not None
    assert margaret.emails == ("margaret@example.org",)
    assert margaret.phones == ("+1 617 555 0100",)
    stored = core_store.record_tables()["people"]["b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2"]
    assert "email" not in stored


def test_backup_from_a_newer_schema_is_refused(core_filled_store: Store) -> None:
    before = core_filled_store.path.read_bytes()
    with pytest.raises(FormatError, match="newer Common Ground"):
        import_backup(core_filled_store, _envelope({}, schema_version=SCHEMA_VERSION + 1))
    assert core_filled_store.path.read_bytes() == before


def test_backup_from_a_newer_backup_format_is_refused() -> None:
    data = orjson.dumps(
        {
            "format": FORMAT_NAME,
            "backup_version": BACKUP_VERSION + 1,
            "schema_version": SCHEMA_VERSION,
            "tables": {},
        }
    )
    with pytest.raises(FormatError, match="newer Common Ground"):
        read_backup(data)


@pytest.mark.parametrize(
    ("envelope", "message"),
    [
        ({"format": "something-else", "tables": {}}, "not a Common Ground backup"),
        ({"format": FORMAT_NAME, "backup_version": 1, "tables": {}}, "which data format"),
        (
            {"format": FORMAT_NAME, "backup_version": 1, "schema_version": 0, "tables": {}},
            "which data format",
        ),
        (
            {"format": FORMAT_NAME, "backup_version": "1", "schema_version": 2, "tables": {}},
            "newer Common Ground",
        ),
        ({"format": FORMAT_NAME, "backup_version": 1, "schema_version": 2}, "holds no tables"),
        (
            {"format": FORMAT_NAME, "backup_version": 1, "schema_version": 2, "tables": []},
            "holds no tables",
        ),
        (
            {
                "format": FORMAT_NAME,
                "backup_version": 1,
                "schema_version": 2,
                "tables": {"people": []},
            },
            "table “people”: the table is damaged",
        ),
        ([1, 2, 3], "not a Common Ground backup"),
    ],
)
def test_read_backup_explains_a_bad_envelope(envelope: Any, message: str) -> None:
    with pytest.raises(FormatError) as caught:
        read_backup(orjson.dumps(envelope))
    assert message in str(caught.value)


def test_read_backup_names_the_line_of_a_json_error() -> None:
    data = b'{\n  "format": "common-ground-backup",\n  "tables": {\n'
    with pytest.raises(FormatError) as caught:
        read_backup(data)
    assert caught.value.location is not None
    assert caught.value.location.startswith("line ")
    assert "not valid JSON" in str(caught.value)


def test_fill_helper_covers_every_backup_table(
    core_store: Store,
    core_records: dict[str, Any],
    core_fill: Callable[[Store, dict[str, Any]], None],
) -> None:
    # Keeps the round-trip test honest: the sample data must touch every table we back up.
    core_fill(core_store, core_records)
    assert set(core_store.record_tables()) == set(RECORD_TYPES)


@pytest.mark.parametrize("email", [5, ["a@b.c"], {"home": "a@b.c"}, True])
def test_version_1_backup_with_a_non_text_email_names_the_record(
    core_store: Store, email: Any
) -> None:
    # Given a version-1 backup whose single email is not text (found by fuzzing: the
    # migration used to crash with AttributeError)
    data = _envelope(
        {"people": {BAD_ID: {"id": BAD_ID, "name": "Bo", "email": email}}}, schema_version=1
    )
    # When imported / Then our clear error names the record and field
    with pytest.raises(FormatError) as caught:
        import_backup(core_store, data)
    assert f"record “{BAD_ID}” in “people”" in str(caught.value)
    assert "field “emails”" in str(caught.value)
