"""Hostile input: whatever the bytes, only our own clear errors may come out."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.interop.errors import FormatError
from companion.interop.json_backup import BACKUP_VERSION, FORMAT_NAME, read_backup
from companion.services.data.backup import RECORD_TYPES, validated_tables
from companion.storage.ciphers import PlainCipher
from companion.storage.errors import StoreCorruptError
from companion.storage.store_file import read_tables

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    # Values that look almost right for the codec.
    | st.sampled_from(
        [
            "2024-01-01",
            "2024-01-01T10:00:00",
            "2024-01-01T10:00:00+02:00",
            "considering",
            "met",
            "open",
            "skill",
            "go_deeper",
            "a@b",
            "",
        ]
    )
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
field_names = st.sampled_from(
    [
        "id",
        "name",
        "title",
        "start",
        "end",
        "emails",
        "email",
        "phone",
        "phones",
        "interests",
        "status",
        "prep",
        "reflection",
        "follow_up",
        "first_met",
        "person_id",
        "on",
        "kind",
        "text",
        "stage",
        "due",
        "slug",
        "label",
        "offers",
        "felt_natural",
        "opener_ids",
        "cadence_days",
        "used",
        "landed",
        "next_date",
    ]
)
documents = st.dictionaries(field_names | st.text(max_size=8), json_values, max_size=8)
tables = st.dictionaries(
    st.sampled_from([*RECORD_TYPES, "_meta"]) | st.text(max_size=8),
    st.dictionaries(st.text(max_size=8), documents, max_size=3),
    max_size=4,
)


def _envelope(tables_value: Any, schema_version: Any) -> bytes:
    return orjson.dumps(
        {
            "format": FORMAT_NAME,
            "backup_version": BACKUP_VERSION,
            "schema_version": schema_version,
            "tables": tables_value,
        }
    )


@FUZZ
@given(st.binary(max_size=2000))
def test_read_backup_of_arbitrary_bytes_raises_only_format_error(data: bytes) -> None:
    try:
        backup = read_backup(data)
    except FormatError as error:
        assert str(error)
    else:
        assert isinstance(backup.tables, dict)


@FUZZ
@given(st.binary(max_size=2000))
def test_validated_tables_of_arbitrary_bytes_raises_only_format_error(data: bytes) -> None:
    try:
        result = validated_tables(data)
    except FormatError as error:
        assert str(error)
    else:
        assert isinstance(result, dict)


@FUZZ
@given(json_values)
def test_validated_tables_of_any_json_raises_only_format_error(value: Any) -> None:
    try:
        validated_tables(orjson.dumps(value))
    except FormatError as error:
        assert str(error)


@FUZZ
@given(tables, st.sampled_from([1, 2]))
def test_validated_tables_of_wrong_records_raises_only_format_error(
    tables_value: dict[str, Any], schema_version: int
) -> None:
    # Given a valid envelope (of schema 1 or 2) around arbitrary tables and documents
    data = _envelope(tables_value, schema_version)
    # When validated / Then either it is accepted as known tables, or our clear error comes
    try:
        result = validated_tables(data)
    except FormatError as error:
        assert str(error)
    else:
        assert set(result) <= set(RECORD_TYPES)


@FUZZ
@given(json_values, json_values)
def test_validated_tables_of_wrong_envelope_values_raises_only_format_error(
    tables_value: Any, schema_version: Any
) -> None:
    try:
        validated_tables(_envelope(tables_value, schema_version))
    except FormatError as error:
        assert str(error)


@FUZZ
@given(st.binary(max_size=2000) | json_values.map(orjson.dumps))
def test_read_tables_of_arbitrary_bytes_raises_only_store_corrupt_error(data: bytes) -> None:
    # Given a store file holding arbitrary bytes
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "store.json"
        path.write_bytes(data)
        # When it is read / Then it is either a mapping of tables or a clear corrupt error
        try:
            result = read_tables(path, PlainCipher())
        except StoreCorruptError as error:
            assert str(path) in str(error)
        else:
            assert isinstance(result, dict)
            assert all(isinstance(table, dict) for table in result.values())
        # And the file is never changed by reading it
        assert path.read_bytes() == data
